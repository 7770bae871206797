namespace TypedWebSockets.Telemetry;

// The names of tags and activities, OpenTelemetry's semantic conventions where they have one (server.*, url.scheme,
// network.protocol.name, error.type, http.response.status_code, rpc.*), ours under "typedwebsockets." where they don't.
internal static class TelemetryNames
{
    public static readonly string? Version = typeof(TelemetryNames).Assembly.GetName().Version?.ToString();

    public const string ClientType = "typedwebsockets.client.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UrlScheme = "url.scheme";
    public const string NetworkProtocolName = "network.protocol.name";
    public const string ErrorType = "error.type";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string RpcSystemName = "rpc.system.name";
    public const string RpcMethod = "rpc.method";
    public const string RequestId = "typedwebsockets.request.id";
    public const string ConnectionAttempt = "typedwebsockets.connection.attempt";
    public const string SubProtocol = "typedwebsockets.subprotocol";
    public const string DropReason = "typedwebsockets.drop.reason";

    public const string ConnectActivity = "TypedWebSockets.Connect";
    public const string RequestActivity = "TypedWebSockets.Request";
    public const string SubscribeActivity = "TypedWebSockets.Subscribe";

    // The value of rpc.system.name: requests and subscriptions are this library's correlation of messages, whatever the
    // protocol on top (a JSON-RPC server is still reached through it).
    public const string RpcSystem = "typedwebsockets";
}
