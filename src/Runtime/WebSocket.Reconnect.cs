using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// Resilience: the reconnect decision and events, the messages that must go first on a new connection (what the open
// handlers send, then the message whose write a lost connection cut short), and the offline send policy.
public partial class WebSocket
{
    private Action<ReconnectingEventArgs>? _onReconnecting;
    private Action<ReconnectedEventArgs>? _onReconnected;

    // Set on the dispatch thread while the open handlers run: what they send goes to _firstMessages.
    private bool _sendFirst;

    // Guarded by _stateLock.
    private List<OutgoingMessage>? _firstMessages;

    // The messages whose write a lost connection cut short, in send order (a direct write and the writer loop can each
    // lose one: the direct one, which held the write lock first, comes first).
    private List<OutgoingMessage>? _resend;

    private readonly object _expiredLock = new();
    private List<OutgoingMessage>? _expired;
    private bool _expiredReportScheduled;

    /// <summary>
    /// Invoked when, with <see cref="WebSocketOptions.Reconnect"/>, the connection was lost (or an attempt failed) and
    /// the socket will try again: with the attempt number, the delay before it, and the cause. It follows the
    /// <see cref="OnError"/> that reported a failure, and replaces <see cref="OnClose"/> for drops that are retried.
    /// </summary>
    public Action<ReconnectingEventArgs>? OnReconnecting
    {
        get => Volatile.Read(ref _onReconnecting);
        set => Volatile.Write(ref _onReconnecting, value);
    }

    /// <summary>
    /// Invoked when the socket is open again after a lost connection, after <see cref="OnConnected"/> and
    /// <see cref="OnOpen"/> of the new connection. Not invoked for the first open.
    /// </summary>
    public Action<ReconnectedEventArgs>? OnReconnected
    {
        get => Volatile.Read(ref _onReconnected);
        set => Volatile.Write(ref _onReconnected, value);
    }

    /// <summary>
    /// Called every time a connection opens (the first one and every reconnection), under the dispatch lock and before
    /// <see cref="OnOpen"/>. Override it in a typed client's partial class to send what every connection needs, such as
    /// subscriptions or authentication: what it sends is written before anything queued while the socket was offline.
    /// An exception is reported to <see cref="OnError"/> and the connection goes on. The base does nothing.
    /// </summary>
    /// <example>
    /// <code>
    /// public partial class TickerClient
    /// {
    ///     protected override void OnConnected() => Send(new Subscribe("EURUSD"));
    /// }
    /// </code>
    /// </example>
    protected virtual void OnConnected()
    {
    }

    private sealed record ConnectionOutcome(List<Exception> Errors, bool Opened, int? Code, bool Clean, string? Reason, System.Net.HttpStatusCode? Status);

    // The delay before the next attempt, or null to give up.
    private static TimeSpan? DecideReconnect(ReconnectPolicy policy, ConnectionOutcome outcome, int attempt, TimeSpan elapsed, bool hasConnected)
    {
        if (policy.MaxAttempts is { } max && attempt > max)
        {
            return null;
        }

        var cause = outcome.Errors.Count > 0 ? outcome.Errors[^1] : null;
        var context = new ReconnectContext(attempt, cause, outcome.Code, outcome.Reason, outcome.Status, elapsed, hasConnected);
        bool retry;
        try
        {
            retry = (policy.ShouldReconnect ?? ReconnectPolicy.IsTransient)(context);
        }
        catch (Exception ex)
        {
            outcome.Errors.Add(new InvalidOperationException($"ReconnectPolicy.ShouldReconnect threw ({ex.Message}); the WebSocket gives up reconnecting.", ex));
            return null;
        }

        if (!retry)
        {
            return null;
        }

        var delay = policy.NextDelay(attempt);
        return policy.MaxElapsed is { } limit && elapsed + delay > limit ? null : delay;
    }

