using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// Handlers, listeners, and the rule that they run one at a time: every invocation happens while holding
// _dispatchLock, in event order. Listener tables are copy-on-write, so raising an event reads without locking.
public partial class WebSocket
{
    [ThreadStatic]
    private static WebSocket? t_dispatching;

    private readonly AsyncGate _dispatchLock = new();
    private readonly object _listenersLock = new();
    private Dictionary<object, Delegate[]> _listeners = new(ReferenceEqualityComparer.Instance);
    private Action? _onOpen;
    private Action<Exception>? _onError;
    private Action<WebSocketMessage>? _onMessage;
    private Action<string?>? _onClose;
    private Action<WebSocketCloseEventArgs>? _onClosed;
    private bool _openRaised;
    private bool _closeRaised;

    // The end of a connection that happened while no error or close handler was registered (a connect refused
    // within microseconds of the constructor, before the next statement set OnClose): held, and delivered once,
    // asynchronously, to the handlers registered at the time the first of them is.
    private List<Exception>? _heldErrors;
    private bool _closeHeld;
    private string? _heldCloseReason;
    private WebSocketCloseEventArgs? _heldClose;
    private bool _replayScheduled;

    /// <summary>Invoked once when the connection opens (the browser's <c>onopen</c>). Set after the socket opened, it is invoked once, asynchronously.</summary>
    public Action? OnOpen
    {
        get => Volatile.Read(ref _onOpen);
        set
        {
            lock (_listenersLock)
            {
                _onOpen = value;
                ScheduleLateOpen(value);
            }
        }
    }

    /// <summary>Invoked for every error: a failed connect, a broken connection, a message that could not be read, a handler that threw (the browser's <c>onerror</c>).</summary>
    public Action<Exception>? OnError
    {
        get => Volatile.Read(ref _onError);
        set
        {
            lock (_listenersLock)
            {
                _onError = value;
                ScheduleHeldEndIfAny(value);
            }
        }
    }

    /// <summary>
    /// Invoked for every message received, text or binary (the browser's <c>onmessage</c>). Setting it registers a
    /// message consumer: messages held since the socket opened are delivered to it.
    /// </summary>
    public Action<WebSocketMessage>? OnMessage
    {
        get => Volatile.Read(ref _onMessage);
        set
        {
            Volatile.Write(ref _onMessage, value);
            if (value is not null)
            {
                RegisterMessageConsumer();
            }
        }
    }

    /// <summary>Invoked once when the connection is closed, whatever closed it, with the close reason if any (the browser's <c>onclose</c>).</summary>
    public Action<string?>? OnClose
    {
        get => Volatile.Read(ref _onClose);
        set
        {
            lock (_listenersLock)
            {
                _onClose = value;
                ScheduleHeldEndIfAny(value);
            }
        }
    }

    /// <summary>
    /// Invoked once when the socket is closed, right after <see cref="OnClose"/>, with everything about the close in one
    /// argument: code, reason, whether it was clean, and the error that ended it (if any). The same rules as for
    /// <see cref="OnClose"/> apply (once, after any error; held for a handler registered after the close).
    /// </summary>
    /// <example>
    /// <code>
    /// ws.OnClosed = e =&gt; Console.WriteLine(e.Error?.GetKind() == WebSocketErrorKind.ConnectFailed ? "could not connect" : $"closed {e.Code} {e.Reason}");
    /// </code>
    /// </example>
    public Action<WebSocketCloseEventArgs>? OnClosed
    {
        get => Volatile.Read(ref _onClosed);
        set
        {
            lock (_listenersLock)
            {
                _onClosed = value;
                ScheduleHeldEndIfAny(value);
            }
        }
    }

