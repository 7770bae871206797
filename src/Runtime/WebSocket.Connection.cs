using System;
using System.Collections.Generic;
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
    private Exception? _sendFailure;
    private Timer? _closeTimer;
    private ClientWebSocket? _openSocket;

    private async Task RunAsync()
    {
        var errors = new List<Exception>();
        var socket = new ClientWebSocket();
        var connectToken = _connectCancellation!.Token;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        var opened = false;
        var clean = false;
        int? code = null;
        string? reason = null;
        var writer = Task.CompletedTask;
        try
        {
            try
            {
                await ConnectSocketAsync(socket, connectToken).ConfigureAwait(false);
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
                    socket.Abort();
                    throw new OperationCanceledException(connectToken);
                }
            }
            catch (Exception ex)
            {
                if (ConnectFailure(ex) is { } failure)
                {
                    errors.Add(failure);
                }

                return;
            }

            Volatile.Write(ref _protocol, socket.SubProtocol);

            // The open handlers run first, so that code awaiting WaitOpenAsync/ConnectAsync never overtakes them
            // (its sends follow theirs, and a Close() after the await is not seen by OnOpen).
            await RaiseOpenAsync().ConfigureAwait(false);
            _opened.TrySetResult();

            writer = WriteLoopAsync(socket, connection.Token);
            await ReceiveLoopAsync(socket, connection.Token).ConfigureAwait(false);

            // The server's close frame arrived. Stop writing (after the frame in flight), then answer it unless our own
            // close frame already went out.
            code = (int?)socket.CloseStatus;
            reason = string.IsNullOrEmpty(socket.CloseStatusDescription) ? null : socket.CloseStatusDescription;
            lock (_stateLock)
            {
                _readyState = WebSocketState.Closing;
                _remoteClosed = true;
                _sendQueue.Writer.TryComplete();
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
            else if (!IsDisposedAbort)
            {
                // A failed write is described like a failed read: ClientWebSocket reports a write cut short by the
                // connection breaking as an OperationCanceledException, which is not what happened for the user.
                errors.Add(Describe(Volatile.Read(ref _sendFailure) ?? ex));
            }
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            await FinishAsync(errors, opened, code, clean, reason).ConfigureAwait(false);
            socket.Dispose();
        }
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

    private async Task ConnectSocketAsync(ClientWebSocket socket, CancellationToken connectToken)
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

        _options.Configure?.Invoke(options);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connectToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_uri, timeout.Token).ConfigureAwait(false);
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
        _opened.TrySetException(failure);
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
    private void StartCloseTimer(ClientWebSocket socket)
    {
        if (_options.CloseTimeout == Timeout.InfiniteTimeSpan || _closeTimer is not null)
        {
            return;
        }

        _closeTimer = new Timer(
            static state =>
            {
                var (self, socket) = ((WebSocket, ClientWebSocket))state!;
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
        FailUnsentMessages(errors.Count > 0 ? errors[^1] : null);
        if (_unsentFireAndForget > 0)
        {
            errors.Add(new WebSocketException(
                WebSocketError.InvalidState,
                $"{_unsentFireAndForget} queued message(s) were not sent: the connection to {Url} ended before they could be written."));
        }

        DiscardHeldMessages();
        lock (_stateLock)
        {
            _closeTimer?.Dispose();
            _openSocket = null;
            _readyState = WebSocketState.Closed;
            _closeCode = code ?? AbnormalClosure;
            _closeReason = reason;
            _wasClean = clean && code is not null;
        }

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
