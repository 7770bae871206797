using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// The writer of a connection. ClientWebSocket allows one send at a time; every frame of ours is written under _writeLock
// by WriteMessageAsync (the one write method), whoever holds the lock: the writer task draining the queue, or a caller on
// the fast path (WebSocket.Sender.cs). A frame goes into the connection's write buffer (ConnectionStream) when it has
// one, and the buffer is flushed when nothing more is being added: by the writer at the end of a drain, or by a flush
// queued to the thread pool after a caller's write, so a burst of sends leaves in one transport write while a lone
// message leaves at once. WriteFailed is the one failure path: every message whose bytes may not have left is written
// again on the next connection (a reconnect policy) or reported, never dropped silently.
public partial class WebSocket
{
    private long _transportWrites;

    // How many writes reached the transports of the connections that ended (for tests: coalescing makes it far fewer
    // than the messages).
    internal long TransportWrites => Interlocked.Read(ref _transportWrites);

    // The writer of one connection: first what the open handlers sent, then the messages a lost connection cut short, then
    // the queue in order. Callers may write directly only once the first two are written.
    private async Task WriteConnectionAsync(Connection connection)
    {
        var reader = _sendQueue.Reader;
        try
        {
            if (!await WriteFirstMessagesAsync(connection).ConfigureAwait(false))
            {
                return;
            }

            while (await reader.WaitToReadAsync(connection.Token).ConfigureAwait(false))
            {
                AssertLockOrder();
                await _writeLock.EnterAsync(connection.Token).ConfigureAwait(false);
                try
                {
                    if (await DrainQueueAsync(connection, reader).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    _writeLock.Exit();
                }

                // Flushed without the write lock, so that senders on the fast path fill the other buffer meanwhile.
                await FlushWithoutLockAsync(connection).ConfigureAwait(false);

                if (connection.RemoteClosed || connection.Lost || connection.WriteFailure is not null)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            // A write failed (WriteFailed accounted for its messages), the close frame could not be written, or the
            // connection is ending and FailUnsentMessages accounts for what is still queued.
            RecordWriteFailure(connection, ex);
        }
        finally
        {
            lock (_stateLock)
            {
                connection.Writable = false;
            }

            // A direct write in flight finishes first; then what is still buffered is flushed, or resent or reported.
            await _writeLock.EnterAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await SettleUnflushedAsync(connection).ConfigureAwait(false);
                Interlocked.Add(ref _transportWrites, connection.Stream?.TransportWrites ?? 0);
            }
            finally
            {
                _writeLock.Exit();
            }
        }
    }

    // False when the connection broke while writing them.
    private async Task<bool> WriteFirstMessagesAsync(Connection connection)
    {
        await _writeLock.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        var (first, resend) = TakeMessagesToGoFirst();

        var unsent = 0;
        Exception? failure = null;
        try
        {
            var index = 0;
            try
            {
                for (; first is not null && index < first.Count; index++)
                {
                    var item = first[index];
                    if (item.Completion?.TryBeginWrite() == false)
                    {
                        Release(item);
                        continue;
                    }

                    await WriteMessageAsync(connection, item).ConfigureAwait(false);
                }

                // A message that fails again is kept for the next connection (WriteFailed), with those after it.
                while (resend is { Count: > 0 })
                {
                    var cutShort = resend[0];
                    resend.RemoveAt(0);
                    await WriteMessageAsync(connection, cutShort).ConfigureAwait(false);
                }

                await FlushAsync(connection).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ex;

                // What the open handlers sent belongs to this connection (they run again on the next one): the rest of it
                // is failed and reported, never left to be sent twice.
                for (index++; first is not null && index < first.Count; index++)
                {
                    if (first[index].Completion is { } completion)
                    {
                        completion.Fail(WebSocketErrors.Tag(new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the connection to {_displayUrl} was lost before it could be written.", ex), WebSocketErrorKind.NotSent));
                    }
                    else
                    {
                        unsent++;
                    }

                    Release(first[index]);
                }

                // The cut-short messages not yet retried stay kept, in order, behind the one that just failed again.
                foreach (var item in resend ?? [])
                {
                    KeepOrReport(item, ex);
                }

                RecordWriteFailure(connection, ex);
            }

            lock (_stateLock)
            {
                connection.Writable = failure is null && _readyState == WebSocketState.Open && connection.WriteFailure is null;
            }
        }
        finally
        {
            _writeLock.Exit();
        }

        if (unsent > 0)
        {
            await RaiseErrorAsync(WebSocketErrors.Tag(
                new WebSocketException(WebSocketError.InvalidState, $"{unsent} message(s) sent by the open handlers were not sent: the connection to {_displayUrl} was lost before they could be written.", failure),
                WebSocketErrorKind.NotSent)).ConfigureAwait(false);
        }

        return failure is null;
    }

    // Writes what is queued, holding the write lock (the caller flushes after releasing it). True when the close frame was
    // written: the writer is done.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainQueueAsync(Connection connection, ChannelReader<OutgoingMessage> reader)
    {
        while (!connection.RemoteClosed && !connection.Lost && connection.WriteFailure is null && reader.TryRead(out var item))
        {
            if (item.IsWakeUp)
            {
                continue;
            }

            if (item.IsCloseFrame)
            {
                // Close goes through the writer: what is buffered leaves first.
                await FlushAsync(connection).ConfigureAwait(false);
                await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode, item.CloseReason, connection.Token).ConfigureAwait(false);
                return true;
            }

            Interlocked.Decrement(ref _queuedMessages);
            if (item.Completion?.TryBeginWrite() == false)
            {
                Release(item);
                continue;
            }

            if (IsExpired(item))
            {
                DropExpired(item);
                continue;
            }

            await WriteMessageAsync(connection, item).ConfigureAwait(false);
        }

        return false;
    }

    // The one write method; the caller holds _writeLock. Never given a token: a cancelled frame write aborts the whole
    // socket (ManagedWebSocket), so sends are cancelled while queued, and a connection that ends aborts its socket.
    // On success BufferedAmount no longer counts the message and an awaited send completes (the frame is in the
    // connection's buffer or written); on failure WriteFailed accounts for it and its exception is thrown.
    private ValueTask WriteMessageAsync(Connection connection, OutgoingMessage item)
    {
        ValueTask write;
        var stream = connection.Stream;
        try
        {
            if (stream is not null)
            {
                stream.Buffering = true;
            }

            write = connection.Socket.SendAsync(item.Buffer.Memory, item.Type, endOfMessage: true, CancellationToken.None);
        }
        catch (Exception ex)
        {
            write = ValueTask.FromException(ex);
        }
        finally
        {
            if (stream is not null)
            {
                stream.Buffering = false;
            }
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            Written(connection, item);
            return default;
        }

        return FinishWriteAsync(write, connection, item);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FinishWriteAsync(ValueTask write, Connection connection, OutgoingMessage item)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw WriteFailed(connection, ex, item);
        }

        Written(connection, item);
    }

    private void Written(Connection connection, OutgoingMessage item)
    {
        _telemetry.MessageSent(item.Buffer.Length);
        Interlocked.Add(ref _bufferedAmount, -item.Buffer.Length);
        if (connection.Stream is { } stream)
        {
            // Tracked until the frame is known written: if the flush fails, it is resent or reported. Only a reconnect
            // policy resends, so only then is its buffer kept (holding hundreds of small pooled arrays would overflow
            // the shared pool); otherwise a failure only needs to count it.
            if (_options.Reconnect is null)
            {
                item.Buffer.Return();
                item = item with { Buffer = default };
            }

            connection.Unflushed.Enqueue(item with { Sequence = stream.Sequence });
            ReleaseFlushed(connection, stream.FlushedSequence);
        }
        else
        {
            item.Buffer.Return();
        }

        item.Completion?.Succeed();
    }

    // Holding _writeLock: the messages whose frames are known written give their buffers back.
    private static void ReleaseFlushed(Connection connection, long flushed)
    {
        var unflushed = connection.Unflushed;
        while (unflushed.TryPeek(out var head) && head.Sequence <= flushed)
        {
            unflushed.Dequeue().Buffer.Return();
        }
    }

    // Holding _writeLock.
    private ValueTask FlushAsync(Connection connection)
    {
        if (connection.Stream is not { } stream || (!stream.HasBuffered && connection.Unflushed.Count == 0))
        {
            return default;
        }

        var flush = stream.FlushBufferAsync();
        if (flush.IsCompletedSuccessfully)
        {
            flush.GetAwaiter().GetResult();
            ReleaseFlushed(connection, stream.FlushedSequence);
            return default;
        }

        return FinishFlushAsync(flush, connection, stream);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FinishFlushAsync(ValueTask flush, Connection connection, ConnectionStream stream)
    {
        try
        {
            await flush.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw WriteFailed(connection, ex, current: null);
        }

        ReleaseFlushed(connection, stream.FlushedSequence);
    }

    // After a caller's write: what it left in the buffer is flushed by a work item queued to the thread pool (preferring
    // this thread's own queue, so that a caller that now waits, e.g. for a reply, flushes on its way out, while one that
    // keeps sending adds to the same transport write).
    private static void ScheduleFlush(Connection connection)
    {
        if (connection.Stream is { HasBuffered: true } && Interlocked.Exchange(ref connection.FlushScheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(connection, preferLocal: true);
        }
    }

    private ValueTask RunScheduledFlushAsync(Connection connection)
    {
        Volatile.Write(ref connection.FlushScheduled, 0);
        return FlushWithoutLockAsync(connection);
    }

    // Runs without _writeLock: the stream lets senders fill its other buffer meanwhile. A failure breaks the connection
    // (recorded and aborted); the writer's end (SettleUnflushedAsync) accounts for the messages not known written.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask FlushWithoutLockAsync(Connection connection)
    {
        if (connection.Stream is not { HasBuffered: true } stream)
        {
            return;
        }

        try
        {
            await stream.FlushBufferAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RecordWriteFailure(connection, ex);
        }
    }

    // Holding _writeLock, when the connection's writer ends: what is still buffered is flushed (a server that closed is
    // still owed the frames before its close), and the messages not known written are resent or reported.
    private async ValueTask SettleUnflushedAsync(Connection connection)
    {
        if (connection.Stream is not { } stream || connection.Unflushed.Count == 0)
        {
            return;
        }

        if (Volatile.Read(ref connection.WriteFailure) is null)
        {
            try
            {
                await stream.FlushBufferAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                RecordWriteFailure(connection, ex);
            }
        }

        ReleaseFlushed(connection, stream.FlushedSequence);
        if (connection.Unflushed.Count > 0)
        {
            _ = WriteFailed(connection, Volatile.Read(ref connection.WriteFailure) ?? new OperationCanceledException(), current: null);
        }
    }

    // The one failure path, holding _writeLock: the connection is broken (recorded, aborted), and every message whose
    // bytes may not have left — those still in the write buffer, in order, then the one being written — is kept for the
    // next connection (a reconnect policy) or reported: an awaited send that has not completed fails, the others are
    // counted into the report of the connection's end. Returns what the write that failed throws.
    private Exception WriteFailed(Connection connection, Exception failure, OutgoingMessage? current)
    {
        RecordWriteFailure(connection, failure);
        if (connection.Stream is { } stream)
        {
            ReleaseFlushed(connection, stream.FlushedSequence);
        }

        while (connection.Unflushed.TryDequeue(out var item))
        {
            if (item.Buffer.Array is null)
            {
                // Its bytes were not kept (no reconnect policy): reported.
                Interlocked.Increment(ref _unsentFireAndForget);
                continue;
            }

            // Its send completed when it entered the buffer: counted again while it waits for the next connection.
            Interlocked.Add(ref _bufferedAmount, item.Buffer.Length);
            KeepOrReport(item with { Completion = null, Awaited = false }, failure);
        }

        if (current is not { } message)
        {
            return NotWritten(failure);
        }

        // An awaited send on the fast path has no completion yet: one is made for it to wait for its resend.
        var resend = message.Awaited && message.Completion is null ? new SendCompletion(CancellationToken.None) : null;
        if (KeepOrReport(resend is null ? message : message with { Completion = resend }, failure) && resend is not null)
        {
            return new MessageKeptException(resend);
        }

        return NotWritten(failure);
    }

    // Counted in BufferedAmount: kept for the next connection when there may be one (true); otherwise released and
    // reported: an awaited send fails, an awaited fast-path send learns it from its caller's exception, a fire-and-forget
    // one is counted into the report of the connection's end.
    private bool KeepOrReport(OutgoingMessage item, Exception failure)
    {
        if (TryKeepForResend(item))
        {
            return true;
        }

        Release(item);
        if (item.Completion is { } completion)
        {
            completion.Fail(NotWritten(failure));
        }
        else if (!item.Awaited)
        {
            Interlocked.Increment(ref _unsentFireAndForget);
        }

        return false;
    }

    // Unless the connection was already ending (its token cancelled), a failed write or flush is what ended it: it is
    // recorded, and the socket aborted, which ends the receive loop too.
    private static void RecordWriteFailure(Connection connection, Exception failure)
    {
        if (failure is OperationCanceledException && connection.Cancellation.IsCancellationRequested)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref connection.WriteFailure, failure, null) is null)
        {
            connection.Socket.Abort();
        }
    }

    // What an awaited send whose write failed throws. A write is never given the caller's token, so a cancelled write
    // means the connection ended (or was aborted) under it: the message was not sent, no cancellation was asked for.
    private Exception NotWritten(Exception failure)
        => WebSocketErrors.Tag(
            failure is WebSocketException wse
                ? new WebSocketException(wse.WebSocketErrorCode, $"The message was not sent: the connection to {_displayUrl} failed while it was being written ({wse.Message}).", failure)
                : new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the connection to {_displayUrl} ended while it was being written.", failure),
            WebSocketErrorKind.NotSent);

    // A message leaves the send side (dropped or failed): BufferedAmount stops counting it, its buffer goes back.
    private void Release(OutgoingMessage item)
    {
        Interlocked.Add(ref _bufferedAmount, -item.Buffer.Length);
        item.Buffer.Return();
    }

    // The lock order (docs/architecture.md): _dispatchLock, then _writeLock, then ConnectionStream's locks; _stateLock
    // and the other monitors are taken last and held briefly. So no monitor may be held when an async gate is entered or
    // a socket is written.
    [Conditional("DEBUG")]
    private void AssertLockOrder()
    {
        Debug.Assert(!Monitor.IsEntered(_stateLock), "_stateLock is held while entering an async gate or writing.");
        Debug.Assert(!Monitor.IsEntered(_listenersLock), "_listenersLock is held while entering an async gate or writing.");
        Debug.Assert(!Monitor.IsEntered(_heldLock), "_heldLock is held while entering an async gate or writing.");
        Debug.Assert(!Monitor.IsEntered(_requestsLock), "_requestsLock is held while entering an async gate or writing.");
    }

    private readonly record struct OutgoingMessage
    {
        public OutgoingMessage(PooledBuffer buffer, WebSocketMessageType type, SendCompletion? completion)
        {
            Buffer = buffer;
            Type = type;
            Completion = completion;
        }

        private OutgoingMessage(int closeCode, string? closeReason)
        {
            Type = WebSocketMessageType.Close;
            CloseCode = closeCode;
            CloseReason = closeReason;
        }

        public PooledBuffer Buffer { get; init; }

        public WebSocketMessageType Type { get; }

        public SendCompletion? Completion { get; init; }

        // An awaited send on the fast path (no completion: its caller awaits the write itself).
        public bool Awaited { get; init; }

        public int CloseCode { get; }

        public string? CloseReason { get; }

        // TimeProvider timestamp of the Send, for OfflineSendPolicy.MaxAge (0 when there is no age limit).
        public long EnqueuedAt { get; init; }

        // The connection stream's sequence number of the frame, once written into it.
        public long Sequence { get; init; }

        public bool IsCloseFrame => Type == WebSocketMessageType.Close;

        // Not a frame: wakes a writer waiting for messages so it sees that its connection is ending (see WakeUpWriter).
        public bool IsWakeUp => Type == WebSocketMessageType.Close && CloseCode < 0;

        public static OutgoingMessage CloseFrame(int code, string? reason) => new(code, reason);
    }

    // The completion of one queued SendAsync. Cancellation wins only while the message is still queued: a frame that is
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

    // Thrown (internally) by a fast-path write that failed when a reconnect policy keeps the message: its awaiting caller
    // waits for the resend instead of failing.
    private sealed class MessageKeptException(SendCompletion completion) : Exception("The message is kept for the next connection.")
    {
        public SendCompletion Completion { get; } = completion;
    }
}
