using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.RealServers.Tests.Infrastructure;

/// <summary>
/// A plain <see cref="ClientWebSocket"/> that sends and reads JSON text as it is: what these tests use to pin down
/// what the real servers put on the wire, with no typed client in between. One send and one receive at a time.
/// </summary>
internal sealed class RawSocket : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];

    private RawSocket(ClientWebSocket socket) => _socket = socket;

    public string? SubProtocol => _socket.SubProtocol;

    public System.Net.WebSockets.WebSocketState State => _socket.State;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public static async Task<RawSocket> ConnectAsync(Uri url, string? subProtocol = null)
    {
        var socket = new ClientWebSocket();
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await socket.ConnectAsync(url, timeout.Token);
            return new RawSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> as one text frame, exactly these characters in UTF-8.</summary>
    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>
    /// The next whole message (fragments joined), or the server's close frame as a <see cref="WebSocketMessageType.Close"/>
    /// frame with empty text. A connection dropped without a close frame throws <see cref="WebSocketException"/>.
    /// </summary>
    public async Task<Frame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Timeout);
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(_buffer, deadline.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new Frame(WebSocketMessageType.Close, "");
                }

                message.Write(_buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return new Frame(result.MessageType, Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No message arrived within {timeout ?? Timeout}.");
        }
    }

    /// <summary>The next message, which must be a text frame.</summary>
    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveAsync(timeout);
        return frame.Type == WebSocketMessageType.Text
            ? frame.Text
            : throw new InvalidOperationException(frame.Type == WebSocketMessageType.Close
                ? $"The server closed the connection ({CloseStatus} '{CloseStatusDescription}') instead of sending a text message."
                : "The server sent a binary frame where a text frame was expected.");
    }

    /// <summary>The next message, which must be a text frame holding JSON.</summary>
    public async Task<JsonElement> ReceiveJsonAsync(TimeSpan? timeout = null)
    {
        using var document = JsonDocument.Parse(await ReceiveTextAsync(timeout));
        return document.RootElement.Clone();
    }

    /// <summary>Starts the close handshake and waits for the server's answer.</summary>
    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One message as it arrived: its frame type and, for text, its characters.</summary>
internal readonly record struct Frame(WebSocketMessageType Type, string Text);
