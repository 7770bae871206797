using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets;

/// <summary>
/// Options for a <see cref="WebSocket"/>. Set them before passing the object to the constructor; the socket
/// validates and copies them then, so later changes to this object have no effect on it.
/// </summary>
public sealed class WebSocketOptions
{
    /// <summary>The default of <see cref="MaxMessageSize"/>: 4 MiB.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxPendingMessages"/>: 1,024 messages.</summary>
    public const int DefaultMaxPendingMessages = 1024;

    /// <summary>The default of <see cref="MaxPendingBytes"/>: 16 MiB.</summary>
    public const long DefaultMaxPendingBytes = 16L * 1024 * 1024;

    /// <summary>Subprotocols offered in the handshake, in order of preference (<c>Sec-WebSocket-Protocol</c>).</summary>
    public IList<string> SubProtocols { get; } = new List<string>();

    /// <summary>Extra request headers for the handshake. Names and values may not contain CR or LF.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the handshake may take before the attempt fails with a <see cref="TimeoutException"/>. Default: 30 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long <see cref="WebSocket.Close(int, string?)"/> waits for the server's close frame before the connection
    /// is aborted (then <see cref="WebSocket.WasClean"/> is <see langword="false"/>). Default: 5 seconds.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The interval of protocol keep-alive frames, passed to <see cref="ClientWebSocketOptions.KeepAliveInterval"/>.
    /// <see langword="null"/> (the default) keeps the runtime's default; <see cref="TimeSpan.Zero"/> turns keep-alive off.
    /// </summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>
    /// How long to wait for the pong answering a keep-alive ping before the connection is aborted, passed to
    /// <see cref="ClientWebSocketOptions.KeepAliveTimeout"/>. With it, keep-alive frames are pings the server must answer
    /// (without it they are unsolicited pongs, which prove nothing about the server). <see langword="null"/> (the default)
    /// keeps the runtime's default (no timeout). Needs a positive <see cref="KeepAliveInterval"/>.
    /// </summary>
    public TimeSpan? KeepAliveTimeout { get; set; }

    /// <summary>
    /// The longest the connection may go without receiving anything (a message, a frame of one, or a protocol ping or
    /// pong) before it is considered dead and aborted; the abort is reported as a <see cref="TimeoutException"/> and the
    /// <see cref="Reconnect"/> policy decides what follows. A quiet but healthy connection stays up as long as the server
    /// answers keep-alive pings: set <see cref="KeepAliveInterval"/> (and <see cref="KeepAliveTimeout"/>) well below this.
    /// Measured with <see cref="TimeProvider"/>; detected within 1.25 × the timeout. <see langword="null"/> (the default): off.
    /// </summary>
    /// <remarks>
    /// Received bytes are counted below TLS on the TCP stream, so this needs the socket to connect through its own
    /// <see cref="System.Net.Http.SocketsHttpHandler"/>: the certificate, proxy, credential and cookie settings made in
    /// <see cref="Configure"/> are moved onto it.
    /// </remarks>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>
    /// Reconnects after a lost connection, and retries a failed first connect, with backoff (see <see cref="ReconnectPolicy"/>).
    /// <see langword="null"/> (the default): a lost connection closes the socket, as in browsers.
    /// </summary>
    public ReconnectPolicy? Reconnect { get; set; }

    /// <summary>
    /// What happens to messages sent while the socket is connecting or reconnecting: queued within bounds and an age
    /// limit, or refused at once (see <see cref="OfflineSendPolicy"/>). <see langword="null"/> (the default): queued
    /// without bound and written on open.
    /// </summary>
    public OfflineSendPolicy? OfflineSends { get; set; }

    /// <summary>
    /// The clock for reconnect delays, <see cref="OfflineSendPolicy.MaxAge"/> and <see cref="IdleTimeout"/>; tests pass a
    /// fake one. Default: <see cref="System.TimeProvider.System"/>. (Connect and close timeouts use the system clock.)
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The largest message accepted, in bytes, after its fragments are joined. A larger message closes the
    /// connection with code 1009 (message too big) and is reported to <see cref="WebSocket.OnError"/>.
    /// Default: <see cref="DefaultMaxMessageSize"/> (4 MiB).
    /// </summary>
    public int MaxMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// How many messages are held while no message consumer (an <see cref="WebSocket.OnMessage"/> handler, a
    /// <c>"message"</c> listener or a typed handler) is registered yet. They are delivered in order to the first
    /// consumer registered. Past this bound, further messages are dropped and each drop is reported to
    /// <see cref="WebSocket.OnError"/>. Default: <see cref="DefaultMaxPendingMessages"/>.
    /// </summary>
    public int MaxPendingMessages { get; set; } = DefaultMaxPendingMessages;

