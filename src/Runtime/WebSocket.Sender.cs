using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// The send side. ClientWebSocket allows one send at a time and callers may send from many threads, so messages go
// through one ordered queue drained by a single writer task; but while the connection is open, nothing is queued and
// nothing is being written, the caller writes its message itself (see TryWriteDirectly), which saves the two thread
// hops through the queue. One write lock, held by whoever writes, keeps the order either way.
public partial class WebSocket
{
    private readonly Channel<OutgoingMessage> _sendQueue;

    // Held by whoever writes a message: the writer loop while it drains the queue, or a caller writing directly.
    private readonly AsyncGate _writeLock = new();

    // Set by the writer of the open connection once what must go first on it is written (guarded by _stateLock).
    private System.Net.WebSockets.WebSocket? _directWriteSocket;
    private CancellationToken _directWriteToken;

    // Set when a direct write of the current connection failed: the writer loop stops (the connection is broken) and
    // leaves what is queued to the next connection or to FailUnsentMessages.
    private volatile bool _directWriteFailed;

    // Messages in _sendQueue (close frames and wake-ups not counted): a direct write is allowed only when it is 0.
    private int _queuedMessages;
    private long _bufferedAmount;
    private int _unsentFireAndForget;

    /// <summary>The number of bytes sent with <c>Send</c>/<c>SendAsync</c> and not yet written to the connection.</summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedAmount);

