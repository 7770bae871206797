using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Hosting;

// The log events of the hosting package, category "TypedWebSockets.Hosting" (docs/telemetry.md). The clients' own events
// (connecting, connected, closed, ...) are logged by each client under its own category.
internal static partial class Log
{
    public const string Category = "TypedWebSockets.Hosting";

    [LoggerMessage(101, LogLevel.Debug, "Connecting the {ClientType} client: the host is starting.", EventName = "ClientStarting")]
    public static partial void ClientStarting(ILogger logger, string clientType);

    [LoggerMessage(102, LogLevel.Information, "Not connecting the {ClientType} client when the host starts: its WebSocketOptions.AutoConnect is off, so the application connects it.", EventName = "ClientNotAutoConnected")]
    public static partial void ClientNotAutoConnected(ILogger logger, string clientType);

    [LoggerMessage(103, LogLevel.Debug, "Closing the {ClientType} client (1001, going away): the host is stopping.", EventName = "ClientStopping")]
    public static partial void ClientStopping(ILogger logger, string clientType);

    [LoggerMessage(104, LogLevel.Warning, "The {ClientType} client did not close within the host's shutdown timeout; its connection was aborted.", EventName = "ClientCloseAborted")]
    public static partial void ClientCloseAborted(ILogger logger, string clientType);
}
