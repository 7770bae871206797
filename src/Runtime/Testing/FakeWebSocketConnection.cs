using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Testing;

/// <summary>
/// The server side of one connection to a <see cref="FakeWebSocketServer"/>: send messages to the client, read what it
/// sent (in order, none missed), close or abort.
/// </summary>
/// <remarks>
/// Messages the client sends are read continuously and queued, so a client's close is answered at once, like a real server
/// does. Sends from several threads are written one at a time. Typed members read the client's contract attributes
/// (<c>[WebSocketClient]</c>, <c>[Sends]</c>, <c>[Receives]</c>, <c>[Requests]</c>) by reflection and write or read the
/// client's own wire format.
/// </remarks>
public sealed class FakeWebSocketConnection
{
    private readonly System.Net.WebSockets.WebSocket _socket;
    private readonly Channel<WebSocketMessage> _received = Channel.CreateUnbounded<WebSocketMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeWebSocketConnection(System.Net.WebSockets.WebSocket socket, WebSocketConnectRequest request)
    {
        _socket = socket;
        Request = request;
        _ = PumpAsync();
    }

    /// <summary>What the client asked for: URL, subprotocols, headers, and the client itself.</summary>
    public WebSocketConnectRequest Request { get; }

    /// <summary>The client's close code, once its close frame arrived; <see langword="null"/> before, or when the connection was aborted.</summary>
    public int? ClientCloseCode { get; private set; }

    /// <summary>The client's close reason, once its close frame arrived.</summary>
    public string? ClientCloseReason { get; private set; }

