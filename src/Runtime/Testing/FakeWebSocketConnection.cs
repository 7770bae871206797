using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Text;
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
        var buffer = MessageSerializer.Serialize(contract, message);
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
        return Read<T>(message).Message;
    }

    [RequiresUnreferencedCode(ClientContracts.ReflectionMessage)]
    [RequiresDynamicCode(ClientContracts.ReflectionMessage)]
    internal (T Message, byte[] Payload) Read<T>(WebSocketMessage message)
    {
        var clientType = Request.Client.GetType();
        var contract = ClientContracts.Get<T>(clientType, received: false);
        if (!message.IsText)
        {
            throw new InvalidOperationException($"Expected a {typeof(T).Name} message ('{contract.Discriminator}') from {clientType.Name}, but it sent a binary message of {message.Data!.Length} bytes.");
        }

        var payload = Encoding.UTF8.GetBytes(message.Text!);
        var reader = new MessageReader(payload, contract.Format, clientType);
        if (!reader.TryReadDiscriminator() || !reader.DiscriminatorEquals(Encoding.UTF8.GetBytes(contract.Discriminator)))
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

    private async Task SendRawAsync(ReadOnlyMemory<byte> bytes, WebSocketMessageType type, CancellationToken cancellationToken)
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
