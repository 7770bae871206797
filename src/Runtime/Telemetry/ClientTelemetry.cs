using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Telemetry;

// The logs, metrics and activities of one WebSocket, behind calls named after what happened (docs/telemetry.md lists
// them all). The connection calls come from the socket's connection loop, one attempt after another, so the state of the
// attempt needs no lock; the message calls come from the writers and the receive loop and only touch instruments, which
// cost a branch each and allocate nothing while nobody listens.
internal sealed class ClientTelemetry
{
    internal static readonly ActivitySource Source = new(WebSocketTelemetry.ActivitySourceName, TelemetryNames.Version);

    private static readonly object Logged = new();

    private readonly WebSocket _owner;
    private readonly ILogger _logger;
    private readonly ClientMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Uri _uri;
    private readonly string _url;

    // The errors logged at their source (a connection's end, an overflow): RaiseError, which sees them again, skips them.
    private ConditionalWeakTable<Exception, object>? _logged;

    // State of the connection loop.
    private Activity? _connectActivity;
    private ActivityContext _previousAttempt;
    private bool _anyAttempt;
    private int _attempt;
    private int _retries;
    private bool _hasOpened;
    private bool _lastEndFailed;
    private bool _countedActive;
    private bool _live;
    private long _openedAt;
    private long _endedAt;

    public ClientTelemetry(WebSocket owner, Uri uri, string displayUrl, WebSocketOptions options)
    {
        _owner = owner;
        _uri = uri;
        _time = options.TimeProvider;
        _metrics = ClientMetrics.For(options.MeterFactory);
        var type = owner.GetType();
        ClientType = type.FullName ?? type.Name;
        _logger = options.LoggerFactory?.CreateLogger(CategoryOf(ClientType)) ?? NullLogger.Instance;
        _url = displayUrl;
        Key = new TagKey(ClientType, uri.IdnHost, uri.Port);
        Tags =
        [
            new(TelemetryNames.ClientType, ClientType),
            new(TelemetryNames.ServerAddress, Key.ServerAddress),
            new(TelemetryNames.ServerPort, Key.ServerPort),
        ];
    }

    /// <summary>The full name of the socket's type: a generated client's, or <c>TypedWebSockets.WebSocket</c>.</summary>
    public string ClientType { get; }

    /// <summary>The tags of every measurement: client type, server address and port (never the URL, which may hold tokens).</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public TagKey Key { get; }

    public long QueuedMessages => _owner.QueuedMessageCount;

    public long QueuedBytes => _owner.BufferedAmount;

    // TypedWebSockets.{client type}, so that "TypedWebSockets" in a logging filter covers every socket and a client's full
    // name in it one client; types of the library's own namespace keep their name.
    public static string CategoryOf(string clientType)
        => clientType.StartsWith("TypedWebSockets.", StringComparison.Ordinal) ? clientType : "TypedWebSockets." + clientType;

    public void ConnectionStarting()
    {
        _attempt++;
        if (!_live)
        {
            _live = true;
            _metrics.Register(this);
        }

        Log.Connecting(_logger, _url, _attempt);
        _connectActivity = StartConnectActivity();
    }

    public void ConnectionOpened(string? subProtocol)
    {
        var attempts = _attempt;
        var reconnected = _hasOpened;
        _hasOpened = true;
        _attempt = 0;
        _retries = 0;
        _openedAt = _time.GetTimestamp();

        // Counted down only if counted up, so a listener that starts while a connection is open never sees it go below 0.
        if (_metrics.ActiveConnections.Enabled)
        {
            _countedActive = true;
            _metrics.ActiveConnections.Add(1, Tags);
        }

        if (_connectActivity is { } activity)
        {
            activity.SetTag(TelemetryNames.SubProtocol, subProtocol);
            StopConnectActivity(activity);
        }

        if (reconnected)
        {
            Log.Reconnected(_logger, _url, attempts, _time.GetElapsedTime(_endedAt));
        }
        else
        {
            Log.Connected(_logger, _url, subProtocol);
        }
    }

