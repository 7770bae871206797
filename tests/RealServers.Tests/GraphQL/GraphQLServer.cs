using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.RealServers.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.RealServers.Tests.GraphQL;

/// <summary>
/// The real graphql-ws server (graphql-server/server.js on the npm packages graphql-ws, graphql and ws), started once
/// for a test class and stopped after it. Connections name themselves with <c>?client=&lt;tag&gt;</c>; the server's
/// stdout lines (<c>complete &lt;tag&gt; &lt;id&gt;</c>, <c>stopped &lt;tag&gt; &lt;id&gt;</c>,
/// <c>closed &lt;tag&gt; &lt;code&gt;</c>) are collected so a test can wait for what the server saw on its connection.
/// A missing node_modules or a missing node binary fails every test with the command that fixes it.
/// </summary>
public sealed class GraphQLServer : IAsyncLifetime
{
    /// <summary>The WebSocket subprotocol graphql-ws requires; without it the server closes with 4406.</summary>
    public const string Protocol = "graphql-transport-ws";

    private readonly object _gate = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _lines = [];
    private readonly List<(string Line, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>The server's endpoint for a connection tagged <paramref name="client"/> (no spaces).</summary>
    public Uri Url(string client) => new($"ws://127.0.0.1:{Port}/graphql?client={Uri.EscapeDataString(client)}");

    /// <summary>A fresh tag, so that this connection's lines are its own.</summary>
    public static string NewClient() => Guid.NewGuid().ToString("N");

    /// <summary>Every line the server printed after its port, in order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public string Diagnostics
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until the server printed exactly <paramref name="line"/> (already printed counts).</summary>
    public async Task WaitForLineAsync(string line, TimeSpan? timeout = null)
    {
        TaskCompletionSource seen;
        lock (_gate)
        {
            if (_lines.Contains(line))
            {
                return;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((line, seen));
        }

        try
        {
            await seen.Task.WaitAsync(timeout ?? RawSocket.Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"The graphql-ws server did not print '{line}' within {timeout ?? RawSocket.Timeout}. It printed:\n{string.Join('\n', Lines)}\nstderr: {Diagnostics}");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var directory = RepoPaths.GraphQLServer;
        if (!File.Exists(Path.Combine(directory, "node_modules", "graphql-ws", "package.json")))
        {
            throw new InvalidOperationException(
                $"The graphql-ws server's packages are missing ({Path.Combine(directory, "node_modules")} has no 'graphql-ws'): run npm ci there (cd tests/RealServers.Tests/graphql-server && npm ci).");
        }

        var start = new ProcessStartInfo("node", "server.js")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process for 'node server.js'.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start 'node server.js' in {directory}: is Node.js (20 or later) on PATH? {ex.Message}", ex);
        }

        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_gate)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        var first = await _firstLine.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidOperationException($"'node server.js' should print its port as the first line; it printed '{first}'. stderr: {Diagnostics}");
        }

        Port = port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            _firstLine.TrySetException(new InvalidOperationException($"'node server.js' ended its output before printing a port. stderr: {Diagnostics}"));
            return;
        }

        if (_firstLine.TrySetResult(line))
        {
            return;
        }

        List<TaskCompletionSource> seen;
        lock (_gate)
        {
            _lines.Add(line);
            seen = [.. _waiters.Where(w => w.Line == line).Select(w => w.Seen)];
            _waiters.RemoveAll(w => w.Line == line);
        }

        foreach (var waiter in seen)
        {
            waiter.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        // server.js exits when its stdin closes; kill it (by this Process object, nothing else) if it does not.
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }

        _process.Dispose();
    }
}
