using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Telemetry;

namespace TypedWebSockets;

/// <summary>
/// A WebSocket client with the browser's API (<c>Url</c>, <c>OnOpen</c>, <c>OnMessage</c>, <c>OnError</c>,
/// <c>OnClose</c>, <c>Send</c>, <c>Close</c>, <c>AddEventListener</c>) on top of
/// <see cref="System.Net.WebSockets.ClientWebSocket"/>, plus the async members a C# user expects.
/// Typed clients generated from <see cref="WebSocketClientAttribute"/> derive from it.
/// </summary>
/// <remarks>
/// <para><b>Connecting.</b> The constructor starts connecting at once, on another thread (unless
/// <see cref="WebSocketOptions.AutoConnect"/> is off). Nothing is lost by registering handlers after it returns:
/// the open event is sticky (an open handler registered after the socket opened is invoked once, asynchronously),
/// and messages that arrive before the first message consumer is registered are held in order (up to
/// <see cref="WebSocketOptions.MaxPendingMessages"/>) and delivered to it. Setting handlers in an object initializer
/// is the idiom: <c>new WebSocket(url) { OnOpen = ..., OnMessage = ... }</c>.</para>
/// <para><b>Thread safety.</b> Every public member may be called from any thread at any time, including from inside
/// a handler. Handlers and listeners run one at a time, never concurrently with each other, in the order the events
/// happened: open, then messages in the order received, then any errors, then close. They run on thread-pool threads,
/// not on the thread that created the socket. A handler that blocks holds up the next event (and, after a while,
/// the reading of further messages); a handler must not block waiting for <see cref="CloseAsync"/> or another event
/// of the same socket, or it waits forever. An exception thrown by a handler is reported to the error handlers and
/// the connection goes on.</para>
/// <para><b>Sending.</b> Messages are queued in the order <see cref="Send(string)"/>/<see cref="SendAsync(string, CancellationToken)"/>
/// were called and written by a single writer, so concurrent senders never interleave or lose messages. Messages
/// sent while connecting are written, in order, once the socket opens. Sending after <see cref="Close"/> throws.</para>
/// <para><b>Closing.</b> <see cref="OnClose"/> fires exactly once per <see cref="WebSocket"/>, after any error,
/// whichever way the connection ended: local or remote close, abort, a failed or timed-out connect, or disposal.
/// Without <see cref="WebSocketOptions.Reconnect"/>, <see cref="OnOpen"/> fires at most once.</para>
/// <para><b>Reconnecting.</b> With <see cref="WebSocketOptions.Reconnect"/>, each connection attempt uses a new
/// <see cref="System.Net.WebSockets.ClientWebSocket"/>; <see cref="OnOpen"/> fires for every connection, a lost one is
/// reported to <see cref="OnError"/> (when it failed) and <see cref="OnReconnecting"/> (and <see cref="ReadyState"/> is
/// <see cref="WebSocketState.Connecting"/> again), and <see cref="OnClose"/> still fires exactly once, when the socket
/// gives up or is closed. See <c>docs/resilience.md</c>.</para>
/// </remarks>
public partial class WebSocket : IAsyncDisposable, IDisposable
{
    private readonly Uri _uri;

    // What error messages and logs name: the URL without its query and user info, which often carry credentials
    // (wss://host/socket?token=...). Url itself stays as given.
    private readonly string _displayUrl;
    private readonly WebSocketOptions _options;
    private readonly object _stateLock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketState _readyState = WebSocketState.Connecting;
    private bool _started;
    private bool _disposed;
    private CancellationTokenSource? _connectCancellation;
    private Task _run = Task.CompletedTask;
    private string? _protocol;
    private int? _closeCode;
    private string? _closeReason;
    private bool _wasClean;

    /// <summary>Creates a WebSocket and, as the browser does, starts connecting to <paramref name="url"/> at once.</summary>
    /// <param name="url">An absolute <c>ws://</c> or <c>wss://</c> URL without a fragment.</param>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute <c>ws</c>/<c>wss</c> URL.</exception>
    public WebSocket(string url)
        : this(url, new WebSocketOptions())
    {
    }

    /// <summary>Creates a WebSocket with options and, unless <see cref="WebSocketOptions.AutoConnect"/> is off, starts connecting.</summary>
    /// <param name="url">An absolute <c>ws://</c> or <c>wss://</c> URL without a fragment.</param>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The URL is not valid, or an option is not (a header with CR/LF, a negative size, ...).</exception>
    public WebSocket(string url, WebSocketOptions options)
        : this(ParseUrl(url), url, options)
    {
    }

    /// <summary>Creates a WebSocket and, as the browser does, starts connecting to <paramref name="url"/> at once.</summary>
    /// <param name="url">An absolute <c>ws://</c> or <c>wss://</c> URI without a fragment.</param>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute <c>ws</c>/<c>wss</c> URI.</exception>
    public WebSocket(Uri url)
        : this(url, new WebSocketOptions())
    {
    }