    // One attempt ended: it failed to connect (opened false; without errors when the socket was closed or disposed), or
    // the connection it opened ended. The last error is the cause; any before it are logged on their own.
    public void ConnectionEnded(bool opened, int? code, string? reason, bool clean, HttpStatusCode? status, IReadOnlyList<Exception> errors)
    {
        var cause = errors.Count > 0 ? errors[^1] : null;
        _lastEndFailed = cause is not null || (opened && !clean);
        if (!opened)
        {
            if (_connectActivity is { } activity)
            {
                if (status is { } statusCode)
                {
                    activity.SetTag(TelemetryNames.HttpResponseStatusCode, (int)statusCode);
                }

                SetError(activity, cause);
                StopConnectActivity(activity);
            }

            if (cause is not null)
            {
                Log.ConnectFailed(_logger, _url, _attempt, cause);
            }
        }
        else
        {
            var duration = _time.GetElapsedTime(_openedAt);
            if (_countedActive)
            {
                _countedActive = false;
                _metrics.ActiveConnections.Add(-1, Tags);
            }

            if (_metrics.ConnectionDuration.Enabled)
            {
                var tags = new TagList(Tags);
                if (cause is not null)
                {
                    tags.Add(TelemetryNames.ErrorType, ErrorType(cause));
                }

                _metrics.ConnectionDuration.Record(duration.TotalSeconds, tags);
            }

            if (cause is null)
            {
                Log.ConnectionClosed(_logger, _url, duration, code, reason, clean);
            }
            else
            {
                Log.ConnectionLost(_logger, _url, duration, code, clean, cause);
            }
        }

        for (var i = 0; i < errors.Count; i++)
        {
            if (i < errors.Count - 1)
            {
                ErrorReported(errors[i]);
            }
            else
            {
                MarkLogged(errors[i]);
            }
        }

        _endedAt = _time.GetTimestamp();
    }

    public void ReconnectScheduled(TimeSpan delay)
    {
        _retries++;
        _metrics.ReconnectAttempts.Add(1, Tags);
        Log.ReconnectScheduled(_logger, _url, delay, _attempt + 1);
    }

    public void ReconnectGaveUp()
        => Log.ReconnectGaveUp(_logger, _lastEndFailed ? LogLevel.Warning : LogLevel.Information, _url, _retries);

    // The socket is closed for good (OnClose is about to run). Errors not logged yet (the unsent messages, a reconnect
    // policy that threw) are logged now: without an error handler they would otherwise wait unseen.
    public void Closed(int code, string? reason, bool clean, IReadOnlyList<Exception> errors)
    {
        foreach (var error in errors)
        {
            ErrorReported(error);
        }

        if (_connectActivity is { } activity)
        {
            StopConnectActivity(activity);
        }

        if (_live)
        {
            _live = false;
            _metrics.Unregister(this);
        }

        Log.Closed(_logger, _url, code, reason, clean);
    }

    // Every error reported to OnError passes here; one logged already where it arose is not logged twice.
    public void ErrorReported(Exception error)
    {
        if (IsLogged(error))
        {
            return;
        }

        MarkLogged(error);
        Log.Error(_logger, _url, error);
    }

    public void OfflineMessagesExpired(OfflineMessagesDroppedException error, long bytes)
    {
        MarkLogged(error);
        Drop(error.Messages.Count, "expired");
        Log.OfflineMessagesExpired(_logger, error.Messages.Count, bytes, _url, error.MaxAge);
    }

    public void StreamItemDropped() => Drop(1, "stream_overflow");

    public void StreamOverflow(string eventName, int capacity, Exception error)
    {
        MarkLogged(error);
        Log.StreamOverflow(_logger, eventName, _url, capacity);
    }

    public void MessageSent(int bytes)
    {
        _metrics.MessagesSent.Add(1, Tags);
        _metrics.BytesSent.Add(bytes, Tags);
        Log.MessageSent(_logger, bytes, _url);
    }

    public void MessageReceived(int bytes)
    {
        _metrics.MessagesReceived.Add(1, Tags);
        _metrics.BytesReceived.Add(bytes, Tags);
        Log.MessageReceived(_logger, bytes, _url);
    }

    /// <summary>A generated <c>RequestAsync</c> call starts; <see cref="OperationTelemetry.Track{T}"/> its task.</summary>
    public OperationTelemetry RequestStarting(string method, long id) => OperationStarting(OperationKind.Request, method, id);

    /// <summary>
    /// A subscription starts (the hook for <c>SubscribeAsync</c>): its activity covers the stream's life, from the request
    /// to <see cref="OperationTelemetry.Complete"/> when the sequence ends, fails or the consumer stops.
    /// </summary>
    public OperationTelemetry SubscriptionStarting(string method, long id) => OperationStarting(OperationKind.Subscription, method, id);

