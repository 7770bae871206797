using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// The send side: every message goes through one ordered queue drained by a single writer task, because
// ClientWebSocket allows one send at a time and callers may send from many threads.
public partial class WebSocket
{
    private readonly Channel<OutgoingMessage> _sendQueue;
    private long _bufferedAmount;
    private int _unsentFireAndForget;

    /// <summary>The number of bytes queued by <c>Send</c> and not yet written to the connection.</summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedAmount);

    /// <summary>Queues a text message (the seed's <c>send(string)</c>). Returns at once; messages are written in order.</summary>
    /// <param name="message">The text, sent as UTF-8.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    public void Send(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(EncodeText(message), WebSocketMessageType.Text, completion: null);
    }

    /// <summary>Queues a binary message (the seed's <c>send(Data)</c>). Returns at once; messages are written in order.</summary>
    /// <param name="message">The bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    public void Send(Data message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(CopyBytes(message.Span), WebSocketMessageType.Binary, completion: null);
    }

    /// <summary>Queues a text message and completes when it has been written to the connection.</summary>
    /// <param name="message">The text, sent as UTF-8.</param>
    /// <param name="cancellationToken">Cancels the send while the message is still queued; a message already being written is finished.</param>
    /// <returns>A task that completes when the frame is written, or fails when the connection ends first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    public ValueTask SendAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EnqueueAsync(EncodeText(message), WebSocketMessageType.Text, cancellationToken);
    }

    /// <summary>Queues a binary message and completes when it has been written to the connection.</summary>
    /// <param name="message">The bytes.</param>
    /// <param name="cancellationToken">Cancels the send while the message is still queued; a message already being written is finished.</param>
    /// <returns>A task that completes when the frame is written, or fails when the connection ends first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    public ValueTask SendAsync(Data message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EnqueueAsync(CopyBytes(message.Span), WebSocketMessageType.Binary, cancellationToken);
    }

    /// <summary>For generated clients: serializes <paramref name="message"/> in the client's wire format and queues it as text.</summary>
    /// <typeparam name="T">The contract type.</typeparam>
    /// <param name="contract">The contract.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    protected void SendMessage<T>(MessageContract<T> contract, T message)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ThrowIfNullMessage(message);
        ThrowIfCannotSend();
        Enqueue(MessageSerializer.Serialize(contract, message), WebSocketMessageType.Text, completion: null);
    }

    /// <summary>For generated clients: serializes <paramref name="message"/>, queues it, and completes when it is written.</summary>
    /// <typeparam name="T">The contract type.</typeparam>
    /// <param name="contract">The contract.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the send while the message is still queued.</param>
    /// <returns>A task that completes when the frame is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    protected ValueTask SendMessageAsync<T>(MessageContract<T> contract, T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ThrowIfNullMessage(message);
        ThrowIfCannotSend();
        return EnqueueAsync(MessageSerializer.Serialize(contract, message), WebSocketMessageType.Text, cancellationToken);
    }

    private static void ThrowIfNullMessage<T>(T message)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message), $"A {typeof(T).Name} message to send cannot be null.");
        }
    }

    private static PooledBuffer EncodeText(string message)
    {
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(Encoding.UTF8.GetMaxByteCount(message.Length), 1));
        var length = Encoding.UTF8.GetBytes(message, array);
        return new PooledBuffer(array, length);
    }

    private static PooledBuffer CopyBytes(ReadOnlySpan<byte> bytes)
    {
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(array);
        return new PooledBuffer(array, bytes.Length);
    }

    private void ThrowIfCannotSend()
    {
        var state = ReadyState;
        if (state is WebSocketState.Closing or WebSocketState.Closed)
        {
            throw CannotSend(state);
        }
    }

    private InvalidOperationException CannotSend(WebSocketState state)
        => new($"Cannot send: the WebSocket to {Url} is {state.ToString().ToLowerInvariant()}.");

    private void Enqueue(PooledBuffer buffer, WebSocketMessageType type, SendCompletion? completion)
    {
        lock (_stateLock)
        {
            if (_readyState is not (WebSocketState.Closing or WebSocketState.Closed))
            {
                if (RefuseOfflineSend(buffer.Length) is { } refused)
                {
                    buffer.Return();
                    throw refused;
                }

                // Counted before it is queued: the writer may take it, write it and subtract it at once.
                Interlocked.Add(ref _bufferedAmount, buffer.Length);
                var message = new OutgoingMessage(buffer, type, completion) { EnqueuedAt = StampForMaxAge() };
                if (TrySendFirst(message) || _sendQueue.Writer.TryWrite(message))
                {
                    return;
                }

                Interlocked.Add(ref _bufferedAmount, -buffer.Length);
            }

            buffer.Return();
            throw CannotSend(_readyState);
        }
    }

    private ValueTask EnqueueAsync(PooledBuffer buffer, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            buffer.Return();
            return ValueTask.FromCanceled(cancellationToken);
        }

        var completion = new SendCompletion(cancellationToken);
        Enqueue(buffer, type, completion);
        return new ValueTask(completion.Task);
    }

    private async Task WriteLoopAsync(System.Net.WebSockets.WebSocket socket, CancellationToken cancellationToken)
    {
        var reader = _sendQueue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (!_remoteClosed && reader.TryRead(out var item))
                {
                    if (item.IsWakeUp)
                    {
                        continue;
                    }

                    if (item.IsCloseFrame)
                    {
                        await socket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode, item.CloseReason, cancellationToken).ConfigureAwait(false);
                        return;
                    }

                    var handedOver = false;
                    try
                    {
                        if (item.Completion?.TryBeginWrite() == false)
                        {
                            continue;
                        }

                        if (IsExpired(item))
                        {
                            DropExpired(item);
                            handedOver = true;
                            continue;
                        }

                        await socket.SendAsync(item.Buffer.Memory, item.Type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        // With a reconnect policy a message whose write did not complete is written first on the next connection.
                        handedOver = TryKeepForResend(item);
                        if (!handedOver)
                        {
                            item.Completion?.Fail(ex);
                        }

                        throw;
                    }
                    finally
                    {
                        if (!handedOver)
                        {
                            Interlocked.Add(ref _bufferedAmount, -item.Buffer.Length);
                            item.Buffer.Return();
                        }
                    }

                    // Completed only once BufferedAmount no longer counts the message, so an awaiter never sees it there.
                    item.Completion?.Succeed();
                }

                if (_remoteClosed)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The connection broke while writing: record it and abort, so the receive loop ends too.
            Volatile.Write(ref _sendFailure, ex);
            socket.Abort();
        }
        catch (OperationCanceledException)
        {
            // The connection is ending; FailUnsentMessages accounts for what is still queued.
        }
    }

    // Anything still queued when the connection ends was not sent: awaited sends fail, and fire-and-forget sends are
    // counted so the loss is reported once to the error handlers rather than dropped silently.
    private void FailUnsentMessages(Exception? cause)
    {
        _sendQueue.Writer.TryComplete();
        while (_sendQueue.Reader.TryRead(out var item))
        {
            if (item.IsCloseFrame)
            {
                continue;
            }

            Interlocked.Add(ref _bufferedAmount, -item.Buffer.Length);
            item.Buffer.Return();
            if (item.Completion is { } completion)
            {
                completion.Fail(new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the WebSocket to {Url} closed before it could be written.", cause));
            }
            else
            {
                _unsentFireAndForget++;
            }
        }
    }

    private readonly struct OutgoingMessage
    {
        public OutgoingMessage(PooledBuffer buffer, WebSocketMessageType type, SendCompletion? completion)
        {
            Buffer = buffer;
            Type = type;
            Completion = completion;
            CloseCode = 0;
            CloseReason = null;
        }

        private OutgoingMessage(int closeCode, string? closeReason)
        {
            Buffer = default;
            Type = WebSocketMessageType.Close;
            Completion = null;
            CloseCode = closeCode;
            CloseReason = closeReason;
        }

        public PooledBuffer Buffer { get; }

        public WebSocketMessageType Type { get; }

        public SendCompletion? Completion { get; }

        public int CloseCode { get; }

        public string? CloseReason { get; }

        // TimeProvider timestamp of the Send, for OfflineSendPolicy.MaxAge (0 when there is no age limit).
        public long EnqueuedAt { get; init; }

        public bool IsCloseFrame => Type == WebSocketMessageType.Close;

        // Not a frame: wakes a writer waiting for messages so it sees that its connection is ending (see WakeUpWriter).
        public bool IsWakeUp => Type == WebSocketMessageType.Close && CloseCode < 0;

        public static OutgoingMessage CloseFrame(int code, string? reason) => new(code, reason);
    }

    // The completion of one SendAsync. Cancellation wins only while the message is still queued: a frame that is
    // being written is finished, because cancelling a partial frame would corrupt the connection.
    private sealed class SendCompletion : TaskCompletionSource
    {
        private const int Queued = 0;
        private const int Writing = 1;
        private const int Cancelled = 2;
        private int _state;
        private CancellationTokenRegistration _registration;

        public SendCompletion(CancellationToken cancellationToken)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(
                    static (state, token) =>
                    {
                        var self = (SendCompletion)state!;
                        if (Interlocked.CompareExchange(ref self._state, Cancelled, Queued) == Queued)
                        {
                            self.TrySetCanceled(token);
                        }
                    },
                    this);
            }
        }

        public bool TryBeginWrite() => Interlocked.CompareExchange(ref _state, Writing, Queued) == Queued;

        public void Succeed()
        {
            _registration.Dispose();
            TrySetResult();
        }

        public void Fail(Exception error)
        {
            _registration.Dispose();
            TrySetException(error);
        }
    }
}
