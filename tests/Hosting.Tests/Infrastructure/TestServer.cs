using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace TypedWebSockets.Hosting.Tests;

/// <summary>One accepted WebSocket connection: what the client asked for, sent, and how it closed.</summary>
internal sealed class ServerSession
{
    private readonly TestServer _server;
    private readonly List<string> _received = [];

    public ServerSession(TestServer server, int index, HttpContext context)
    {
        _server = server;
        Index = index;
        Path = context.Request.Path.Value ?? "";
        Query = context.Request.QueryString.Value ?? "";
        Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Context = context;
    }

    public int Index { get; }

    public string Path { get; }

    public string Query { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? SubProtocol { get; set; }

    public HttpContext Context { get; }

    public System.Net.WebSockets.WebSocket? Socket { get; set; }

    /// <summary>Set when the server's handler of the connection returned (guarded by the server's lock).</summary>
    public bool Ended { get; set; }

    /// <summary>The close code and reason the client sent, once its close frame arrived.</summary>
    public TaskCompletionSource<(int? Code, string? Reason)> ClosedByClient { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public void Record(string text)
    {
        lock (_received)
        {
            _received.Add(text);
        }

        _server.Changed();
    }

    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count)
    {
        await _server.WaitUntilAsync(() => Received.Count >= count, $"{count} message(s) on connection {Index}");
        return Received;
    }
}

/// <summary>
/// A <see cref="KestrelHost"/> (127.0.0.1, a free port) with these endpoints: <c>/echo</c> echoes text, <c>/record</c> only records, <c>/push?count=N</c>
/// sends N ticks first, <c>/rpc</c> answers requests, <c>/silent</c> never reads, <c>/close?code=C</c> closes at once with C.
/// Every endpoint accepts the subprotocol <c>v1</c> when offered, answers the client's close frame with the same code, and
/// can be told to refuse the next handshakes (503) or to drop every connection.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly List<ServerSession> _sessions = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KestrelHost _host = null!;
    private int _refuse;
    private int _handshakes;

    public int Port => _host.Port;

    public int Handshakes => Volatile.Read(ref _handshakes);

    public IReadOnlyList<ServerSession> Sessions
    {
        get
        {
            lock (_lock)
            {
                return [.. _sessions];
            }
        }
    }

    public static async Task<TestServer> StartAsync()
    {
        var server = new TestServer();
        server._host = await KestrelHost.StartAsync((context, _) => server.HandleAsync(context));
        return server;
    }

    public string Url(string pathAndQuery) => _host.Url(pathAndQuery);

    /// <summary>The next <paramref name="count"/> handshakes are answered 503.</summary>
    public void RefuseNext(int count) => Volatile.Write(ref _refuse, count);

    /// <summary>Aborts every open connection (no close frame).</summary>
    public void DropAll()
    {
        lock (_lock)
        {
            foreach (var session in _sessions)
            {
                if (!session.Ended)
                {
                    session.Context.Abort();
                }
            }
        }
    }

    public async Task<ServerSession> WaitForSessionAsync(int count = 1)
    {
        await WaitUntilAsync(() => Sessions.Count >= count, $"{count} connection(s)");
        return Sessions[count - 1];
    }

    public Task WaitForHandshakesAsync(int count) => WaitUntilAsync(() => Handshakes >= count, $"{count} handshake(s)");

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
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {TestTimeouts.Default} for {what}: {Handshakes} handshake(s), {Sessions.Count} connection(s).");
            }
        }
    }

    public void Changed()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        DropAll();
        await _host.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _handshakes);
        Changed();
        if (!context.WebSockets.IsWebSocketRequest || TryTakeRefusal())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        ServerSession session;
        lock (_lock)
        {
            session = new ServerSession(this, _sessions.Count + 1, context);
        }

        var subProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains("v1") ? "v1" : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        session.SubProtocol = subProtocol;
        session.Socket = socket;
        lock (_lock)
        {
            _sessions.Add(session);
        }

        Changed();
        try
        {
            await RunAsync(session, socket, context);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ConnectionAbortedException)
        {
            // The client (or DropAll) ended the connection without a closing handshake.
            session.ClosedByClient.TrySetResult((null, null));
        }
        finally
        {
            lock (_lock)
            {
                session.Ended = true;
            }

            Changed();
        }
    }

    private bool TryTakeRefusal()
    {
        while (true)
        {
            var left = Volatile.Read(ref _refuse);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _refuse, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private static async Task RunAsync(ServerSession session, System.Net.WebSockets.WebSocket socket, HttpContext context)
    {
        switch (session.Path)
        {
            case "/silent":
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case "/close":
                var code = int.Parse(context.Request.Query["code"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, "server closes", CancellationToken.None);
                break;
            case "/push":
                var count = int.Parse(context.Request.Query["count"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                for (var n = 1; n <= count; n++)
                {
                    await SendAsync(socket, $$"""{"type":"tick","n":{{n}}}""");
                }

                break;
        }

        var buffer = new byte[64 * 1024];
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                session.ClosedByClient.TrySetResult(((int?)socket.CloseStatus, socket.CloseStatusDescription));
                if (socket.State == System.Net.WebSockets.WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None);
                }

                return;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, count);
            session.Record(text);
            switch (session.Path)
            {
                case "/echo":
                    await SendAsync(socket, text);
                    break;
                case "/rpc":
                    await AnswerAsync(socket, text);
                    break;
            }
        }
    }

    private static async Task AnswerAsync(System.Net.WebSockets.WebSocket socket, string text)
    {
        using var request = JsonDocument.Parse(text);
        var root = request.RootElement;
        var id = root.GetProperty("id").GetInt64();
        switch (root.GetProperty("type").GetString())
        {
            case "sum":
                var total = root.GetProperty("values").EnumerateArray().Sum(v => v.GetInt64());
                await SendAsync(socket, $$"""{"id":{{id}},"total":{{total}}}""");
                break;
            case "fail":
                await SendAsync(socket, $$$"""{"id":{{{id}}},"error":{"code":400,"message":"refused"}}""");
                break;
        }
    }

    private static ValueTask SendAsync(System.Net.WebSockets.WebSocket socket, string text)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text).AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
}