    internal async Task<T> TrackAsync<T>(Task<T> task, OperationTelemetry operation)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            OperationEnded(operation, null);
            return result;
        }
        catch (Exception ex)
        {
            OperationEnded(operation, ex);
            throw;
        }
    }

    internal void OperationEnded(in OperationTelemetry operation, Exception? error)
    {
        var elapsed = _time.GetElapsedTime(operation.StartedAt);
        var errorType = error is null ? null : ErrorType(error);
        if (operation.Kind == OperationKind.Request && _metrics.RequestDuration.Enabled)
        {
            var tags = new TagList(Tags) { { TelemetryNames.RpcMethod, operation.Method } };
            if (errorType is not null)
            {
                tags.Add(TelemetryNames.ErrorType, errorType);
            }

            _metrics.RequestDuration.Record(elapsed.TotalSeconds, tags);
        }

        if (operation.Activity is { } activity)
        {
            SetError(activity, error);
            activity.Stop();
        }

        var name = operation.Kind == OperationKind.Request ? "Request" : "Subscription";
        if (errorType is null)
        {
            Log.OperationCompleted(_logger, name, operation.Method, operation.Id, _url, elapsed);
        }
        else
        {
            Log.OperationFailed(_logger, name, operation.Method, operation.Id, _url, elapsed, errorType);
        }
    }

    // error.type: a documented word for the failures this library defines, else the exception's type name.
    internal static string ErrorType(Exception error) => error switch
    {
        TimeoutException => "timeout",
        OperationCanceledException => "canceled",
        WebSocketRequestException => "error_reply",
        MessageContractException => "invalid_response",
        OfflineMessagesDroppedException => "expired",
        System.Net.WebSockets.WebSocketException socketError => socketError.WebSocketErrorCode switch
        {
            WebSocketError.ConnectionClosedPrematurely => "connection_closed_prematurely",
            WebSocketError.NotAWebSocket => "not_a_websocket",
            WebSocketError.InvalidState => "invalid_state",
            WebSocketError.HeaderError => "header_error",
            WebSocketError.UnsupportedProtocol => "unsupported_protocol",
            WebSocketError.UnsupportedVersion => "unsupported_version",
            WebSocketError.InvalidMessageType => "invalid_message_type",
            WebSocketError.NativeError => "native_error",
            _ => "faulted",
        },
        _ => error.GetType().FullName ?? error.GetType().Name,
    };

    private OperationTelemetry OperationStarting(OperationKind kind, string method, long id)
    {
        Activity? activity = null;
        if (Source.HasListeners())
        {
            // Not made current: the caller's code after the call must not run inside it.
            var caller = Activity.Current;
            activity = Source.StartActivity(
                kind == OperationKind.Request ? TelemetryNames.RequestActivity : TelemetryNames.SubscribeActivity,
                ActivityKind.Client,
                parentContext: default,
                tags:
                [
                    new(TelemetryNames.RpcSystemName, TelemetryNames.RpcSystem),
                    new(TelemetryNames.RpcMethod, method),
                    new(TelemetryNames.RequestId, id),
                    .. Tags,
                ]);
            Activity.Current = caller;
            if (activity is not null)
            {
                activity.DisplayName = method;
            }
        }

        if (activity is null && !(kind == OperationKind.Request && _metrics.RequestDuration.Enabled) && !_logger.IsEnabled(LogLevel.Trace))
        {
            return default;
        }

        return new OperationTelemetry(this, kind, activity, method, id, _time.GetTimestamp());
    }

    // The first attempt of the socket belongs to the trace of the code that started it. Later ones (retries, reconnects,
    // perhaps hours later) start traces of their own, linked to the attempt before.
    private Activity? StartConnectActivity()
    {
        var first = !_anyAttempt;
        _anyAttempt = true;
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (!first)
        {
            Activity.Current = null;
            links = _previousAttempt == default ? null : [new ActivityLink(_previousAttempt)];
        }

        var activity = Source.StartActivity(
            TelemetryNames.ConnectActivity,
            ActivityKind.Client,
            parentContext: default,
            tags:
            [
                new(TelemetryNames.ServerAddress, Key.ServerAddress),
                new(TelemetryNames.ServerPort, Key.ServerPort),
                new(TelemetryNames.UrlScheme, _uri.Scheme),
                new(TelemetryNames.NetworkProtocolName, "websocket"),
                new(TelemetryNames.ClientType, ClientType),
                new(TelemetryNames.ConnectionAttempt, _attempt),
            ],
            links: links);
        if (activity is not null)
        {
            activity.DisplayName = $"connect {Key.ServerAddress}:{Key.ServerPort}";
        }

        return activity;
    }

    private void StopConnectActivity(Activity activity)
    {
        activity.Stop();
        _previousAttempt = activity.Context;
        _connectActivity = null;
    }

    private void SetError(Activity activity, Exception? error)
    {
        if (error is null)
        {
            return;
        }

        activity.SetTag(TelemetryNames.ErrorType, ErrorType(error));
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
    }

    private void Drop(int count, string reason)
    {
        if (_metrics.MessagesDropped.Enabled)
        {
            _metrics.MessagesDropped.Add(count, new TagList(Tags) { { TelemetryNames.DropReason, reason } });
        }
    }

    private bool IsLogged(Exception error) => Volatile.Read(ref _logged)?.TryGetValue(error, out _) == true;

    private void MarkLogged(Exception error)
        => LazyInitializer.EnsureInitialized(ref _logged, static () => new ConditionalWeakTable<Exception, object>()).AddOrUpdate(error, Logged);

    /// <summary>The identity of a socket's tags, for adding up the sockets that share them.</summary>
    internal readonly record struct TagKey(string ClientType, string ServerAddress, int ServerPort);
}
