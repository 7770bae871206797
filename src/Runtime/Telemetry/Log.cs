using System;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Telemetry;

// Every log event of a socket (the table in docs/telemetry.md follows this file). {Url} is always the URL without its
// query string or user info, as are the socket's own exception messages.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting to {Url} (attempt {Attempt}).", EventName = "Connecting")]
    public static partial void Connecting(ILogger logger, string url, int attempt);

    [LoggerMessage(2, LogLevel.Information, "Connected to {Url}; subprotocol: {SubProtocol}.", EventName = "Connected")]
    public static partial void Connected(ILogger logger, string url, string? subProtocol);

    [LoggerMessage(3, LogLevel.Information, "Reconnected to {Url} after {Attempts} attempt(s) and {Downtime} offline.", EventName = "Reconnected")]
    public static partial void Reconnected(ILogger logger, string url, int attempts, TimeSpan downtime);

    [LoggerMessage(4, LogLevel.Warning, "Could not connect to {Url} (attempt {Attempt}).", EventName = "ConnectFailed")]
    public static partial void ConnectFailed(ILogger logger, string url, int attempt, Exception error);

    [LoggerMessage(5, LogLevel.Information, "The connection to {Url} closed after {Duration}: code {CloseCode}, reason {CloseReason}, clean: {WasClean}.", EventName = "ConnectionClosed")]
    public static partial void ConnectionClosed(ILogger logger, string url, TimeSpan duration, int? closeCode, string? closeReason, bool wasClean);

    [LoggerMessage(6, LogLevel.Warning, "The connection to {Url} was lost after {Duration} (code {CloseCode}, clean: {WasClean}).", EventName = "ConnectionLost")]
    public static partial void ConnectionLost(ILogger logger, string url, TimeSpan duration, int? closeCode, bool wasClean, Exception error);

    [LoggerMessage(7, LogLevel.Information, "Reconnecting to {Url} in {Delay} (attempt {Attempt}).", EventName = "ReconnectScheduled")]
    public static partial void ReconnectScheduled(ILogger logger, string url, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 8, Message = "Not reconnecting to {Url}: the reconnect policy gave up after {Retries} reconnect attempt(s).", EventName = "ReconnectGaveUp")]
    public static partial void ReconnectGaveUp(ILogger logger, LogLevel level, string url, int retries);

    [LoggerMessage(9, LogLevel.Debug, "The WebSocket to {Url} is closed: code {CloseCode}, reason {CloseReason}, clean: {WasClean}.", EventName = "Closed")]
    public static partial void Closed(ILogger logger, string url, int closeCode, string? closeReason, bool wasClean);

    [LoggerMessage(10, LogLevel.Warning, "The WebSocket to {Url} reported an error.", EventName = "Error")]
    public static partial void Error(ILogger logger, string url, Exception error);

    [LoggerMessage(11, LogLevel.Warning, "{Count} queued message(s) ({Bytes} bytes) to {Url} were dropped unsent: older than {MaxAge} (OfflineSendPolicy.MaxAge).", EventName = "OfflineMessagesExpired")]
    public static partial void OfflineMessagesExpired(ILogger logger, int count, long bytes, string url, TimeSpan maxAge);

    [LoggerMessage(12, LogLevel.Warning, "A reader of '{Event}' events from {Url} fell {Capacity} events behind (WebSocketOptions.StreamCapacity); its oldest events are dropped until it catches up.", EventName = "StreamOverflow")]
    public static partial void StreamOverflow(ILogger logger, string @event, string url, int capacity);

    [LoggerMessage(13, LogLevel.Trace, "Sent a message of {Bytes} bytes to {Url}.", EventName = "MessageSent")]
    public static partial void MessageSent(ILogger logger, int bytes, string url);

    [LoggerMessage(14, LogLevel.Trace, "Received a message of {Bytes} bytes from {Url}.", EventName = "MessageReceived")]
    public static partial void MessageReceived(ILogger logger, int bytes, string url);

    [LoggerMessage(15, LogLevel.Trace, "{Operation} '{Method}' {RequestId} to {Url} completed after {Elapsed}.", EventName = "OperationCompleted")]
    public static partial void OperationCompleted(ILogger logger, string operation, string method, long requestId, string url, TimeSpan elapsed);

    [LoggerMessage(16, LogLevel.Trace, "{Operation} '{Method}' {RequestId} to {Url} failed after {Elapsed} ({ErrorType}).", EventName = "OperationFailed")]
    public static partial void OperationFailed(ILogger logger, string operation, string method, long requestId, string url, TimeSpan elapsed, string errorType);
}
