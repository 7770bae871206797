using System;

namespace TypedWebSockets;

/// <summary>
/// How a <see cref="WebSocket"/> closed, all in one: the argument of <see cref="WebSocket.OnClosed"/> (and of
/// <see cref="WebSocketEvent.Closed"/> listeners), raised right after <see cref="WebSocket.OnClose"/>.
/// </summary>
public sealed class WebSocketCloseEventArgs
{
    internal WebSocketCloseEventArgs(int code, string? reason, bool wasClean, Exception? error)
    {
        Code = code;
        Reason = reason;
        WasClean = wasClean;
        Error = error;
    }

    /// <summary>The close code (<see cref="WebSocket.CloseCode"/>): the code in the close frame received, or 1006 when none arrived.</summary>
    public int Code { get; }

    /// <summary>The reason in the close frame received (<see cref="WebSocket.CloseReason"/>), if any.</summary>
    public string? Reason { get; }

    /// <summary>Whether the closing handshake completed in both directions (<see cref="WebSocket.WasClean"/>).</summary>
    public bool WasClean { get; }

    /// <summary>
    /// The last error reported before the close (what ended the connection: a refused connect, a drop, a timeout; read
    /// its kind with <see cref="WebSocketErrors.GetKind"/>), or <see langword="null"/> when nothing failed.
    /// </summary>
    public Exception? Error { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"closed {Code}{(Reason is null ? "" : " '" + Reason + "'")}{(WasClean ? ", clean" : ", not clean")}{(Error is null ? "" : ": " + Error.Message)}";
}