    /// <summary>
    /// How many bytes the messages held while no message consumer is registered may take in all (see
    /// <see cref="MaxPendingMessages"/>; whichever bound is reached first applies). Default: <see cref="DefaultMaxPendingBytes"/> (16 MiB).
    /// </summary>
    public long MaxPendingBytes { get; set; } = DefaultMaxPendingBytes;

    /// <summary>
    /// Whether the constructor starts connecting, as the browser's does. Default: <see langword="true"/>.
    /// When <see langword="false"/>, call <see cref="WebSocket.Connect"/> or <see cref="WebSocket.ConnectAsync"/>.
    /// </summary>
    public bool AutoConnect { get; set; } = true;

    /// <summary>
    /// Called once per connection attempt with the underlying <see cref="ClientWebSocketOptions"/>, after the options
    /// above were applied: the escape hatch to certificates, proxy, compression (permessage-deflate), HTTP/2 and the rest.
    /// </summary>
    public Action<ClientWebSocketOptions>? Configure { get; set; }

    /// <summary>
    /// Opens the connections instead of <see cref="System.Net.WebSockets.ClientWebSocket"/>: an in-memory transport for tests
    /// (<see cref="Testing.FakeWebSocketServer.Transport"/>) or any other carrier of WebSocket frames. <see langword="null"/>
    /// (the default): <see cref="System.Net.WebSockets.ClientWebSocket"/>. With a transport, <see cref="Configure"/>,
    /// <see cref="KeepAliveInterval"/> and <see cref="KeepAliveTimeout"/> are not applied (the transport owns them), and
    /// <see cref="IdleTimeout"/> counts received frames instead of received bytes.
    /// </summary>
    public WebSocketTransport? Transport { get; set; }

    /// <summary>
    /// Gives the URL of each connection attempt, instead of the one given to the constructor (which stays
    /// <see cref="WebSocket.Url"/>): for servers that hand out a new URL per connection (Slack Socket Mode, Discord's
    /// resume URL) or a token in the query string that expires. Called once per attempt — the first connect, every
    /// reconnection, <see cref="WebSocket.ReconnectAsync"/> — on the connection's task, before the handshake, with a token
    /// cancelled on close or dispose; it is not bounded by <see cref="ConnectTimeout"/>. It must return an absolute
    /// <c>ws://</c> or <c>wss://</c> URI without a fragment; a URI that is not, or an exception, fails the attempt as a
    /// connect failure (<see cref="WebSocketErrorKind.ConnectFailed"/>; the <see cref="Reconnect"/> policy decides what
    /// follows). <see langword="null"/> (the default): every attempt uses the constructor's URL.
    /// </summary>
    /// <example>
    /// <code>
    /// UrlProvider = async cancellationToken =&gt; new Uri(await slack.OpenConnectionAsync(cancellationToken)),
    /// </code>
    /// </example>
    public Func<CancellationToken, ValueTask<Uri>>? UrlProvider { get; set; }

    /// <summary>
    /// How long a generated <c>RequestAsync</c> waits for its response when the call passes no timeout. Default: 30 seconds.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits until the response, a cancellation or the end of the connection.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="StreamCapacity"/>: 1,024 messages.</summary>
    public const int DefaultStreamCapacity = 1024;

    /// <summary>
    /// How many messages each reader of <see cref="WebSocket.ReadAllAsync{T}"/>, and each subscription of a generated
    /// <c>SubscribeAsync</c>, buffers while it is not keeping up. When
    /// full, the oldest buffered message is dropped (the receive loop is never held up by a slow reader), and the start of
    /// each such overflow is reported to <see cref="WebSocket.OnError"/>. Default: <see cref="DefaultStreamCapacity"/>.
    /// </summary>
    public int StreamCapacity { get; set; } = DefaultStreamCapacity;