    /// <summary>Sends a text message (the seed's <c>send(string)</c>). Returns at once; messages are written in call order.</summary>
    /// <param name="message">The text, sent as UTF-8.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    public void Send(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Post(EncodeText(message), WebSocketMessageType.Text);
    }

    /// <summary>Sends a binary message (the seed's <c>send(Data)</c>). Returns at once; messages are written in call order.</summary>
    /// <param name="message">The bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed.</exception>
    public void Send(Data message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Post(CopyBytes(message.Span), WebSocketMessageType.Binary);
    }

    /// <summary>Sends a text message and completes when it has been written to the connection.</summary>
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

    /// <summary>Sends a binary message and completes when it has been written to the connection.</summary>
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
        Post(MessageSerializer.Serialize(contract, message), WebSocketMessageType.Text);
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
                if (TrySendFirst(message))
                {
                    return;
                }

                Interlocked.Increment(ref _queuedMessages);
                if (_sendQueue.Writer.TryWrite(message))
                {
                    return;
                }

                Interlocked.Decrement(ref _queuedMessages);
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

        if (TryWriteDirectly(buffer, type, awaited: true, out var written))
        {
            return written;
        }

        var completion = new SendCompletion(cancellationToken);
        Enqueue(buffer, type, completion);
        return new ValueTask(completion.Task);
    }

    // A fire-and-forget send: written at once when the connection is idle, queued otherwise.
    private void Post(PooledBuffer buffer, WebSocketMessageType type)
    {
        if (!TryWriteDirectly(buffer, type, awaited: false, out _))
        {
            Enqueue(buffer, type, completion: null);
        }
    }

    // The fast path: while the connection is open, nothing is queued and nothing is being written, the caller writes
    // its message itself, holding the write lock the writer loop holds while it drains the queue. Nothing can be ahead
    // of the message, so the order is the one the queue would give. Returns false (and the message is queued) when the
    // socket is busy, connecting, reconnecting or closing. A write that does not complete at once finishes in the
    // background for a fire-and-forget send; its failure is handled as the writer loop handles one.
    private bool TryWriteDirectly(PooledBuffer buffer, WebSocketMessageType type, bool awaited, out ValueTask written)
    {
        written = default;
        if (Volatile.Read(ref _directWriteSocket) is null || !_writeLock.TryEnter())
        {
            return false;
        }

        System.Net.WebSockets.WebSocket? socket;
        CancellationToken connectionToken;
        lock (_stateLock)
        {
            socket = _readyState == WebSocketState.Open && !_remoteClosed && !_sendFirst && Volatile.Read(ref _queuedMessages) == 0
                ? _directWriteSocket
                : null;
            connectionToken = _directWriteToken;
            if (socket is not null)
            {
                Interlocked.Add(ref _bufferedAmount, buffer.Length);
            }
        }

        if (socket is null)
        {
            _writeLock.Exit();
            return false;
        }

        ValueTask write;
        try
        {
            write = socket.SendAsync(buffer.Memory, type, endOfMessage: true, connectionToken);
        }
        catch (Exception ex)
        {
            write = ValueTask.FromException(ex);
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            _telemetry.MessageSent(buffer.Length);
            EndDirectWrite(buffer);
            return true;
        }

        written = FinishDirectWriteAsync(write, buffer, type, socket, connectionToken, awaited);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FinishDirectWriteAsync(
        ValueTask write,
        PooledBuffer buffer,
        WebSocketMessageType type,
        System.Net.WebSockets.WebSocket socket,
        CancellationToken connectionToken,
        bool awaited)
    {
        Exception failure;
        try
        {
            await write.ConfigureAwait(false);
            _telemetry.MessageSent(buffer.Length);
            EndDirectWrite(buffer);
            return;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // As in the writer loop: a broken connection is recorded and aborted so the receive loop ends too, and with a
        // reconnect policy the message is written first on the next connection (its sender waits for that).
        _directWriteFailed = true;
        RecordWriteFailure(failure, socket, connectionToken);
        var completion = awaited ? new SendCompletion(CancellationToken.None) : null;
        if (TryKeepForResend(new OutgoingMessage(buffer, type, completion)))
        {
            _writeLock.Exit();
            if (completion is not null)
            {
                await completion.Task.ConfigureAwait(false);
            }

            return;
        }

        if (!awaited)
        {
            // Counted before the lock is released, so the report of the connection's end includes it.
            Interlocked.Increment(ref _unsentFireAndForget);
        }

        EndDirectWrite(buffer);
        if (awaited)
        {
            throw NotWritten(failure);
        }
    }

    private void EndDirectWrite(PooledBuffer buffer)
    {
        Release(buffer);
        _writeLock.Exit();
    }

    // A message leaves the send side (written, dropped or failed): BufferedAmount stops counting it, its buffer goes back.
    private void Release(PooledBuffer buffer)
    {
        Interlocked.Add(ref _bufferedAmount, -buffer.Length);
        buffer.Return();
    }

    // Every writer (the loop, the first messages of a connection, a direct write) handles a failed write this way: unless
    // the connection was already ending (its token cancelled), the failure is what ended it, so it is recorded and the
    // socket aborted, which ends the receive loop too.
    private void RecordWriteFailure(Exception failure, System.Net.WebSockets.WebSocket socket, CancellationToken connectionToken)
    {
        if (failure is OperationCanceledException && connectionToken.IsCancellationRequested)
        {
            return;
        }

        Volatile.Write(ref _sendFailure, failure);
        socket.Abort();
    }

    // What an awaited send whose write failed throws. A write is never given the caller's token, so a cancelled write
    // means the connection ended (or was aborted) under it: the message was not sent, no cancellation was asked for.
    private Exception NotWritten(Exception failure)
        => failure is OperationCanceledException
            ? new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the connection to {Url} ended while it was being written.", failure)
            : failure;

    private async Task WriteLoopAsync(System.Net.WebSockets.WebSocket socket, CancellationToken cancellationToken)
    {
        var reader = _sendQueue.Reader;
        lock (_stateLock)
        {
            _directWriteFailed = false;
            if (_readyState == WebSocketState.Open)
            {
                _directWriteSocket = socket;
                _directWriteToken = cancellationToken;
            }
        }

        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await _writeLock.EnterAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (await DrainQueueAsync(socket, reader, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    _writeLock.Exit();
                }

                if (_remoteClosed || _directWriteFailed)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // The connection broke while writing (recorded, and aborted so the receive loop ends too), or it is ending and
            // FailUnsentMessages accounts for what is still queued.
            RecordWriteFailure(ex, socket, cancellationToken);
        }
        finally
        {
            lock (_stateLock)
            {
                _directWriteSocket = null;
                _directWriteToken = default;
            }

            // A direct write in flight finishes (or fails) before the end of the connection is settled.
            await _writeLock.EnterAsync(CancellationToken.None).ConfigureAwait(false);
            _writeLock.Exit();
        }
    }

    // Writes what is queued, holding the write lock. True when the close frame was written: the writer is done.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainQueueAsync(System.Net.WebSockets.WebSocket socket, ChannelReader<OutgoingMessage> reader, CancellationToken cancellationToken)
    {
        while (!_remoteClosed && !_directWriteFailed && reader.TryRead(out var item))
        {
            if (item.IsWakeUp)
            {
                continue;
            }

            if (item.IsCloseFrame)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode, item.CloseReason, cancellationToken).ConfigureAwait(false);
                return true;
            }

            Interlocked.Decrement(ref _queuedMessages);
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
                _telemetry.MessageSent(item.Buffer.Length);
            }
            catch (Exception ex)
            {
                // With a reconnect policy a message whose write did not complete is written first on the next connection.
                handedOver = TryKeepForResend(item);
                if (!handedOver)
                {
                    item.Completion?.Fail(NotWritten(ex));
                }

                throw;
            }
            finally
            {
                if (!handedOver)
                {
                    Release(item.Buffer);
                }
            }

            // Completed only once BufferedAmount no longer counts the message, so an awaiter never sees it there.
            item.Completion?.Succeed();
        }

        return false;
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

            Interlocked.Decrement(ref _queuedMessages);
            Release(item.Buffer);
            if (item.Completion is { } completion)
            {
                completion.Fail(new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the WebSocket to {Url} closed before it could be written.", cause));
            }
            else
            {
                Interlocked.Increment(ref _unsentFireAndForget);
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
