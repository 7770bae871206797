namespace TypedWebSockets;

/// <summary>
/// The state of a <see cref="WebSocket"/>, numbered as the browser's <c>WebSocket.readyState</c>.
/// </summary>
public enum WebSocketState
{
    /// <summary>The connection is being established (or, with <see cref="WebSocketOptions.AutoConnect"/> off, not started yet).</summary>
    Connecting = 0,

    /// <summary>The connection is open: messages can be sent and are being received.</summary>
    Open = 1,

    /// <summary>The closing handshake has started; no more messages can be sent.</summary>
    Closing = 2,

    /// <summary>The connection is closed, or could not be opened. This state is final.</summary>
    Closed = 3,
}
