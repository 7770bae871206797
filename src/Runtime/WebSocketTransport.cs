using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

/// <summary>
/// Opens the connections of a <see cref="WebSocket"/> when set as <see cref="WebSocketOptions.Transport"/>, instead of
/// <see cref="System.Net.WebSockets.ClientWebSocket"/>. The socket it returns carries the frames; the
/// <see cref="WebSocket"/> reads, writes and closes it exactly as it does a <see cref="System.Net.WebSockets.ClientWebSocket"/>.
/// </summary>
/// <remarks>
/// <see cref="ConnectAsync"/> is called once per connection attempt (so once more for each reconnection). An exception it
/// throws fails the attempt like a refused handshake would; the <see cref="WebSocketOptions.ConnectTimeout"/> cancels it.
/// <see cref="Testing.FakeWebSocketServer"/> is the in-memory transport for tests.
/// </remarks>
public abstract class WebSocketTransport
{
    /// <summary>Opens one connection.</summary>
    /// <param name="request">Where to, with which subprotocols and headers, for which client.</param>
    /// <param name="cancellationToken">Cancelled on connect timeout, close or dispose.</param>
    /// <returns>An open socket; its <see cref="System.Net.WebSockets.WebSocket.SubProtocol"/> is the negotiated subprotocol.</returns>
    public abstract Task<System.Net.WebSockets.WebSocket> ConnectAsync(WebSocketConnectRequest request, CancellationToken cancellationToken);
}

/// <summary>What a <see cref="WebSocketTransport"/> is asked to connect.</summary>
public sealed class WebSocketConnectRequest
{
    private readonly Func<System.IO.Stream, System.IO.Stream>? _installWriteBuffer;

    internal WebSocketConnectRequest(Uri uri, IReadOnlyList<string> subProtocols, IReadOnlyDictionary<string, string> headers, WebSocket client, Func<System.IO.Stream, System.IO.Stream>? installWriteBuffer = null)
    {
        Uri = uri;
        SubProtocols = subProtocols;
        Headers = headers;
        Client = client;
        _installWriteBuffer = installWriteBuffer;
    }

    // For the in-memory transport: puts the connection's write buffer over the client's end of the byte stream.
    internal System.IO.Stream InstallWriteBuffer(System.IO.Stream stream) => _installWriteBuffer?.Invoke(stream) ?? stream;

    /// <summary>The URL the client connects to.</summary>
    public Uri Uri { get; }

    /// <summary>The subprotocols offered (<see cref="WebSocketOptions.SubProtocols"/>), in order of preference.</summary>
    public IReadOnlyList<string> SubProtocols { get; }

    /// <summary>The extra handshake headers (<see cref="WebSocketOptions.Headers"/>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The client that connects (a generated client's type tells its contracts).</summary>
    public WebSocket Client { get; }
}
