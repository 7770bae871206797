using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// The life of the connection, start to end, in one place: connect, open, run the writer and the receive loop,
// then settle the final state and raise error and close events exactly once.
public partial class WebSocket
{
    // The close code browsers report when a connection ended without a close frame.
    private const int AbnormalClosure = 1006;

    private volatile bool _remoteClosed;
    private volatile bool _closeTimedOut;
    private volatile bool _idleTimedOut;
    private Exception? _sendFailure;
    private Timer? _closeTimer;
    private System.Net.WebSockets.WebSocket? _openSocket;

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
                FailRequestsOfEndedConnection(outcome.Errors.Count > 0 ? outcome.Errors[^1] : null, final: false);
                hasConnected = true;
                retries = 0;
                outageStart = time.GetTimestamp();
            }

            var attempt = retries + 1;
            var delay = policy is null ? null : DecideReconnect(policy, outcome, attempt, time.GetElapsedTime(outageStart), hasConnected);
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
            // OnReconnecting can advance a fake clock knowing the timer exists.
            var wait = Task.Delay(delay.Value, time, connectToken);
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
        }
    }

    // Runs one connection attempt to its end and reports how it ended; raises open (per connection) but never close.
    // reconnectAttempts > 0 marks a reconnection, for OnReconnected.
    private async Task<ConnectionOutcome> RunConnectionAsync(CancellationToken connectToken, int reconnectAttempts, long outageStart)
    {
        _remoteClosed = false;
        _closeTimedOut = false;
        _idleTimedOut = false;
        Volatile.Write(ref _sendFailure, null);
        _telemetry.ConnectionStarting();
        var errors = new List<Exception>();
        var client = _options.Transport is null ? new ClientWebSocket() : null;
        System.Net.WebSockets.WebSocket? socket = client;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var opened = false;
        var clean = false;
        int? code = null;
        string? reason = null;
        System.Net.HttpStatusCode? status = null;
        var writer = Task.CompletedTask;
        HttpMessageInvoker? invoker = null;
        IDisposable? watchdog = null;
        try
        {
            try
            {
                if (client is not null)
                {
                    invoker = await ConnectSocketAsync(client, connectToken).ConfigureAwait(false);
                }
                else
                {
                    socket = await ConnectTransportAsync(_options.Transport!, connectToken).ConfigureAwait(false);
                }

                lock (_stateLock)
                {
                    if (_readyState == WebSocketState.Connecting)
                    {
                        _readyState = WebSocketState.Open;
                        _openSocket = socket;
                        opened = true;
                    }
                }

                if (!opened)
                {
                    socket!.Abort();
                    throw new OperationCanceledException(connectToken);
                }
            }
            catch (Exception ex)
            {
                if (client is { HttpStatusCode: not 0 })
                {
                    status = client.HttpStatusCode;
                }

                if (ConnectFailure(ex) is { } failure)
                {
                    errors.Add(failure);
                }

                return new ConnectionOutcome(errors, Opened: false, Code: null, Clean: false, Reason: null, status);
            }

            Volatile.Write(ref _protocol, socket!.SubProtocol);
            _telemetry.ConnectionOpened(socket.SubProtocol);
            watchdog = StartIdleWatchdog(socket);

            // The open handlers run first, so that code awaiting WaitOpenAsync/ConnectAsync never overtakes them
            // (its sends follow theirs, and a Close() after the await is not seen by OnOpen).
            var reconnected = reconnectAttempts > 0
                ? new ReconnectedEventArgs(reconnectAttempts, _options.TimeProvider.GetElapsedTime(outageStart))
                : null;
            await RaiseOpenAsync(reconnected).ConfigureAwait(false);
            Volatile.Read(ref _opened).TrySetResult();

            writer = WriteConnectionAsync(socket, connection.Token);
            await ReceiveLoopAsync(socket, connection.Token).ConfigureAwait(false);

            // The server's close frame arrived. Stop writing (after the frame in flight), then answer it unless our own
            // close frame already went out. With a reconnect policy the queue stays open for the next connection.
            code = (int?)socket.CloseStatus;
            reason = string.IsNullOrEmpty(socket.CloseStatusDescription) ? null : socket.CloseStatusDescription;
            lock (_stateLock)
            {
                _remoteClosed = true;
                if (_options.Reconnect is not null && _readyState == WebSocketState.Open)
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
                _closeTimedOut = true;
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
            if (_closeTimedOut)
            {
                errors.Add(new TimeoutException($"The closing handshake with {Url} did not complete within {_options.CloseTimeout} (WebSocketOptions.CloseTimeout): the server neither answered nor took the data still being written. The connection was aborted."));
            }
            else if (_idleTimedOut)
            {
                errors.Add(new TimeoutException($"Nothing (no message, ping or pong) was received from {Url} for {_options.IdleTimeout} (WebSocketOptions.IdleTimeout); the connection was considered dead and aborted."));
            }
            else if (!IsDisposedAbort)
            {
                // A failed write is described like a failed read: ClientWebSocket reports a write cut short by the
                // connection breaking as an OperationCanceledException, which is not what happened for the user.
                errors.Add(Describe(Volatile.Read(ref _sendFailure) ?? ex));
            }
        }
        finally
        {
            watchdog?.Dispose();
            await connection.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            socket?.Dispose();
            invoker?.Dispose();
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

    // Returns the invoker the socket connected through when it needs one of its own (IdleTimeout), to dispose with it.
    private async Task<HttpMessageInvoker?> ConnectSocketAsync(ClientWebSocket socket, CancellationToken connectToken)
    {
        var options = socket.Options;
        options.CollectHttpResponseDetails = true;
        foreach (var protocol in _options.SubProtocols)
        {
            options.AddSubProtocol(protocol);
        }

        foreach (var (name, value) in _options.Headers)
        {
            options.SetRequestHeader(name, value);
        }

        if (_options.KeepAliveInterval is { } keepAlive)
        {
            options.KeepAliveInterval = keepAlive;
        }

        if (_options.KeepAliveTimeout is { } keepAliveTimeout)
        {
            options.KeepAliveTimeout = keepAliveTimeout;
        }

        _options.Configure?.Invoke(options);
        var invoker = _options.IdleTimeout is null ? null : CreateTrafficCountingInvoker(options);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_uri, invoker, timeout.Token).ConfigureAwait(false);
            return invoker;
        }
        catch (OperationCanceledException) when (!connectToken.IsCancellationRequested)
        {
            invoker?.Dispose();
            throw new TimeoutException($"Connecting to {Url} did not complete within {_options.ConnectTimeout} (WebSocketOptions.ConnectTimeout).");
        }
        catch
        {
            invoker?.Dispose();
            throw;
        }
    }

    private async Task<System.Net.WebSockets.WebSocket> ConnectTransportAsync(WebSocketTransport transport, CancellationToken connectToken)
    {
        var request = new WebSocketConnectRequest(
            _uri,
            new List<string>(_options.SubProtocols),
            new Dictionary<string, string>(_options.Headers, StringComparer.OrdinalIgnoreCase),
            this);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            return await transport.ConnectAsync(request, timeout.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{transport.GetType().FullName}.ConnectAsync returned null for {Url}; a transport must return an open socket or throw.");
        }
        catch (OperationCanceledException) when (!connectToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Connecting to {Url} did not complete within {_options.ConnectTimeout} (WebSocketOptions.ConnectTimeout).");
        }
    }

    // What a failed connect is reported as; null when the user disposed the socket (nothing went wrong).
    private Exception? ConnectFailure(Exception ex)
    {
        Exception failure;
        if (IsDisposedAbort)
        {
            failure = new ObjectDisposedException(GetType().FullName, $"The WebSocket to {Url} was disposed before it opened.");
            _opened.TrySetException(failure);
            return null;
        }

        failure = ex switch
        {
            OperationCanceledException => new WebSocketException(WebSocketError.InvalidState, $"The WebSocket to {Url} was closed before the connection was established."),
            TimeoutException => ex,
            WebSocketException wse => new WebSocketException(wse.WebSocketErrorCode, $"Could not connect to {Url}: {wse.Message}", wse),
            _ => new WebSocketException(WebSocketError.Faulted, $"Could not connect to {Url}: {ex.Message}", ex),
        };

        // With a reconnect policy the open task waits for a later attempt; FinishAsync fails it when the socket gives up.
        if (_options.Reconnect is null)
        {
            _opened.TrySetException(failure);
        }

        return failure;
    }

    private Exception Describe(Exception ex) => ex switch
    {
        WebSocketException wse => new WebSocketException(wse.WebSocketErrorCode, $"The connection to {Url} failed: {wse.Message}", wse),
        OperationCanceledException => new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"The connection to {Url} was aborted.", ex),
        _ => ex,
    };

    // Called under _stateLock when Close() is called on an open socket: the timeout covers writing the messages queued
    // before the close frame too, so a server that stops reading cannot hold the close up forever.
    private void StartCloseTimer(System.Net.WebSockets.WebSocket socket)
    {
        if (_options.CloseTimeout == Timeout.InfiniteTimeSpan || _closeTimer is not null)
        {
            return;
        }

        _closeTimer = new Timer(
            static state =>
            {
                var (self, socket) = ((WebSocket, System.Net.WebSockets.WebSocket))state!;
                self._closeTimedOut = true;
                socket.Abort();
            },
            (this, socket),
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
            errors.Add(new WebSocketException(
                WebSocketError.InvalidState,
                $"{_unsentFireAndForget} queued message(s) were not sent: the connection to {Url} ended before they could be written."));
        }

        DiscardHeldMessages();
        FailRequestsOfEndedConnection(errors.Count > 0 ? errors[^1] : null, final: true);
        lock (_stateLock)
        {
            _closeTimer?.Dispose();
            _openSocket = null;
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
                : new InvalidOperationException($"The WebSocket to {Url} was closed before it opened."));
        }

        // Nobody may be waiting for the open task; observing it here keeps a failed connect from surfacing later as
        // an unobserved task exception.
        _ = _opened.Task.Exception;

        await RaiseCloseAsync(errors, reason).ConfigureAwait(false);
        _closed.TrySetResult();
    }
}
