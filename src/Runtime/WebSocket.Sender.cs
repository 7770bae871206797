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

// The sender API: every Send/SendAsync/RequestAsync validates, serializes on the caller's thread, and either writes its
// message at once (the fast path: the connection is open, nothing is queued and nobody is writing) or queues it for the
// writer (WebSocket.Writer.cs). One write lock, held by whoever writes, keeps the call order either way.
//
// What a send reports, the same for every send method: an argument that is wrong, or a socket that cannot take the
// message (closing or closed, the offline queue full or FailFast), throws at the call, before anything is queued; once
// the call returned, the message is written, kept for the next connection (a reconnect policy), or reported: the task of
// an awaited send fails, a fire-and-forget send is counted into one OnError report when the connection ends.
public partial class WebSocket
{
    private readonly Channel<OutgoingMessage> _sendQueue;

    // Held by whoever writes frames: the writer while it drains the queue, or a caller writing directly. (Flushes of the
    // connection's write buffer run without it.)
    private readonly AsyncGate _writeLock = new();

    // Messages in _sendQueue (close frames and wake-ups not counted): a direct write is allowed only when it is 0.
    private int _queuedMessages;
    private long _bufferedAmount;
    private int _unsentFireAndForget;

    /// <summary>
    /// The number of bytes sent with <c>Send</c>/<c>SendAsync</c> and not yet written to the connection (queued, kept for
    /// the next connection, or being written; a frame in the connection's write buffer counts as written).
    /// </summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedAmount);

    /// <summary>Sends a text message (the browser's <c>send(string)</c>). Returns at once; messages are written in call order.</summary>
    /// <param name="message">The text, sent as UTF-8.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the message.</exception>
    public void Send(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Post(EncodeText(message), WebSocketMessageType.Text);
    }

    /// <summary>Sends a binary message (the browser's <c>send</c> of binary data). Returns at once; messages are written in call order.</summary>
    /// <param name="message">The bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the message.</exception>
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
    /// <exception cref="InvalidOperationException">The socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the message.</exception>
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
    /// <exception cref="InvalidOperationException">The socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the message.</exception>
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
    /// <exception cref="InvalidOperationException">The socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the message.</exception>
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
    /// <exception cref="InvalidOperationException">The socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the message.</exception>
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
        => new($"Cannot send: the WebSocket to {_displayUrl} is {state.ToString().ToLowerInvariant()}.");

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

    // The fast path: while the connection is open, nothing is queued and nobody is writing, the caller writes its message
    // itself, holding the write lock the writer holds while it drains the queue. Nothing can be ahead of the message, so
    // the order is the one the queue would give. Returns false (and the message is queued) when the socket is busy,
    // connecting, reconnecting or closing. A frame that fits the connection's write buffer is written there and a flush is
    // scheduled (so a burst of sends leaves in one transport write); a write that does not complete at once finishes in
    // the background for a fire-and-forget send. A failure goes through the writer's one failure path.
    private bool TryWriteDirectly(PooledBuffer buffer, WebSocketMessageType type, bool awaited, out ValueTask written)
    {
        written = default;
        var connection = Volatile.Read(ref _connection);
        if (connection is null || !connection.Writable || !_writeLock.TryEnter())
        {
            return false;
        }

        AssertLockOrder();
        bool writable;
        lock (_stateLock)
        {
            writable = _readyState == WebSocketState.Open && ReferenceEquals(connection, _connection) && connection.Writable
                && !connection.RemoteClosed && !connection.Lost && connection.WriteFailure is null && !_sendFirst && Volatile.Read(ref _queuedMessages) == 0;
            if (writable)
            {
                Interlocked.Add(ref _bufferedAmount, buffer.Length);
            }
        }

        if (!writable)
        {
            _writeLock.Exit();
            return false;
        }

        var item = new OutgoingMessage(buffer, type, completion: null) { Awaited = awaited };
        var write = WriteMessageAsync(connection, item);
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            ScheduleFlush(connection);
            _writeLock.Exit();
            return true;
        }

        written = FinishDirectWriteAsync(write, connection);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FinishDirectWriteAsync(ValueTask write, Connection connection)
    {
        SendCompletion? resend;
        try
        {
            await write.ConfigureAwait(false);
            ScheduleFlush(connection);
            return;
        }
        catch (MessageKeptException kept)
        {
            // The connection broke under the write and a reconnect policy keeps the message: an awaiting caller waits
            // for its resend.
            resend = kept.Completion;
        }
        finally
        {
            _writeLock.Exit();
        }

        if (resend is not null)
        {
            await resend.Task.ConfigureAwait(false);
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

            Interlocked.Decrement(ref _queuedMessages);
            Release(item);
            if (item.Completion is { } completion)
            {
                completion.Fail(NotSent(cause));
            }
            else
            {
                Interlocked.Increment(ref _unsentFireAndForget);
            }
        }
    }

    // What an awaited send still queued (or kept) when the socket finally closed fails with.
    private Exception NotSent(Exception? cause)
        => WebSocketErrors.Tag(new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the WebSocket to {_displayUrl} closed before it could be written.", cause), WebSocketErrorKind.NotSent);
}