    /// <summary>
    /// Where the socket logs its connection attempts, opens, closes, reconnects, errors and dropped messages, under
    /// categories that start with <c>TypedWebSockets</c> (every event: <c>docs/telemetry.md</c>). Nothing is logged per
    /// message above <see cref="LogLevel.Trace"/>, and never a query string, user info or header value.
    /// <see langword="null"/> (the default): nothing is logged.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Creates the <see cref="Meter"/> named <c>"TypedWebSockets"</c> that the socket records its metrics on (a host's
    /// factory, so that they go where the host's metrics go). <see langword="null"/> (the default): one meter of that name
    /// shared by every socket without a factory. The instruments and their tags: <c>docs/telemetry.md</c>.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Checks the options as the <see cref="WebSocket"/> constructor does, without creating a socket: for code that
    /// validates configuration before it connects (the hosting package does it when the host starts).
    /// </summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it and says what is wrong.</exception>
    public void Validate() => _ = ValidateAndClone();

    /// <summary>Validates the options and returns a copy the socket keeps.</summary>
    internal WebSocketOptions ValidateAndClone()
    {
        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (CloseTimeout < TimeSpan.Zero && CloseTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(CloseTimeout), CloseTimeout, "CloseTimeout must not be negative.");
        }

        if (KeepAliveInterval is { } keepAlive && keepAlive < TimeSpan.Zero && keepAlive != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), keepAlive, "KeepAliveInterval must not be negative.");
        }

        if (KeepAliveTimeout is { } keepAliveTimeout && keepAliveTimeout <= TimeSpan.Zero && keepAliveTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveTimeout), keepAliveTimeout, "KeepAliveTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (IdleTimeout is { } idle && idle <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), idle, "IdleTimeout must be positive (or null for no idle detection).");
        }

        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (StreamCapacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamCapacity), StreamCapacity, "StreamCapacity must be positive.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "TimeProvider must not be null; use TimeProvider.System.");
        }

        if (MaxMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "MaxMessageSize must be positive.");
        }

        if (MaxPendingMessages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingMessages), MaxPendingMessages, "MaxPendingMessages must not be negative.");
        }

        if (MaxPendingBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "MaxPendingBytes must not be negative.");
        }

        foreach (var (name, value) in Headers)
        {
            if (string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny("\r\n: \t") >= 0)
            {
                throw new ArgumentException($"Header name '{Escape(name)}' is not a valid HTTP header name (empty, or contains CR, LF, ':' or whitespace).", nameof(Headers));
            }

            if (value is null || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"The value of header '{name}' contains CR or LF (or is null); header values must be a single line.", nameof(Headers));
            }
        }

        foreach (var protocol in SubProtocols)
        {
            if (string.IsNullOrWhiteSpace(protocol) || protocol.AsSpan().IndexOfAny("\r\n ,\t") >= 0)
            {
                throw new ArgumentException($"Subprotocol '{Escape(protocol)}' is not a valid token (empty, or contains whitespace, ',' , CR or LF).", nameof(SubProtocols));
            }
        }

        var copy = new WebSocketOptions
        {
            ConnectTimeout = ConnectTimeout,
            CloseTimeout = CloseTimeout,
            KeepAliveInterval = KeepAliveInterval,
            KeepAliveTimeout = KeepAliveTimeout,
            IdleTimeout = IdleTimeout,
            Reconnect = Reconnect?.ValidateAndClone(),
            OfflineSends = OfflineSends?.ValidateAndClone(),
            TimeProvider = TimeProvider,
            MaxMessageSize = MaxMessageSize,
            MaxPendingMessages = MaxPendingMessages,
            MaxPendingBytes = MaxPendingBytes,
            AutoConnect = AutoConnect,
            Configure = Configure,
            Transport = Transport,
            UrlProvider = UrlProvider,
            RequestTimeout = RequestTimeout,
            StreamCapacity = StreamCapacity,
            LoggerFactory = LoggerFactory,
            MeterFactory = MeterFactory,
        };
        foreach (var protocol in SubProtocols)
        {
            copy.SubProtocols.Add(protocol);
        }

        foreach (var (name, value) in Headers)
        {
            copy.Headers[name] = value;
        }

        return copy;
    }

    private static string Escape(string? value) => value is null ? "(null)" : value.Replace("\r", "\\r").Replace("\n", "\\n");
}
