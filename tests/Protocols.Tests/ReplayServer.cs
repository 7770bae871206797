using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace TypedWebSockets.Protocols.Tests;

/// <summary>
/// Plays a protocol's server side on the suites' <see cref="KestrelHost"/> (127.0.0.1, free port): each
/// <see cref="Accept"/> hands out a URL for one connection and, once the client connects, the server end of it, which
/// sends exactly the text frames a test gives it and returns every frame the client sends, as text.
/// </summary>
internal sealed class ReplayServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReplayConnection>> _pending = new(StringComparer.Ordinal);
    private KestrelHost _host = null!;

    private ReplayServer()
    {
    }

    public static async Task<ReplayServer> StartAsync()
    {
        var server = new ReplayServer();
        server._host = await KestrelHost.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>A URL for one connection, and the server end of it once the client has connected.</summary>
    public (string Url, Task<ReplayConnection> Connection) Accept()
    {
        var id = Guid.NewGuid().ToString("N");
        var accepted = new TaskCompletionSource<ReplayConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = accepted;
        return (_host.Url("/replay/" + id), accepted.Task.WaitAsync(TestTimeouts.Default));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var id = context.Request.Path.Value?.Split('/').LastOrDefault() ?? string.Empty;
        if (!context.WebSockets.IsWebSocketRequest || !_pending.TryRemove(id, out var accepted))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ReplayConnection(socket);
        accepted.TrySetResult(connection);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        await connection.ReceiveLoopAsync(ended.Token);
    }
}

/// <summary>The server end of one connection of <see cref="ReplayServer"/>.</summary>
internal sealed class ReplayConnection
{
    private readonly System.Net.WebSockets.WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();

    public ReplayConnection(System.Net.WebSockets.WebSocket socket) => _socket = socket;

    /// <summary>Sends one text frame with exactly this text.</summary>
    public async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(TestTimeouts.Default);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next frame the client sent, as text; fails after <see cref="TestTimeouts.Default"/>.</summary>
    public async Task<string> ReceiveAsync() => await _received.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);

    internal async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new System.IO.MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping: the test sees the end of the frames.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
