namespace TypedWebSockets;

/// <summary>
/// How a typed client writes the correlation id of its requests and subscriptions
/// (<see cref="WebSocketClientAttribute.CorrelationIdFormat"/>). Replies are matched whichever form they carry the id in.
/// </summary>
public enum CorrelationIdFormat
{
    /// <summary>A JSON number: <c>"id":7</c> (the default; JSON-RPC 2.0, Home Assistant, Kraken, OBS).</summary>
    Number = 0,

    /// <summary>A JSON string of the same digits: <c>"id":"7"</c> (graphql-transport-ws requires strings).</summary>
    String = 1,
}
