using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Reliability.Tests.Interop;

/// <summary>
/// The Node <c>ws</c> peer (tests/Interop/server.mjs), started once for the interop test class and stopped after it.
/// A missing node_modules or a missing node binary fails every interop test with the command that fixes it.
/// </summary>
public sealed class NodeInteropServer : IAsyncLifetime
{
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    public int Port { get; private set; }

    public string Url(string path) => $"ws://127.0.0.1:{Port}{path}";

    public string Diagnostics
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        var directory = RepoPaths.Interop;
        if (!File.Exists(Path.Combine(directory, "node_modules", "ws", "package.json")))
        {
            throw new InvalidOperationException(
                $"The Node interop peer's packages are missing ({Path.Combine(directory, "node_modules")} has no 'ws'): run npm ci in tests/Interop (cd tests/Interop && npm ci).");
        }

        var start = new ProcessStartInfo("node", "server.mjs")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned no process for 'node server.mjs'.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start 'node server.mjs' in {directory}: is Node.js (18 or later) on PATH? {ex.Message}", ex);
        }

        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();

        var first = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidOperationException($"'node server.mjs' should print its port as the first line; it printed '{first}'. stderr: {Diagnostics}");
        }

        Port = port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        // server.mjs exits when its stdin closes; kill it (by this Process object, nothing else) if it does not.
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