    /// <summary>Adds a listener for <see cref="WebSocketEvent.Open"/>. Adding the same delegate twice has no effect, as in browsers.</summary>
    /// <param name="type">The event: <see cref="WebSocketEvent.Open"/>.</param>
    /// <param name="listener">The listener.</param>
    public void AddEventListener(WebSocketEvent type, Action listener)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(listener);
        lock (_listenersLock)
        {
            if (AddListener(type, listener))
            {
                ScheduleLateOpen(listener);
            }
        }
    }

    /// <summary>
    /// Adds a listener for an event with an argument: <see cref="WebSocketEvent.Error"/>, <see cref="WebSocketEvent.Message"/>,
    /// <see cref="WebSocketEvent.Close"/>, or a typed client's <c>Events.{T}</c>. Adding the same delegate twice has no effect.
    /// A message listener (raw or typed) registers a message consumer: messages held since the socket opened are delivered.
    /// </summary>
    /// <typeparam name="T">The argument type, inferred from <paramref name="type"/>.</typeparam>
    /// <param name="type">The event.</param>
    /// <param name="listener">The listener.</param>
    public void AddEventListener<T>(WebSocketEvent<T> type, Action<T> listener)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(listener);
        var isEndEvent = ReferenceEquals(type, WebSocketEvent.Error) || ReferenceEquals(type, WebSocketEvent.Close) || ReferenceEquals(type, WebSocketEvent.Closed);
        bool added;
        lock (_listenersLock)
        {
            added = AddListener(type, listener);
            if (added && isEndEvent)
            {
                ScheduleHeldEndIfAny(listener);
            }
        }

        if (added && !isEndEvent)
        {
            RegisterMessageConsumer();
        }
    }

    /// <summary>Removes a listener added with <see cref="AddEventListener(WebSocketEvent, Action)"/>; other listeners stay.</summary>
    /// <param name="type">The event.</param>
    /// <param name="listener">The same delegate that was added.</param>
    public void RemoveEventListener(WebSocketEvent type, Action listener)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(listener);
        RemoveListener(type, listener);
    }

    /// <summary>Removes a listener added with <see cref="AddEventListener{T}(WebSocketEvent{T}, Action{T})"/>; other listeners stay.</summary>
    /// <typeparam name="T">The argument type.</typeparam>
    /// <param name="type">The event.</param>
    /// <param name="listener">The same delegate that was added.</param>
    public void RemoveEventListener<T>(WebSocketEvent<T> type, Action<T> listener)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(listener);
        RemoveListener(type, listener);
    }

    /// <summary>
    /// For generated clients: invokes a typed handler and the listeners of <paramref name="type"/>, each guarded so that
    /// an exception goes to the error handlers. Must be called from <see cref="DispatchMessage"/>.
    /// </summary>
    /// <typeparam name="T">The argument type.</typeparam>
    /// <param name="type">The event key.</param>
    /// <param name="handler">The <c>On{T}</c> handler, if set.</param>
    /// <param name="argument">The argument.</param>
    protected void RaiseEvent<T>(WebSocketEvent<T> type, Action<T>? handler, T argument)
    {
        if (handler is not null)
        {
            Invoke(handler, argument);
        }

        if (_listeners.TryGetValue(type, out var listeners))
        {
            foreach (var listener in listeners)
            {
                Invoke((Action<T>)listener, argument);
            }
        }
    }

    /// <summary>
    /// For generated clients: records that a message consumer (a typed handler) was registered, so that messages held
    /// since the socket opened are delivered. Generated <c>On{T}</c> setters call it.
    /// </summary>
    protected void RegisterMessageConsumer()
    {
        bool drain;
        lock (_heldLock)
        {
            if (_hasMessageConsumer)
            {
                return;
            }

            _hasMessageConsumer = true;
            drain = _held is { Count: > 0 };
        }

        if (drain)
        {
            _ = Task.Run(DrainHeldMessagesAsync);
        }
    }

    private bool IsDispatchingOnCurrentThread => ReferenceEquals(t_dispatching, this);

    private bool HasRawMessageListeners => Volatile.Read(ref _onMessage) is not null || _listeners.ContainsKey(WebSocketEvent.Message);

    private bool AddListener(object type, Delegate listener)
    {
        var current = _listeners.TryGetValue(type, out var existing) ? existing : Array.Empty<Delegate>();
        if (Array.IndexOf(current, listener) >= 0)
        {
            return false;
        }

        var updated = new Delegate[current.Length + 1];
        current.CopyTo(updated, 0);
        updated[^1] = listener;
        var table = new Dictionary<object, Delegate[]>(_listeners, ReferenceEqualityComparer.Instance) { [type] = updated };
        Volatile.Write(ref _listeners, table);
        return true;
    }

    private void RemoveListener(object type, Delegate listener)
    {
        lock (_listenersLock)
        {
            if (!_listeners.TryGetValue(type, out var current))
            {
                return;
            }

            var index = Array.IndexOf(current, listener);
            if (index < 0)
            {
                return;
            }

            var table = new Dictionary<object, Delegate[]>(_listeners, ReferenceEqualityComparer.Instance);
            if (current.Length == 1)
            {
                table.Remove(type);
            }
            else
            {
                var updated = new Delegate[current.Length - 1];
                Array.Copy(current, 0, updated, 0, index);
                Array.Copy(current, index + 1, updated, index, current.Length - index - 1);
                table[type] = updated;
            }

            Volatile.Write(ref _listeners, table);
        }
    }

    // Called under _listenersLock: an open handler registered after the open event ran is invoked once, later.
    private void ScheduleLateOpen(Action? handler)
    {
        if (handler is null || !_openRaised)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            AssertLockOrder();
            await _dispatchLock.EnterAsync().ConfigureAwait(false);
            try
            {
                if (!Volatile.Read(ref _closeRaised))
                {
                    EnterDispatch();
                    Invoke(handler);
                }
            }
            finally
            {
                ExitDispatch();
            }
        });
    }

    // Per connection: the OnConnected hook, then the open handlers, then (after a reconnect) OnReconnected. Messages they
    // send are written before anything queued while offline (see SendFirst in WebSocket.Reconnect.cs).
    private async Task RaiseOpenAsync(ReconnectedEventArgs? reconnected)
    {
        AssertLockOrder();
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            Action? handler;
            Delegate[]? listeners;
            lock (_listenersLock)
            {
                _openRaised = true;
                handler = _onOpen;
                _listeners.TryGetValue(WebSocketEvent.Open, out listeners);
            }

            _sendFirst = true;
            try
            {
                OnConnected();
            }
            catch (Exception ex)
            {
                RaiseError(ex);
            }
            finally
            {
                _sendFirst = _options.Reconnect is not null;
            }

            if (handler is not null)
            {
                Invoke(handler);
            }

            foreach (var listener in listeners ?? [])
            {
                Invoke((Action)listener);
            }

            if (reconnected is not null && Volatile.Read(ref _onReconnected) is { } onReconnected)
            {
                Invoke(onReconnected, reconnected);
            }
        }
        finally
        {
            _sendFirst = false;
            ExitDispatch();
        }
    }

    private async Task RaiseErrorAsync(Exception error)
    {
        AssertLockOrder();
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            RaiseError(error);
        }
        finally
        {
            ExitDispatch();
        }
    }

    // Must run under _dispatchLock.
    private void RaiseError(Exception error)
    {
        _telemetry.ErrorReported(error);
        var handler = Volatile.Read(ref _onError);
        _listeners.TryGetValue(WebSocketEvent.Error, out var listeners);
        if (handler is not null)
        {
            InvokeErrorHandler(handler, error);
        }

        foreach (var listener in listeners ?? [])
        {
            InvokeErrorHandler((Action<Exception>)listener, error);
        }
    }

    private bool HasCloseHandler => _onClose is not null || _onClosed is not null || _listeners.ContainsKey(WebSocketEvent.Close) || _listeners.ContainsKey(WebSocketEvent.Closed);

    // Must run under _dispatchLock: OnClose and close listeners, then OnClosed and its listeners.
    private void RaiseClose(string? reason, WebSocketCloseEventArgs close)
    {
        RaiseEvent(WebSocketEvent.Close, Volatile.Read(ref _onClose), reason);
        RaiseEvent(WebSocketEvent.Closed, Volatile.Read(ref _onClosed), close);
    }

    private async Task RaiseCloseAsync(IReadOnlyList<Exception> errors, string? reason, WebSocketCloseEventArgs close)
    {
        AssertLockOrder();
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            bool hasErrorHandler;
            bool hasCloseHandler;
            lock (_listenersLock)
            {
                hasErrorHandler = _onError is not null || _listeners.ContainsKey(WebSocketEvent.Error);
                hasCloseHandler = HasCloseHandler;
                if (!hasErrorHandler && errors.Count > 0)
                {
                    _heldErrors = [.. errors];
                }

                if (!hasCloseHandler)
                {
                    _closeHeld = true;
                    _heldCloseReason = reason;
                    _heldClose = close;
                }

                Volatile.Write(ref _closeRaised, true);
            }

            if (hasErrorHandler)
            {
                foreach (var error in errors)
                {
                    RaiseError(error);
                }
            }

            if (hasCloseHandler)
            {
                RaiseClose(reason, close);
            }
        }
        finally
        {
            ExitDispatch();
        }
    }

    // Called under _listenersLock when an error or close handler is registered.
    private void ScheduleHeldEndIfAny(Delegate? handler)
    {
        if (handler is null || _replayScheduled || (_heldErrors is null && !_closeHeld))
        {
            return;
        }

        _replayScheduled = true;
        _ = Task.Run(DeliverHeldEndAsync);
    }

    // Delivers the held errors, then the held close, to the handlers registered by now: asynchronously, so that
    // handlers set on consecutive lines (or in one object initializer) are all in place, and in the usual order.
    private async Task DeliverHeldEndAsync()
    {
        AssertLockOrder();
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            List<Exception>? errors = null;
            var close = false;
            string? reason = null;
            WebSocketCloseEventArgs? closed = null;
            lock (_listenersLock)
            {
                _replayScheduled = false;
                if (_heldErrors is not null && (_onError is not null || _listeners.ContainsKey(WebSocketEvent.Error)))
                {
                    errors = _heldErrors;
                    _heldErrors = null;
                }

                if (_closeHeld && HasCloseHandler)
                {
                    close = true;
                    reason = _heldCloseReason;
                    closed = _heldClose;
                    _closeHeld = false;

                    // Errors come before close or not at all: an error handler registered after the close ran gets nothing.
                    _heldErrors = null;
                }
            }

            foreach (var error in errors ?? [])
            {
                RaiseError(error);
            }

            if (close)
            {
                RaiseClose(reason, closed!);
            }
        }
        finally
        {
            ExitDispatch();
        }
    }

    private void EnterDispatch() => t_dispatching = this;

    private void ExitDispatch()
    {
        t_dispatching = null;
        _dispatchLock.Exit();
    }

    private void Invoke(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            RaiseError(ex);
        }
    }

    private void Invoke<T>(Action<T> handler, T argument)
    {
        try
        {
            handler(argument);
        }
        catch (Exception ex)
        {
            RaiseError(ex);
        }
    }

    // An error handler that throws has nowhere left to report to; it is traced rather than lost or re-raised in a loop.
    private void InvokeErrorHandler(Action<Exception> handler, Exception error)
    {
        try
        {
            handler(error);
        }
        catch (Exception ex)
        {
            Trace.TraceError($"TypedWebSockets: an error handler of the WebSocket for {_displayUrl} threw while handling \"{error.Message}\": {ex}");
        }
    }
}
