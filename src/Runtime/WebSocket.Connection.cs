using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// The life of the connections, start to end, in one place: one Connection object per attempt (connect, open, run the
// writer and the receive loop), then either the next attempt (the reconnect policy decides) or the final state, raising
// error and close events exactly once. docs/architecture.md draws the objects, threads and locks.
public partial class WebSocket
{
    // The close code browsers report when a connection ended without a close frame.
    private const int AbnormalClosure = 1006;

    // The open connection (guarded by _stateLock; read without it by the send fast path, which checks again under it).
    private Connection? _connection;

    // One WebSocket, one connection object per attempt: connect, run, and either reconnect (the policy decides) or
    // finish, raising close exactly once.
    private async Task RunAsync()
    {
        var connectToken = _connectCancellation!.Token;
        var policy = _options.Reconnect;
        var time = _options.TimeProvider;
        var outageStart = time.GetTimestamp();
        var retries = 0;
        var hasConnected = false;
        while (true)
        {
            var outcome = await RunConnectionAsync(connectToken, hasConnected ? retries : 0, hasConnected ? outageStart : 0).ConfigureAwait(false);
            _telemetry.ConnectionEnded(outcome.Opened, outcome.Code, outcome.Reason, outcome.Clean, outcome.Status, outcome.Errors);
            if (outcome.Opened)
            {
                FailCorrelatedOfEndedConnection(outcome.Errors.Count > 0 ? outcome.Errors[^1] : null, final: false);
                hasConnected = true;
                retries = 0;
                outageStart = time.GetTimestamp();
            }

            var attempt = retries + 1;
            var delay = TakeReconnectRequest()
                ? TimeSpan.Zero
                : policy is null ? null : DecideReconnect(policy, outcome, attempt, time.GetElapsedTime(outageStart), hasConnected);
            if (delay is null || !TryEnterReconnecting())
            {
                if (policy is not null && delay is null)
                {
                    _telemetry.ReconnectGaveUp();
                }

                await FinishAsync(outcome.Errors, outcome.Opened, outcome.Code, outcome.Clean, outcome.Reason).ConfigureAwait(false);
                return;
            }

            retries = attempt;
            _telemetry.ReconnectScheduled(delay.Value);
            var cause = outcome.Errors.Count > 0 ? outcome.Errors[^1] : null;

            // The delay starts before the handlers run: a slow handler does not lengthen it, and a test that saw
            // OnReconnecting can advance a fake clock knowing the timer exists. ReconnectAsync ends it early.
            var skip = BeginReconnectWait();
            var wait = Task.Delay(delay.Value, time, skip);
            await RaiseReconnectingAsync(outcome.Errors, new ReconnectingEventArgs(attempt, delay.Value, cause, outcome.Code, outcome.Reason)).ConfigureAwait(false);
            await DropExpiredMessagesAsync().ConfigureAwait(false);
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connectToken.IsCancellationRequested)
            {
                // Closed or disposed while waiting: nothing failed, the user ended it.
                await FinishAsync(new List<Exception>(), opened: false, code: null, clean: false, reason: null).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                // ReconnectAsync: the next attempt starts now.
            }
            finally
            {
                EndReconnectWait();
            }
        }
    }

    // Runs one connection attempt to its end and reports how it ended; raises open (per connection) but never close.
    // reconnectAttempts > 0 marks a reconnection, for OnReconnected.
    private async Task<ConnectionOutcome> RunConnectionAsync(CancellationToken connectToken, int reconnectAttempts, long outageStart)
    {
        using var connection = new Connection(this);
        _telemetry.ConnectionStarting();
        var errors = new List<Exception>();
        var client = _options.Transport is null ? new ClientWebSocket() : null;
        var opened = false;
        var clean = false;
        int? code = null;
        string? reason = null;
        System.Net.HttpStatusCode? status = null;
        var writer = Task.CompletedTask;
        try
        {
            try
            {
                var uri = await ResolveUrlAsync(connectToken).ConfigureAwait(false);
                connection.Socket = client is not null
                    ? await ConnectSocketAsync(client, uri, connection, connectToken).ConfigureAwait(false)
                    : await ConnectTransportAsync(_options.Transport!, uri, connection, connectToken).ConfigureAwait(false);

                lock (_stateLock)
                {
                    if (_readyState == WebSocketState.Connecting)
                    {
                        _readyState = WebSocketState.Open;
                        _connection = connection;
                        opened = true;
                    }
                }

                if (!opened)
                {
                    connection.Socket.Abort();
                    throw new OperationCanceledException(connectToken);
                }
            }
            catch (Exception ex)
            {
                if (client is { HttpStatusCode: not 0 })
                {
                    status = client.HttpStatusCode;
                }

                if (ConnectFailure(ex, status) is { } failure)
                {
                    errors.Add(failure);
                }

                return new ConnectionOutcome(errors, Opened: false, Code: null, Clean: false, Reason: null, status);
            }

            var socket = connection.Socket;
            Volatile.Write(ref _protocol, socket.SubProtocol);
            _telemetry.ConnectionOpened(socket.SubProtocol);
            connection.IdleWatchdog = StartIdleWatchdog(connection);

            // The open handlers run first, so that code awaiting WaitOpenAsync/ConnectAsync never overtakes them
            // (its sends follow theirs, and a Close() after the await is not seen by OnOpen).
            var reconnected = reconnectAttempts > 0
                ? new ReconnectedEventArgs(reconnectAttempts, _options.TimeProvider.GetElapsedTime(outageStart))
                : null;
            await RaiseOpenAsync(reconnected).ConfigureAwait(false);
            Volatile.Read(ref _opened).TrySetResult();

            writer = WriteConnectionAsync(connection);
            await ReceiveLoopAsync(connection).ConfigureAwait(false);

            // The server's close frame arrived. Stop writing (after the frame in flight), then answer it unless our own
            // close frame already went out. With a reconnect policy the queue stays open for the next connection.
            code = (int?)socket.CloseStatus;
            reason = string.IsNullOrEmpty(socket.CloseStatusDescription) ? null : socket.CloseStatusDescription;
            lock (_stateLock)
            {
                connection.RemoteClosed = true;
                if ((_options.Reconnect is not null || _reconnectRequested) && _readyState == WebSocketState.Open)
                {
                    _readyState = WebSocketState.Connecting;
                    WakeUpWriter();
                }
                else
                {
                    _readyState = WebSocketState.Closing;
                    _sendQueue.Writer.TryComplete();
                }
            }

            // A frame in flight is finished, but a server that stopped reading cannot hold the close up for ever.
            if (!await FinishesWithinCloseTimeoutAsync(writer).ConfigureAwait(false))
            {
                connection.CloseTimedOut = true;
                socket.Abort();
                throw new TimeoutException();
            }

            clean = true;
            if (socket.State == System.Net.WebSockets.WebSocketState.CloseReceived)
            {
                try
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, connection.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The server closed the TCP connection right after its close frame: the close code is known, but the
                    // handshake did not complete in both directions, which WasClean reports.
                    clean = false;
                }
            }
        }
        catch (Exception ex)
        {
            // The connection is known lost from here: nothing more is written to it (a write would reach a socket whose
            // peer is gone and vanish); what is queued waits for the next connection or is reported.
            connection.Lost = true;
            if (connection.CloseTimedOut)
            {
                errors.Add(WebSocketErrors.Tag(new TimeoutException($"The closing handshake with {_displayUrl} did not complete within {_options.CloseTimeout} (WebSocketOptions.CloseTimeout): the server neither answered nor took the data still being written. The connection was aborted."), WebSocketErrorKind.CloseTimeout));
            }
            else if (connection.IdleTimedOut)
            {
                errors.Add(WebSocketErrors.Tag(new TimeoutException($"Nothing (no message, ping or pong) was received from {_displayUrl} for {_options.IdleTimeout} (WebSocketOptions.IdleTimeout); the connection was considered dead and aborted."), WebSocketErrorKind.IdleTimeout));
            }
            else if (!IsDisposedAbort)
            {
                // A failed write is described like a failed read: ClientWebSocket reports a write cut short by the
                // connection breaking as an OperationCanceledException, which is not what happened for the user.
                errors.Add(Describe(Volatile.Read(ref connection.WriteFailure) ?? ex));
            }
        }
        finally
        {
            connection.IdleWatchdog?.Dispose();
            await connection.Cancellation.CancelAsync().ConfigureAwait(false);

            // Frames are written without a token (a cancelled frame write would abort the socket anyway): a writer held up
            // by a server that stopped reading ends when the socket is aborted.
            if (!writer.IsCompleted)
            {
                connection.Socket?.Abort();
            }

            await writer.ConfigureAwait(false);
            connection.Socket?.Dispose();
        }

        return new ConnectionOutcome(errors, opened, code, clean, reason, status);
    }

    private bool IsDisposedAbort => _lifetime.IsCancellationRequested;

    private async Task<bool> FinishesWithinCloseTimeoutAsync(Task task)
    {
        if (_options.CloseTimeout == Timeout.InfiniteTimeSpan)
        {
            await task.ConfigureAwait(false);
            return true;
        }

        try
        {
            await task.WaitAsync(_options.CloseTimeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private Exception Describe(Exception ex) => WebSocketErrors.Tag(
        ex switch
        {
            WebSocketException wse => new WebSocketException(wse.WebSocketErrorCode, $"The connection to {_displayUrl} failed: {wse.Message}", wse),
            OperationCanceledException => new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"The connection to {_displayUrl} was aborted.", ex),
            _ => ex,
        },
        WebSocketErrorKind.ConnectionLost);

    // Called under _stateLock when Close() is called on an open socket: the timeout covers writing the messages queued
    // before the close frame too, so a server that stops reading cannot hold the close up forever.
    private void StartCloseTimer(Connection connection)
    {
        if (_options.CloseTimeout == Timeout.InfiniteTimeSpan || connection.CloseTimer is not null)
        {
            return;
        }

        connection.CloseTimer = new Timer(
            static state =>
            {
                var connection = (Connection)state!;
                connection.CloseTimedOut = true;
                connection.Socket?.Abort();
            },
            connection,
            _options.CloseTimeout,
            Timeout.InfiniteTimeSpan);
    }

    private Task FinishWithoutConnectionAsync(string? reason)
        => FinishAsync(new List<Exception>(), opened: false, code: null, clean: false, reason);

    private async Task FinishAsync(List<Exception> errors, bool opened, int? code, bool clean, string? reason)
    {
        // From here the socket is closing whatever ended it: a send now fails as "closing" rather than finding the
        // queue completed under an "open" socket (a connection that broke left the state as it was).
        lock (_stateLock)
        {
            if (_readyState is WebSocketState.Open or WebSocketState.Connecting)
            {
                _readyState = WebSocketState.Closing;
            }
        }

        FailRecoveredMessages(errors.Count > 0 ? errors[^1] : null);
        FailUnsentMessages(errors.Count > 0 ? errors[^1] : null);
        if (_unsentFireAndForget > 0)
        {
            errors.Add(WebSocketErrors.Tag(
                new WebSocketException(WebSocketError.InvalidState, $"{_unsentFireAndForget} queued message(s) were not sent: the connection to {_displayUrl} ended before they could be written."),
                WebSocketErrorKind.NotSent));
        }

        DiscardHeldMessages();
        FailCorrelatedOfEndedConnection(errors.Count > 0 ? errors[^1] : null, final: true);
        lock (_stateLock)
        {
            _connection = null;
            _readyState = WebSocketState.Closed;
            _closeCode = code ?? AbnormalClosure;
            _closeReason = reason;
            _wasClean = clean && code is not null;
        }

        _telemetry.Closed(code ?? AbnormalClosure, reason, clean && code is not null, errors);

        if (!opened)
        {
            _opened.TrySetException(errors.Count > 0
                ? errors[0]
                : new InvalidOperationException($"The WebSocket to {_displayUrl} was closed before it opened."));
        }

        // Nobody may be waiting for the open task; observing it here keeps a failed connect from surfacing later as
        // an unobserved task exception.
        _ = _opened.Task.Exception;

        await RaiseCloseAsync(errors, reason, new WebSocketCloseEventArgs(code ?? AbnormalClosure, reason, clean && code is not null, errors.Count > 0 ? errors[^1] : null)).ConfigureAwait(false);
        _closed.TrySetResult();
    }

    /// <summary>
    /// One connection attempt and everything that belongs to it alone: its socket, its cancellation, its write buffer and
    /// the messages written into it but not yet flushed, how it ended, its timers. A new attempt gets a new object, so
    /// nothing of an old connection (a late timer, a failed write, a flag) can reach the next one.
    /// </summary>
    private sealed class Connection : IThreadPoolWorkItem, IDisposable
    {
        private readonly WebSocket _owner;

        public Connection(WebSocket owner)
        {
            _owner = owner;
            Cancellation = CancellationTokenSource.CreateLinkedTokenSource(owner._lifetime.Token);
        }

        // Set once connected; never null from the open on.
        public System.Net.WebSockets.WebSocket Socket { get; set; } = null!;

        public CancellationTokenSource Cancellation { get; }

        public CancellationToken Token => Cancellation.Token;

        // The write buffer under a ClientWebSocket on HTTP/1.1, or null (HTTP/2, a transport): then every frame is written
        // at once. Set by the handshake's stream filter.
        public ConnectionStream? Stream { get; set; }

        // The handler the socket connected through, disposed with the connection.
        public HttpMessageInvoker? Invoker { get; set; }

        // Messages written into Stream's buffer and not yet flushed, in order (guarded by the write lock). Their buffers
        // are kept until the flush: if it fails they are written again on the next connection, or reported.
        public Queue<OutgoingMessage> Unflushed { get; } = new();

        // Guarded by _stateLock: callers may write directly (what must go first on the connection is written).
        public bool Writable { get; set; }

        // The server's close frame arrived.
        public volatile bool RemoteClosed;

        // The connection broke (the receive loop failed): nothing more is written to it.
        public volatile bool Lost;
        public volatile bool CloseTimedOut;
        public volatile bool IdleTimedOut;

        // The first write or flush that failed: the connection is broken.
        public Exception? WriteFailure;

        // 1 while a flush is queued to the thread pool (see ScheduleFlush).
        public int FlushScheduled;

        // TimeProvider timestamp of the last bytes (or frame) received, for IdleTimeout.
        public long LastReceived;

        public Timer? CloseTimer { get; set; }

        public IDisposable? IdleWatchdog { get; set; }

        void IThreadPoolWorkItem.Execute() => _ = _owner.RunScheduledFlushAsync(this);

        public void Dispose()
        {
            CloseTimer?.Dispose();
            IdleWatchdog?.Dispose();
            Invoker?.Dispose();
            Cancellation.Dispose();
        }
    }
}
