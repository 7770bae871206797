using System;
using System.Collections.Generic;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace TypedWebSockets.Resilience.Tests.Infrastructure;

/// <summary>What the server does with an accepted connection.</summary>
internal enum ServerMode
{
    /// <summary>Records every text message and echoes it; answers close frames.</summary>
    Echo,

    /// <summary>Accepts and then never reads or writes anything (so pings go unanswered) until dropped.</summary>
    Silent,

    /// <summary>Records every text message, of any size, without echoing it; answers close frames.</summary>
    Record,
}

/// <summary>One text message the server received: on which connection (1-based, over restarts) and what.</summary>
internal sealed record Received(int Connection, string Text);

/// <summary>
/// A WebSocket server (<see cref="KestrelHost"/> on 127.0.0.1) that misbehaves on command: drops every connection, closes them with a code,
/// refuses the next N handshakes, goes silent, stops and restarts on the same port. Counts handshakes and connections
/// across restarts, and records every text message with the connection it came on.
/// </summary>
internal sealed class FlakyServer : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly List<Received> _received = [];
    private readonly List<(int Index, HttpContext Context, System.Net.WebSockets.WebSocket Socket)> _live = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KestrelHost? _host;
    private int _handshakes;
    private int _accepted;
    private int _refuse;
    private int _refuseStatus = 503;

    private FlakyServer(int port) => Port = port;

    public int Port { get; private set; }

    public string Url => $"ws://127.0.0.1:{Port}/";

    public ServerMode Mode { get; set; } = ServerMode.Echo;

    /// <summary>HTTP requests that arrived, refused or not.</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>WebSocket connections accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public IReadOnlyList<Received> ReceivedMessages
    {
        get
        {
            lock (_lock)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Starts a server on a free port.</summary>
    public static async Task<FlakyServer> StartAsync()
    {
        var server = new FlakyServer(0);
        await server.StartOnPortAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>A port on which nothing listens (a server is started and stopped on it); start one there later with <see cref="StartAsync()"/> on the object returned.</summary>
    public static async Task<FlakyServer> CreateStoppedAsync()
    {
        var server = await StartAsync().ConfigureAwait(false);
        await server.StopAsync().ConfigureAwait(false);
        return server;
    }

    public void RefuseNext(int count, int status = 503)
    {
        Volatile.Write(ref _refuseStatus, status);
        Volatile.Write(ref _refuse, count);
    }

    /// <summary>Aborts every open connection (no close frame).</summary>
    public void DropAll()
    {
        foreach (var connection in TakeLive())
        {
            connection.Context.Abort();
        }
    }

    /// <summary>Starts the closing handshake of every open connection with <paramref name="code"/>.</summary>
    public async Task CloseAllAsync(int code, string reason)
    {
        foreach (var connection in TakeLive())
        {
            await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a text message on every open connection.</summary>
    public async Task BroadcastAsync(string text)
    {
        List<(int Index, HttpContext Context, System.Net.WebSockets.WebSocket Socket)> live;
        lock (_lock)
        {
            live = [.. _live];
        }

        foreach (var connection in live)
        {
            await connection.Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Crashes: drops every connection and stops listening.</summary>
    public async Task StopAsync()
    {
        DropAll();
        if (_host is { } host)
        {
            _host = null;
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts listening again on the same port.</summary>
    public async Task StartAgainAsync()
    {
        // The port was just released; binding it again can race with the OS for a moment.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnPortAsync().ConfigureAwait(false);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    public Task WaitForAcceptedAsync(int count) => WaitUntilAsync(() => Accepted >= count, $"{count} accepted connection(s)");

    public Task WaitForHandshakesAsync(int count) => WaitUntilAsync(() => Handshakes >= count, $"{count} handshake(s)");

    public async Task<IReadOnlyList<Received>> WaitForMessagesAsync(int count)
    {
        await WaitUntilAsync(() => ReceivedMessages.Count >= count, $"{count} message(s)").ConfigureAwait(false);
        return ReceivedMessages;
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {TestTimeouts.Default} for {what}: {Handshakes} handshake(s), {Accepted} accepted, received [{string.Join(", ", ReceivedMessages)}].");
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private List<(int Index, HttpContext Context, System.Net.WebSockets.WebSocket Socket)> TakeLive()
    {
        lock (_lock)
        {
            var live = new List<(int Index, HttpContext Context, System.Net.WebSockets.WebSocket Socket)>(_live);
            _live.Clear();
            return live;
        }
    }

    private void Changed()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private async Task StartOnPortAsync()
    {
        _host = await KestrelHost.StartAsync(HandleAsync, new KestrelHostOptions { Port = Port, ShutdownTimeout = TimeSpan.FromSeconds(2) }).ConfigureAwait(false);
        Port = _host.Port;
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        Interlocked.Increment(ref _handshakes);
        if (Interlocked.Decrement(ref _refuse) >= 0 || !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = context.WebSockets.IsWebSocketRequest ? Volatile.Read(ref _refuseStatus) : 400;
            Changed();
            return;
        }

        Interlocked.Exchange(ref _refuse, 0);
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var index = Interlocked.Increment(ref _accepted);
        lock (_lock)
        {
            _live.Add((index, context, socket));
        }

        Changed();
        var mode = Mode;
        try
        {
            if (mode == ServerMode.Silent)
            {
                using var gone = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
                await Task.Delay(Timeout.Infinite, gone.Token).ConfigureAwait(false);
                return;
            }

            var buffer = new byte[64 * 1024];
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), context.RequestAborted).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == System.Net.WebSockets.WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None).ConfigureAwait(false);
                    }

                    return;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, count);
                lock (_lock)
                {
                    _received.Add(new Received(index, text));
                }

                Changed();
                if (mode == ServerMode.Echo)
                {
                    await socket.SendAsync(buffer.AsMemory(0, count), result.MessageType, true, context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // The connection was dropped on command or by the client: the end of this connection, nothing to record.
        }
        finally
        {
            lock (_lock)
            {
                _live.RemoveAll(c => c.Index == index);
            }

            Changed();
        }
    }
}
