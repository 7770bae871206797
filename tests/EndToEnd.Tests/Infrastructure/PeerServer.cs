using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using ServerSocket = System.Net.WebSockets.WebSocket;

namespace TypedWebSockets.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An in-process server (<see cref="KestrelHost"/>: ws://127.0.0.1, free port) whose connections the test drives itself: each test calls
/// <see cref="Expect"/>, connects a client to the returned URL and gets the server side as a <see cref="ServerPeer"/>
/// that sends exactly the frames the test gives it and hands over every message it receives.
/// </summary>
public sealed class PeerServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Expected> _expected = new(StringComparer.Ordinal);
    private KestrelHost _host = null!;

    public Uri BaseAddress => _host.BaseAddress;

    public static async Task<PeerServer> StartAsync()
    {
        var server = new PeerServer();
        server._host = await KestrelHost.StartAsync((context, _) => server.HandleAsync(context), new KestrelHostOptions { ShutdownTimeout = TimeSpan.FromSeconds(10) });
        return server;
    }

    /// <summary>Registers one connection to come.</summary>
    /// <param name="onAccept">Text frames the server sends at once after accepting, before the test gets the peer.</param>
    /// <returns>The URL to connect to and the server side of the connection, once accepted.</returns>
    public (string Url, Task<ServerPeer> Peer) Expect(params IReadOnlyList<string> onAccept)
    {
        var id = Guid.NewGuid().ToString("N");
        var expected = new Expected(onAccept);
        _expected[id] = expected;
        return (_host.Url("/peer/" + id), expected.Accepted.Task);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var id = context.Request.Path.Value?.Split('/').LastOrDefault() ?? "";
        if (!context.WebSockets.IsWebSocketRequest || !_expected.TryRemove(id, out var expected))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var peer = new ServerPeer(socket);
        try
        {
            foreach (var frame in expected.OnAccept)
            {
                await peer.SendAsync(frame);
            }
        }
        catch (Exception ex)
        {
            expected.Accepted.TrySetException(ex);
            throw;
        }

        expected.Accepted.TrySetResult(peer);
        await peer.ReceiveLoopAsync(context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private sealed class Expected(IReadOnlyList<string> onAccept)
    {
        public IReadOnlyList<string> OnAccept { get; } = onAccept;

        public TaskCompletionSource<ServerPeer> Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The server side of one connection of <see cref="PeerServer"/>.</summary>
public sealed class ServerPeer
{
    public static readonly TimeSpan DefaultTimeout = TestTimeouts.Default;

    private readonly ServerSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    internal ServerPeer(ServerSocket socket) => _socket = socket;

    /// <summary>Sends one text frame with exactly these characters (UTF-8), or a binary frame of their UTF-8 bytes.</summary>
    public async Task SendAsync(string text, bool binary = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        await _sendLock.WaitAsync();
        try
        {
            var type = binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), type, endOfMessage: true, CancellationToken.None)
                .WaitAsync(DefaultTimeout);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection without a closing handshake, as a network failure would.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>The next text message the client sent; fails after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The server received no message from the client within {timeout ?? DefaultTimeout}.");
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("The connection ended before the client sent another message.", ex);
        }
    }

    internal async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var message = new List<byte>();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, cancellationToken);
                    return;
                }

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    throw new InvalidOperationException("The typed client sent a binary frame; every typed message must be a text frame.");
                }

                message.AddRange(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                    message.Clear();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the server is stopping: the test sees it as the end of the messages.
            _received.Writer.TryComplete(ex);
            return;
        }
        catch (Exception ex)
        {
            _received.Writer.TryComplete(ex);
            throw;
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
