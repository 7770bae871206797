using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace TypedWebSockets.Testing;

/// <summary>
/// An in-memory WebSocket server for unit tests of code that uses a <see cref="WebSocket"/> or a generated client: no
/// network, no port. Pass <see cref="Transport"/> as <see cref="WebSocketOptions.Transport"/>; each connection the client
/// opens is a <see cref="FakeWebSocketConnection"/> returned by <see cref="AcceptAsync"/>, through which the test sends
/// server messages, reads what the client sent, and closes or aborts from the server side.
/// </summary>
/// <remarks>
/// The frames are real: both ends are the BCL's WebSocket protocol implementation over an in-memory byte pipe, so
/// close handshakes, close codes and message boundaries behave as over TCP.
/// </remarks>
/// <example>
/// <code>
/// await using var server = new FakeWebSocketServer();
/// await using var chat = new ChatClient("ws://chat.test/", new WebSocketOptions { Transport = server.Transport });
/// var connection = await server.AcceptAsync();
/// await connection.SendAsync(new ChatMessage("ada", "hi"));     // typed, in ChatClient's wire format
/// var join = await connection.ReceiveAsync&lt;JoinRoom&gt;();     // what the client sent
/// </code>
/// </example>
public sealed class FakeWebSocketServer : IAsyncDisposable
{
    private readonly Channel<FakeWebSocketConnection> _accepted = Channel.CreateUnbounded<FakeWebSocketConnection>();
    private readonly System.Collections.Generic.List<FakeWebSocketConnection> _connections = new();
    private int _connectionCount;
    private volatile Exception? _refusal;
    private bool _disposed;

    /// <summary>Creates a server; it accepts every connection until <see cref="RefuseConnections"/> is called.</summary>
    public FakeWebSocketServer() => Transport = new FakeTransport(this);

    /// <summary>The transport to set as <see cref="WebSocketOptions.Transport"/>.</summary>
    public WebSocketTransport Transport { get; }

    /// <summary>
    /// The subprotocol the server accepts when the client offers it (<see cref="WebSocketOptions.SubProtocols"/>).
    /// <see langword="null"/> (the default): none is negotiated.
    /// </summary>
    public string? SubProtocol { get; set; }

    /// <summary>How many connections clients opened (refused attempts are not counted).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Makes every later connection attempt fail with <paramref name="failure"/>, as a refused handshake; <see langword="null"/> accepts again.</summary>
    /// <param name="failure">The exception the transport throws, or <see langword="null"/>.</param>
    public void RefuseConnections(Exception? failure) => _refusal = failure;

    /// <summary>Waits for the next connection a client opened (connections are queued, so none is missed).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The server side of the connection.</returns>
    public async Task<FakeWebSocketConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(FakeWebSocketServer), "The fake server was disposed; it accepts no more connections.");
        }
    }

    /// <summary>Aborts every open connection and refuses new ones.</summary>
    /// <returns>A task that completes when done.</returns>
    public ValueTask DisposeAsync()
    {
        FakeWebSocketConnection[] connections;
        lock (_connections)
        {
            _disposed = true;
            connections = _connections.ToArray();
        }

        _accepted.Writer.TryComplete();
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        return ValueTask.CompletedTask;
    }

    private System.Net.WebSockets.WebSocket Connect(WebSocketConnectRequest request)
    {
        if (_refusal is { } refusal)
        {
            throw refusal;
        }

        string? protocol = null;
        if (SubProtocol is { } accepted)
        {
            foreach (var offered in request.SubProtocols)
            {
                if (string.Equals(offered, accepted, StringComparison.Ordinal))
                {
                    protocol = accepted;
                    break;
                }
            }
        }

        var (clientStream, serverStream) = InMemoryDuplexStream.CreatePair();
        // The client writes through the same write buffer as over TCP, so frames sent back to back leave together here too.
        var clientSocket = System.Net.WebSockets.WebSocket.CreateFromStream(request.InstallWriteBuffer(clientStream), new System.Net.WebSockets.WebSocketCreationOptions
        {
            IsServer = false,
            SubProtocol = protocol,
            KeepAliveInterval = TimeSpan.Zero,
        });
        var serverSocket = System.Net.WebSockets.WebSocket.CreateFromStream(serverStream, new System.Net.WebSockets.WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = protocol,
            KeepAliveInterval = TimeSpan.Zero,
        });
        var connection = new FakeWebSocketConnection(serverSocket, request);
        lock (_connections)
        {
            if (_disposed)
            {
                clientSocket.Dispose();
                serverSocket.Dispose();
                throw new System.Net.WebSockets.WebSocketException(System.Net.WebSockets.WebSocketError.Faulted, "The fake server was disposed; it accepts no more connections.");
            }

            _connections.Add(connection);
        }

        Interlocked.Increment(ref _connectionCount);
        _accepted.Writer.TryWrite(connection);
        return clientSocket;
    }

    private sealed class FakeTransport(FakeWebSocketServer server) : WebSocketTransport
    {
        public override Task<System.Net.WebSockets.WebSocket> ConnectAsync(WebSocketConnectRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(server.Connect(request));
        }
    }
}