    /// <summary>Completes when the connection ended: closing handshake done (either side started it) or aborted.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Sends a text message (raw JSON, or any text) to the client.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was written.</returns>
    public Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendRawAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken);
    }

    /// <summary>Sends a binary message to the client.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was written.</returns>
    public Task SendAsync(Data data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SendRawAsync(data.Memory, WebSocketMessageType.Binary, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="message"/> in the client's wire format, with the discriminator of its
    /// <c>[Receives&lt;T&gt;]</c> (or of the response of its <c>[Requests&lt;, T&gt;]</c>).
    /// </summary>
    /// <typeparam name="T">A contract the client receives.</typeparam>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was written.</returns>
    /// <exception cref="InvalidOperationException">The client is not a generated client that receives <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode(ClientContracts.ReflectionMessage)]
    [RequiresDynamicCode(ClientContracts.ReflectionMessage)]
    public async Task SendAsync<T>(T message, CancellationToken cancellationToken = default)
    {
        var contract = ClientContracts.Get<T>(Request.Client.GetType(), received: true);
        await SendSerializedAsync(MessageSerializer.Serialize(contract, message), cancellationToken).ConfigureAwait(false);
    }

    // Sends a message the runtime's serializer wrote as text, then returns its buffer to the pool.
    internal async Task SendSerializedAsync(PooledBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            await SendRawAsync(buffer.Memory, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <summary>Reads the next message the client sent.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidOperationException">The connection ended and every message the client sent was read.</exception>
    public async Task<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (await _received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _received.Reader.TryRead(out var message))
        {
            return message;
        }

        throw new InvalidOperationException(ClientCloseCode is { } code
            ? $"The client closed the connection ({code}{(ClientCloseReason is null ? string.Empty : " " + ClientCloseReason)}) and sent no further message."
            : "The connection ended (aborted) and the client sent no further message.");
    }

    /// <summary>
    /// Reads the next message the client sent and deserializes it as <typeparamref name="T"/>, checking that it carries the
    /// discriminator of the client's <c>[Sends&lt;T&gt;]</c> (or of the request of its <c>[Requests&lt;T, &gt;]</c>).
    /// </summary>
    /// <typeparam name="T">A contract the client sends.</typeparam>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidOperationException">The next message is binary, or is another contract; or the connection ended.</exception>
    [RequiresUnreferencedCode(ClientContracts.ReflectionMessage)]
    [RequiresDynamicCode(ClientContracts.ReflectionMessage)]
    public async Task<T> ReceiveAsync<T>(CancellationToken cancellationToken = default)
    {
        var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return Read(message, ClientContracts.Get<T>(Request.Client.GetType(), received: false)).Message;
    }

    /// <summary>
    /// Reads the next message the client sent as a request of its <c>[Requests&lt;TRequest, TResponse&gt;]</c>: checks its
    /// discriminator, deserializes it and reads its correlation id. Answer it with
    /// <see cref="FakeWebSocketRequest{TRequest, TResponse}.ReplyAsync"/> or one of the <c>ReplyErrorAsync</c> overloads.
    /// </summary>
    /// <typeparam name="TRequest">The request type, as in the client's <c>[Requests&lt;TRequest, TResponse&gt;]</c>.</typeparam>
    /// <typeparam name="TResponse">The response type of that attribute.</typeparam>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The request, with its correlation id and the means to answer it.</returns>
    /// <exception cref="InvalidOperationException">
    /// The client has no <c>[Requests&lt;TRequest, TResponse&gt;]</c>; or the next message is binary, carries another
    /// discriminator or has no numeric correlation id; or the connection ended.
    /// </exception>
    /// <example>
    /// <code>
    /// var call = client.RequestAsync(new GetUser(42));
    /// var request = await connection.ReceiveRequestAsync&lt;GetUser, User&gt;();
    /// await request.ReplyAsync(new User("ada"));          // {"type":"getUser","id":1,"name":"ada"}
    /// Assert.Equal(new User("ada"), await call);
    /// </code>
    /// </example>
    [RequiresUnreferencedCode(ClientContracts.ReflectionMessage)]
    [RequiresDynamicCode(ClientContracts.ReflectionMessage)]
    public async Task<FakeWebSocketRequest<TRequest, TResponse>> ReceiveRequestAsync<TRequest, TResponse>(CancellationToken cancellationToken = default)
    {
        // Resolved first, so a client without the attribute fails at once rather than after the next message.
        var wire = ClientContracts.GetRequest<TRequest, TResponse>(Request.Client.GetType());
        var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        var (request, payload) = Read(message, wire.Request);
        return new FakeWebSocketRequest<TRequest, TResponse>(this, wire, request, ReadCorrelationId(payload, wire.RequestIds, wire.Request, message.Text!), message.Text!);
    }

    /// <summary>
    /// Reads the next message the client sent as the request of its <c>[Subscribes&lt;TRequest, TItem&gt;]</c> (sent when
    /// a <c>SubscribeAsync</c> enumeration starts): checks its discriminator, deserializes it and reads its correlation id.
    /// Send to it with <see cref="FakeWebSocketSubscription{TRequest, TItem}.SendItemAsync"/>,
    /// <see cref="FakeWebSocketSubscription{TRequest, TItem}.CompleteAsync"/> and
    /// <see cref="FakeWebSocketSubscription{TRequest, TItem}.FailAsync"/>.
    /// </summary>
    /// <typeparam name="TRequest">The request type, as in the client's <c>[Subscribes&lt;TRequest, TItem&gt;]</c>.</typeparam>
    /// <typeparam name="TItem">The item type of that attribute.</typeparam>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The subscription, with its correlation id and the means to send to it.</returns>
    /// <exception cref="InvalidOperationException">
    /// The client has no <c>[Subscribes&lt;TRequest, TItem&gt;]</c>; or the next message is binary, carries another
    /// discriminator or no correlation id; or the connection ended.
    /// </exception>
    [RequiresUnreferencedCode(ClientContracts.ReflectionMessage)]
    [RequiresDynamicCode(ClientContracts.ReflectionMessage)]
    public async Task<FakeWebSocketSubscription<TRequest, TItem>> ReceiveSubscriptionAsync<TRequest, TItem>(CancellationToken cancellationToken = default)
    {
        var wire = ClientContracts.GetSubscription<TRequest, TItem>(Request.Client.GetType());
        var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        var (request, payload) = Read(message, wire.Request);
        return new FakeWebSocketSubscription<TRequest, TItem>(this, wire, request, ReadCorrelationId(payload, wire.RequestIds, wire.Request, message.Text!), message.Text!);
    }

    /// <summary>
    /// Reads the next request of the client's <c>[Requests&lt;TRequest, TResponse&gt;]</c>, as
    /// <see cref="ReceiveRequestAsync{TRequest, TResponse}"/> does, and answers it with what <paramref name="respond"/> returns.
    /// </summary>
    /// <typeparam name="TRequest">The request type, as in the client's <c>[Requests&lt;TRequest, TResponse&gt;]</c>.</typeparam>
    /// <typeparam name="TResponse">The response type of that attribute.</typeparam>
    /// <param name="respond">Makes the response from the request; if it throws, nothing is sent and the exception propagates.</param>
    /// <param name="cancellationToken">Stops waiting, or cancels the reply.</param>
    /// <returns>The request that was answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="respond"/> is <see langword="null"/>, or returned <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="ReceiveRequestAsync{TRequest, TResponse}"/>.</exception>
    [RequiresUnreferencedCode(ClientContracts.ReflectionMessage)]
    [RequiresDynamicCode(ClientContracts.ReflectionMessage)]
    public async Task<FakeWebSocketRequest<TRequest, TResponse>> RespondToRequestAsync<TRequest, TResponse>(Func<TRequest, TResponse> respond, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(respond);
        var request = await ReceiveRequestAsync<TRequest, TResponse>(cancellationToken).ConfigureAwait(false);
        await request.ReplyAsync(respond(request.Message), cancellationToken).ConfigureAwait(false);
        return request;
    }

    private static long ReadCorrelationId(byte[] payload, MessageFormat ids, MessageContract request, string text)
    {
        var reader = new MessageReader(payload, ids, request.ClientType);
        if (reader.Read() && reader.TryGetRawValue(0, out var raw) && CorrelationFormat.TryParseId(raw, out var id))
        {
            return id;
        }

        throw new InvalidOperationException(
            $"Expected a {request.ContractType.Name} request ('{request.Discriminator}') with a correlation id at '{request.Format.Correlation.IdPath}' from {request.ClientType.Name}, but it sent: {text}");
    }

    // Reads what the client sent as the contract, checking the discriminator. Returns the payload for further reading.
    private (T Message, byte[] Payload) Read<T>(WebSocketMessage message, MessageContract<T> contract)
    {
        var clientType = contract.ClientType;
        if (!message.IsText)
        {
            throw new InvalidOperationException($"Expected a {typeof(T).Name} message ('{contract.Discriminator}') from {clientType.Name}, but it sent a binary message of {message.Data!.Length} bytes.");
        }

        var payload = Encoding.UTF8.GetBytes(message.Text!);
        var reader = new MessageReader(payload, contract.Format, clientType);
        if (!reader.Read() || (contract.Kind.Type != MessageKindType.None && !reader.Matches(contract)))
        {
            throw new InvalidOperationException($"Expected a {typeof(T).Name} message ('{contract.Discriminator}') from {clientType.Name}, but it sent: {message.Text}");
        }

        return (reader.Deserialize(contract), payload);
    }

    /// <summary>Starts the closing handshake from the server side and waits until it completes (the client answered).</summary>
    /// <param name="code">The close code.</param>
    /// <param name="reason">The close reason.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task CloseAsync(int code = 1000, string? reason = null, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State is System.Net.WebSockets.WebSocketState.Open or System.Net.WebSockets.WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }

        await _closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the connection without a closing handshake, as a network failure would (the client sees close code 1006).</summary>
    public void Abort() => _socket.Abort();

    internal async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseCode = (int?)_socket.CloseStatus;
                    ClientCloseReason = string.IsNullOrEmpty(_socket.CloseStatusDescription) ? null : _socket.CloseStatusDescription;
                    if (_socket.State == System.Net.WebSockets.WebSocketState.CloseReceived)
                    {
                        await _sendLock.WaitAsync().ConfigureAwait(false);
                        try
                        {
                            await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, _socket.CloseStatusDescription, CancellationToken.None).ConfigureAwait(false);
                        }
                        finally
                        {
                            _sendLock.Release();
                        }
                    }

                    return;
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(result.MessageType == WebSocketMessageType.Text
                        ? WebSocketMessage.FromText(Encoding.UTF8.GetString(buffer.WrittenSpan))
                        : WebSocketMessage.FromData(Data.FromBytes(buffer.WrittenSpan)));
                    buffer.ResetWrittenCount();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted by either side: the connection simply ended; ClientCloseCode stays null.
        }
        finally
        {
            _received.Writer.TryComplete();
            _socket.Dispose();
            _closed.TrySetResult();
        }
    }
}