    /// <summary>Creates a WebSocket with options and, unless <see cref="WebSocketOptions.AutoConnect"/> is off, starts connecting.</summary>
    /// <param name="url">An absolute <c>ws://</c> or <c>wss://</c> URI without a fragment; <see cref="Url"/> is its <see cref="Uri.OriginalString"/>.</param>
    /// <param name="options">The options; validated and copied here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The URI is not valid, or an option is not (a header with CR/LF, a negative size, ...).</exception>
    public WebSocket(Uri url, WebSocketOptions options)
        : this(ValidateUri(url), url.OriginalString, options)
    {
    }

    private WebSocket(Uri uri, string url, WebSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _uri = uri;
        _displayUrl = WithoutSecrets(uri);
        _options = options.ValidateAndClone();
        Url = url;
        _telemetry = new ClientTelemetry(this, uri, _displayUrl, _options);
        // The single-reader channel is faster but cannot count its items, which the offline queue bound needs.
        _sendQueue = Channel.CreateUnbounded<OutgoingMessage>(new UnboundedChannelOptions { SingleReader = _options.OfflineSends is null, SingleWriter = false });
        if (_options.AutoConnect)
        {
            Connect();
        }
    }

    /// <summary>The URL given to the constructor (the browser's read-only <c>url</c>).</summary>
    public string Url { get; }

    /// <summary>
    /// The connection's state, as the browser's <c>readyState</c>. With <see cref="WebSocketOptions.Reconnect"/>, a lost
    /// connection goes back to <see cref="WebSocketState.Connecting"/> while the socket waits and reconnects, and
    /// becomes <see cref="WebSocketState.Closed"/> only when it gives up or is closed.
    /// </summary>
    public WebSocketState ReadyState
    {
        get
        {
            lock (_stateLock)
            {
                return _readyState;
            }
        }
    }

    /// <summary>The subprotocol the server selected, or <see langword="null"/> before open or when none was selected.</summary>
    public string? Protocol => Volatile.Read(ref _protocol);

    /// <summary>
    /// The close code once <see cref="ReadyState"/> is <see cref="WebSocketState.Closed"/>: the code in the close frame
    /// received, or 1006 (abnormal closure) when the connection ended without one. <see langword="null"/> before that.
    /// </summary>
    public int? CloseCode
    {
        get
        {
            lock (_stateLock)
            {
                return _closeCode;
            }
        }
    }

    /// <summary>The reason in the close frame received, once closed; <see langword="null"/> when there was none.</summary>
    public string? CloseReason
    {
        get
        {
            lock (_stateLock)
            {
                return _closeReason;
            }
        }
    }

    /// <summary><see langword="true"/> once closed, when the closing handshake completed in both directions.</summary>
    public bool WasClean
    {
        get
        {
            lock (_stateLock)
            {
                return _wasClean;
            }
        }
    }

    /// <summary>
    /// Starts connecting when <see cref="WebSocketOptions.AutoConnect"/> is off. Returns at once; use
    /// <see cref="WaitOpenAsync"/> or <see cref="OnOpen"/> to learn when the socket opened.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection was already started or the socket was closed.</exception>
    /// <exception cref="ObjectDisposedException">The socket was disposed.</exception>
    public void Connect()
    {
        lock (_stateLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException(_readyState == WebSocketState.Closed
                    ? "This WebSocket is closed; create a new one to connect again."
                    : "This WebSocket is already connecting or connected; Connect may be called once.");
            }

            _started = true;
            _connectCancellation = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>Starts connecting (when <see cref="WebSocketOptions.AutoConnect"/> is off) and waits until the socket is open.</summary>
    /// <param name="cancellationToken">Stops waiting; the connection attempt goes on (call <see cref="Close"/> to stop it).</param>
    /// <returns>A task that completes when the socket is open.</returns>
    /// <exception cref="InvalidOperationException">The connection was already started.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        Connect();
        return WaitOpenAsync(cancellationToken);
    }

    /// <summary>Waits until the socket is open (while reconnecting: until it is open again).</summary>
    /// <param name="cancellationToken">Stops waiting; the connection is not affected.</param>
    /// <returns>
    /// A task that completes when the socket opened, or fails with the connection error (a
    /// <see cref="WebSocketException"/>, a <see cref="TimeoutException"/> for <see cref="WebSocketOptions.ConnectTimeout"/>,
    /// or an <see cref="InvalidOperationException"/> when the socket closed before it opened).
    /// </returns>
    public Task WaitOpenAsync(CancellationToken cancellationToken = default) => Volatile.Read(ref _opened).Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Starts closing the connection with a close code and reason, as the browser's <c>close()</c>. Messages already
    /// queued are written first. Closing a socket that is closing or closed does nothing. Closing while connecting
    /// stops the attempt (reported to the error handlers, as browsers do).
    /// </summary>
    /// <param name="code">1000 (normal), 1001–1003, or an application code from 3000 to 4999.</param>
    /// <param name="reason">An optional reason of at most 123 UTF-8 bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not allowed.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is longer than 123 UTF-8 bytes.</exception>
    public void Close(int code = 1000, string? reason = null)
    {
        ValidateClose(code, reason);
        BeginClose(code, reason);
    }