    // False when the user closed or disposed the socket: then it never reconnects.
    private bool TryEnterReconnecting()
    {
        lock (_stateLock)
        {
            if (_lifetime.IsCancellationRequested || _readyState is WebSocketState.Closing or WebSocketState.Closed)
            {
                return false;
            }

            _readyState = WebSocketState.Connecting;
            _openSocket = null;
            if (_opened.Task.IsCompleted)
            {
                Volatile.Write(ref _opened, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return true;
        }
    }

    private async Task RaiseReconnectingAsync(List<Exception> errors, ReconnectingEventArgs args)
    {
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            foreach (var error in errors)
            {
                RaiseError(error);
            }

            if (Volatile.Read(ref _onReconnecting) is { } handler)
            {
                Invoke(handler, args);
            }
        }
        finally
        {
            ExitDispatch();
        }
    }

    // The queue outlives the connection, so it cannot be completed to stop a writer that waits for messages: a wake-up
    // item does that, and is skipped by every later reader.
    private void WakeUpWriter() => _sendQueue.Writer.TryWrite(OutgoingMessage.CloseFrame(-1, null));

    // Called under _stateLock by Enqueue.
    private bool TrySendFirst(OutgoingMessage message)
    {
        if (!_sendFirst || !IsDispatchingOnCurrentThread)
        {
            return false;
        }

        (_firstMessages ??= []).Add(message);
        return true;
    }

    // Called by the writer when a write failed: keeps the message for the next connection when there may be one.
    private bool TryKeepForResend(OutgoingMessage message)
    {
        lock (_stateLock)
        {
            if (_options.Reconnect is null || _lifetime.IsCancellationRequested || _readyState is WebSocketState.Closing or WebSocketState.Closed)
            {
                return false;
            }

            (_resend ??= []).Add(message);
            return true;
        }
    }

    // The writer of one connection: first what the open handlers sent, then the message a lost connection cut short,
    // then the queue in order. Stale queued messages are dropped (and reported) before anything is written.
    private async Task WriteConnectionAsync(System.Net.WebSockets.WebSocket socket, CancellationToken cancellationToken)
    {
        List<OutgoingMessage>? first;
        List<OutgoingMessage>? resend;
        lock (_stateLock)
        {
            first = _firstMessages;
            _firstMessages = null;
            resend = _resend;
            _resend = null;
        }

        if (first is not null || resend is not null)
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

                    await WriteOneAsync(socket, item, cancellationToken).ConfigureAwait(false);
                }

                // A message that fails again is kept for the next connection (WriteOneAsync), with those after it.
                while (resend is { Count: > 0 })
                {
                    var cutShort = resend[0];
                    resend.RemoveAt(0);
                    if (resend.Count == 0)
                    {
                        resend = null;
                    }

                    await WriteOneAsync(socket, cutShort, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                // The connection broke again. What the open handlers sent belongs to that connection (they run again on
                // the next one): the rest of it is failed and reported, never left to be sent twice.
                var unsent = 0;
                for (index++; first is not null && index < first.Count; index++)
                {
                    if (first[index].Completion is { } completion)
                    {
                        completion.Fail(new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the connection to {Url} was lost before it could be written.", ex));
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
                    if (!TryKeepForResend(item))
                    {
                        item.Completion?.Fail(new WebSocketException(WebSocketError.InvalidState, $"The message was not sent: the connection to {Url} was lost before it could be written.", ex));
                        if (item.Completion is null)
                        {
                            Interlocked.Increment(ref _unsentFireAndForget);
                        }

                        Release(item);
                    }
                }

                if (unsent > 0)
                {
                    await RaiseErrorAsync(new WebSocketException(WebSocketError.InvalidState, $"{unsent} message(s) sent by the open handlers were not sent: the connection to {Url} was lost before they could be written.", ex)).ConfigureAwait(false);
                }

                RecordWriteFailure(ex, socket, cancellationToken);
                return;
            }
        }

        await WriteLoopAsync(socket, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteOneAsync(System.Net.WebSockets.WebSocket socket, OutgoingMessage item, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(item.Buffer.Memory, item.Type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            _telemetry.MessageSent(item.Buffer.Length);
        }
        catch (Exception ex)
        {
            if (!TryKeepForResend(item))
            {
                item.Completion?.Fail(NotWritten(ex));
                Release(item);
            }

            throw;
        }

        Release(item);
        item.Completion?.Succeed();
    }

    private void Release(OutgoingMessage item) => Release(item.Buffer);

    // When the socket is finally closed: the messages kept for a next connection are not sent; awaited sends fail, and
    // fire-and-forget ones are counted into the report FinishAsync makes.
    private void FailRecoveredMessages(Exception? cause)
    {
        List<OutgoingMessage>? first;
        List<OutgoingMessage>? resend;
        lock (_stateLock)
        {
            first = _firstMessages;
            _firstMessages = null;
            resend = _resend;
            _resend = null;
        }

        if (resend is not null)
        {
            (first ??= []).AddRange(resend);
        }

        foreach (var item in first ?? [])
        {
            Release(item);
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

    // Called under _stateLock by Enqueue: the offline send policy, while the socket is connecting or reconnecting.
    private InvalidOperationException? RefuseOfflineSend(int length)
    {
        if (_options.OfflineSends is not { } policy || _readyState != WebSocketState.Connecting)
        {
            return null;
        }

        if (policy.Mode == OfflineSendMode.FailFast)
        {
            return new InvalidOperationException($"Cannot send: the WebSocket to {Url} is not open (it is connecting or reconnecting) and WebSocketOptions.OfflineSends is FailFast.");
        }

        var queued = _sendQueue.Reader.Count;
        if (queued >= policy.MaxMessages)
        {
            return new InvalidOperationException($"Cannot send: {queued} message(s) are already queued while the WebSocket to {Url} is not open (OfflineSendPolicy.MaxMessages is {policy.MaxMessages}).");
        }

        var bytes = Interlocked.Read(ref _bufferedAmount);
        if (bytes + length > policy.MaxBytes)
        {
            return new InvalidOperationException($"Cannot send a message of {length} bytes: {bytes} bytes are already queued while the WebSocket to {Url} is not open (OfflineSendPolicy.MaxBytes is {policy.MaxBytes}).");
        }

        return null;
    }

    private long StampForMaxAge() => _options.OfflineSends?.MaxAge is null ? 0 : _options.TimeProvider.GetTimestamp();

    private bool IsExpired(in OutgoingMessage item)
        => _options.OfflineSends?.MaxAge is { } maxAge && !item.IsCloseFrame && _options.TimeProvider.GetElapsedTime(item.EnqueuedAt) > maxAge;

    // Called by the writer for a stale message it took from the queue: dropped now, reported soon after.
    private void DropExpired(OutgoingMessage item)
    {
        bool schedule;
        lock (_expiredLock)
        {
            (_expired ??= []).Add(item);
            schedule = !_expiredReportScheduled;
            _expiredReportScheduled = true;
        }

        if (schedule)
        {
            _ = Task.Run(async () =>
            {
                lock (_expiredLock)
                {
                    _expiredReportScheduled = false;
                }

                await ReportExpiredAsync().ConfigureAwait(false);
            });
        }
    }

    // Between connections (no writer runs): drops the stale messages at the front of the queue (it is in send order, so
    // they are all there) and reports them.
    private async Task DropExpiredMessagesAsync()
    {
        if (_options.OfflineSends?.MaxAge is null)
        {
            return;
        }

        var reader = _sendQueue.Reader;
        while (reader.TryPeek(out var head) && (head.IsWakeUp || IsExpired(head)) && reader.TryRead(out var item))
        {
            if (item.IsWakeUp)
            {
                continue;
            }

            Interlocked.Decrement(ref _queuedMessages);
            if (item.Completion?.TryBeginWrite() == false)
            {
                Release(item);
                continue;
            }

            lock (_expiredLock)
            {
                (_expired ??= []).Add(item);
            }
        }

        await ReportExpiredAsync().ConfigureAwait(false);
    }

    private async Task ReportExpiredAsync()
    {
        List<OutgoingMessage>? expired;
        lock (_expiredLock)
        {
            expired = _expired;
            _expired = null;
        }

        if (expired is null || _options.OfflineSends?.MaxAge is not { } maxAge)
        {
            return;
        }

        var messages = new List<WebSocketMessage>(expired.Count);
        long bytes = 0;
        foreach (var item in expired)
        {
            var payload = item.Buffer.Memory.Span;
            bytes += payload.Length;
            messages.Add(item.Type == WebSocketMessageType.Text
                ? WebSocketMessage.FromText(System.Text.Encoding.UTF8.GetString(payload))
                : WebSocketMessage.FromData(Data.FromBytes(payload)));
        }

        var error = new OfflineMessagesDroppedException(
            $"{expired.Count} queued message(s) ({bytes} bytes) to {Url} were dropped without being sent: they were older than {maxAge} (OfflineSendPolicy.MaxAge) before a connection could write them.",
            messages,
            maxAge);
        foreach (var item in expired)
        {
            Release(item);
            item.Completion?.Fail(error);
        }

        _telemetry.OfflineMessagesExpired(error, bytes);
        await RaiseErrorAsync(error).ConfigureAwait(false);
    }
}
