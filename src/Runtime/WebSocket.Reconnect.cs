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

    // Guarded by _stateLock: ReconnectAsync asked for a new connection now; the reconnect delay being waited, if any.
    private bool _reconnectRequested;
    private CancellationTokenSource? _reconnectWait;

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

    /// <summary>
    /// Replaces the connection with a new one now, with or without <see cref="WebSocketOptions.Reconnect"/>: an open
    /// connection is closed (code 1000, reason "reconnecting", bounded by <see cref="WebSocketOptions.CloseTimeout"/>) and
    /// a new attempt starts at once; while the socket waits to reconnect, the wait ends and the attempt starts now; while an
    /// attempt is under way, it goes on. As for a lost connection: <see cref="OnReconnecting"/> (attempt 1, no delay), then
    /// <see cref="OnOpen"/> and <see cref="OnReconnected"/>; <see cref="OnClose"/> does not fire; messages queued meanwhile
    /// are written on the new connection, after what <see cref="OnConnected"/> sends. Each attempt asks
    /// <see cref="WebSocketOptions.UrlProvider"/> for its URL. Without a policy, the new attempt is the only one: if it fails,
    /// the socket closes.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the reconnection goes on.</param>
    /// <returns>A task that completes when the new connection is open, or fails as <see cref="WaitOpenAsync"/> does.</returns>
    /// <exception cref="InvalidOperationException">The socket was never started (<see cref="WebSocketOptions.AutoConnect"/> off), or it is closing or closed.</exception>
    /// <exception cref="ObjectDisposedException">The socket was disposed.</exception>
    public Task ReconnectAsync(CancellationToken cancellationToken = default)
    {
        Task opened;
        CancellationTokenSource? endWait = null;
        lock (_stateLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_started)
            {
                throw new InvalidOperationException($"Cannot reconnect: the WebSocket to {_displayUrl} was never connected (WebSocketOptions.AutoConnect is off); call Connect or ConnectAsync.");
            }

            switch (_readyState)
            {
                case WebSocketState.Closing:
                case WebSocketState.Closed:
                    throw new InvalidOperationException($"Cannot reconnect: the WebSocket to {_displayUrl} is {_readyState.ToString().ToLowerInvariant()}; create a new one.");

                case WebSocketState.Connecting:
                    endWait = _reconnectWait;
                    break;

                case WebSocketState.Open when !_reconnectRequested:
                    _reconnectRequested = true;
                    if (_opened.Task.IsCompleted)
                    {
                        Volatile.Write(ref _opened, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    }

                    // The close frame goes through the writer, after what is queued; later sends wait for the new connection.
                    _connection!.Writable = false;
                    _sendQueue.Writer.TryWrite(OutgoingMessage.CloseFrame(1000, "reconnecting"));
                    StartCloseTimer(_connection);
                    break;
            }

            opened = _opened.Task;
        }

        // Outside the lock: the next attempt may start on this thread, inside Cancel.
        try
        {
            endWait?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait ended meanwhile and an attempt is already under way: nothing more to do.
        }

        return opened.WaitAsync(cancellationToken);
    }

    private bool TakeReconnectRequest()
    {
        lock (_stateLock)
        {
            var requested = _reconnectRequested;
            _reconnectRequested = false;
            return requested;
        }
    }

    // The token of a reconnect delay: cancelled by ReconnectAsync (the next attempt starts now), or by close and dispose.
    private CancellationToken BeginReconnectWait()
    {
        lock (_stateLock)
        {
            _reconnectWait = CancellationTokenSource.CreateLinkedTokenSource(_connectCancellation!.Token);
            return _reconnectWait.Token;
        }
    }

    private void EndReconnectWait()
    {
        lock (_stateLock)
        {
            _reconnectWait?.Dispose();
            _reconnectWait = null;
        }
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
            _connection = null;
            if (_opened.Task.IsCompleted)
            {
                Volatile.Write(ref _opened, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return true;
        }
    }

    private async Task RaiseReconnectingAsync(List<Exception> errors, ReconnectingEventArgs args)
    {
        AssertLockOrder();
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
            if ((_options.Reconnect is null && !_reconnectRequested) || _lifetime.IsCancellationRequested || _readyState is WebSocketState.Closing or WebSocketState.Closed)
            {
                return false;
            }

            (_resend ??= []).Add(message);
            return true;
        }
    }

    // What the next connection must write first: the open handlers' messages, then those a lost connection cut short.
    private (List<OutgoingMessage>? First, List<OutgoingMessage>? Resend) TakeMessagesToGoFirst()
    {
        lock (_stateLock)
        {
            var taken = (_firstMessages, _resend);
            _firstMessages = null;
            _resend = null;
            return taken;
        }
    }

    // When the socket is finally closed: the messages kept for a next connection are not sent; awaited sends fail, and
    // fire-and-forget ones are counted into the report FinishAsync makes.
    private void FailRecoveredMessages(Exception? cause)
    {
        var (first, resend) = TakeMessagesToGoFirst();

        if (resend is not null)
        {
            (first ??= []).AddRange(resend);
        }

        foreach (var item in first ?? [])
        {
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

    // Called under _stateLock by Enqueue: the offline send policy, while the socket is connecting or reconnecting.
    private InvalidOperationException? RefuseOfflineSend(int length)
    {
        if (_options.OfflineSends is not { } policy || _readyState != WebSocketState.Connecting)
        {
            return null;
        }

        if (policy.Mode == OfflineSendMode.FailFast)
        {
            return new InvalidOperationException($"Cannot send: the WebSocket to {_displayUrl} is not open (it is connecting or reconnecting) and WebSocketOptions.OfflineSends is FailFast.");
        }

        var queued = _sendQueue.Reader.Count;
        if (queued >= policy.MaxMessages)
        {
            return new InvalidOperationException($"Cannot send: {queued} message(s) are already queued while the WebSocket to {_displayUrl} is not open (OfflineSendPolicy.MaxMessages is {policy.MaxMessages}).");
        }

        var bytes = Interlocked.Read(ref _bufferedAmount);
        if (bytes + length > policy.MaxBytes)
        {
            return new InvalidOperationException($"Cannot send a message of {length} bytes: {bytes} bytes are already queued while the WebSocket to {_displayUrl} is not open (OfflineSendPolicy.MaxBytes is {policy.MaxBytes}).");
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
            $"{expired.Count} queued message(s) ({bytes} bytes) to {_displayUrl} were dropped without being sent: they were older than {maxAge} (OfflineSendPolicy.MaxAge) before a connection could write them.",
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