    /// <summary>Closes the connection (see <see cref="Close"/>) and waits until it is closed and <see cref="OnClose"/> has run.</summary>
    /// <param name="code">1000 (normal), 1001–1003, or an application code from 3000 to 4999.</param>
    /// <param name="reason">An optional reason of at most 123 UTF-8 bytes.</param>
    /// <param name="cancellationToken">Stops waiting; the close goes on (bounded by <see cref="WebSocketOptions.CloseTimeout"/>).</param>
    /// <returns>A task that completes when the socket is closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> is not allowed.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is longer than 123 UTF-8 bytes.</exception>
    public Task CloseAsync(int code = 1000, string? reason = null, CancellationToken cancellationToken = default)
    {
        Close(code, reason);
        return _closed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Aborts the connection at once, without a closing handshake. <see cref="OnClose"/> still fires (code 1006).
    /// Prefer <see cref="DisposeAsync"/> or <see cref="CloseAsync"/> to close politely.
    /// </summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes politely (code 1000, bounded by <see cref="WebSocketOptions.CloseTimeout"/>), then releases the socket.</summary>
    /// <returns>A task that completes when the socket is closed and released.</returns>
    public async ValueTask DisposeAsync()
    {
        // A close already under way (Close() then DisposeAsync()) is awaited too, rather than aborted by Dispose().
        // Inside a handler the close cannot be awaited (it needs the handler to return), so there DisposeAsync aborts
        // like Dispose: no further event is dispatched after the handler that disposed.
        var state = ReadyState;
        if (state is WebSocketState.Open or WebSocketState.Closing && !IsDispatchingOnCurrentThread)
        {
            BeginClose(1000, null);
            await _closed.Task.ConfigureAwait(false);
        }

        Dispose();
    }

    /// <summary>Aborts the connection and releases resources.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        Task run;
        lock (_stateLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_started)
            {
                _started = true;
                _readyState = WebSocketState.Closing;
                _run = Task.Run(() => FinishWithoutConnectionAsync(null));
            }

            run = _run;
        }

        _lifetime.Cancel();

        // Waiting from inside a handler would wait for ourselves: the close event needs the handler to return.
        if (!IsDispatchingOnCurrentThread)
        {
            run.GetAwaiter().GetResult();
        }
    }

    internal static void ValidateClose(int code, string? reason)
    {
        if (code is not (1000 or 1001 or 1002 or 1003) and not (>= 3000 and <= 4999))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "The close code must be 1000, 1001, 1002, 1003, or an application code from 3000 to 4999.");
        }

        if (reason is not null && Encoding.UTF8.GetByteCount(reason) > 123)
        {
            throw new ArgumentException($"The close reason is {Encoding.UTF8.GetByteCount(reason)} bytes in UTF-8; at most 123 are allowed.", nameof(reason));
        }
    }

    private void BeginClose(int code, string? reason)
    {
        lock (_stateLock)
        {
            switch (_readyState)
            {
                case WebSocketState.Closing:
                case WebSocketState.Closed:
                    return;

                case WebSocketState.Connecting:
                    _readyState = WebSocketState.Closing;
                    _sendQueue.Writer.TryComplete();
                    if (!_started)
                    {
                        _started = true;
                        _run = Task.Run(() => FinishWithoutConnectionAsync(reason));
                    }
                    else
                    {
                        _connectCancellation?.Cancel();
                    }

                    return;

                case WebSocketState.Open:
                    _readyState = WebSocketState.Closing;
                    _sendQueue.Writer.TryWrite(OutgoingMessage.CloseFrame(code, reason));
                    _sendQueue.Writer.TryComplete();
                    StartCloseTimer(_connection!);
                    return;
            }
        }
    }

    // scheme://host[:port]/path.
    internal static string WithoutSecrets(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static Uri ParseUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
        }

        return ValidateUri(uri);
    }

    private static Uri ValidateUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri, "url");
        var url = uri.OriginalString;
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
        }

        if (uri.Scheme != "ws" && uri.Scheme != "wss")
        {
            throw new ArgumentException($"The URL scheme '{uri.Scheme}' is not supported; use 'ws' or 'wss' ('{url}').", nameof(url));
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException($"A WebSocket URL cannot have a fragment ('{uri.Fragment}' in '{url}').", nameof(url));
        }

        return uri;
    }
}
