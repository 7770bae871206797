using System;

namespace TypedWebSockets;

/// <summary>The argument of <see cref="WebSocket.OnReconnecting"/>: the attempt about to be made, after what delay, and why.</summary>
public sealed class ReconnectingEventArgs
{
    internal ReconnectingEventArgs(int attempt, TimeSpan delay, Exception? exception, int? closeCode, string? closeReason)
    {
        Attempt = attempt;
        Delay = delay;
        Exception = exception;
        CloseCode = closeCode;
        CloseReason = closeReason;
    }

    /// <summary>The 1-based number of the attempt that starts after <see cref="Delay"/> (1 right after a connection was lost).</summary>
    public int Attempt { get; }

    /// <summary>How long the socket waits before the attempt.</summary>
    public TimeSpan Delay { get; }

    /// <summary>The failure that ended the connection or the previous attempt; <see langword="null"/> when the server closed with a close frame.</summary>
    public Exception? Exception { get; }

    /// <summary>The code of the server's close frame, or <see langword="null"/> when none arrived.</summary>
    public int? CloseCode { get; }

    /// <summary>The reason in the server's close frame, if any.</summary>
    public string? CloseReason { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"Reconnect attempt {Attempt} in {Delay} after {(Exception is not null ? Exception.Message : $"close {CloseCode} '{CloseReason}'")}";
}

/// <summary>The argument of <see cref="WebSocket.OnReconnected"/>.</summary>
public sealed class ReconnectedEventArgs
{
    internal ReconnectedEventArgs(int attempts, TimeSpan downtime)
    {
        Attempts = attempts;
        Downtime = downtime;
    }

    /// <summary>How many attempts it took (1 when the first one succeeded).</summary>
    public int Attempts { get; }

    /// <summary>The time between losing the previous connection and this open.</summary>
    public TimeSpan Downtime { get; }
}
