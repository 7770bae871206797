using System;
using System.Collections.Generic;

namespace TypedWebSockets;

/// <summary>What <see cref="OfflineSendPolicy"/> does with a message sent while the socket is not open.</summary>
public enum OfflineSendMode
{
    /// <summary>The message is queued, within the policy's bounds, and written in order when the socket opens.</summary>
    Queue = 0,

    /// <summary>
    /// <c>Send</c>/<c>SendAsync</c> throw an <see cref="InvalidOperationException"/> while the socket is not open
    /// (connecting or reconnecting); nothing is queued.
    /// </summary>
    FailFast = 1,
}

/// <summary>
/// What happens to messages sent while the socket is connecting or reconnecting (<see cref="WebSocketOptions.OfflineSends"/>).
/// Without a policy (the default) they are queued without bound or age limit and written on open.
/// </summary>
/// <remarks>
/// With <see cref="OfflineSendMode.Queue"/>, a send that would go past <see cref="MaxMessages"/> or <see cref="MaxBytes"/>
/// throws an <see cref="InvalidOperationException"/> (the message is not queued). A queued message older than
/// <see cref="MaxAge"/> is never written: it is dropped, its <c>SendAsync</c> fails with an
/// <see cref="OfflineMessagesDroppedException"/>, and every drop is reported to <see cref="WebSocket.OnError"/> with the
/// messages dropped. The bounds apply while the socket is not open; while it is open, sends are written as fast as the
/// connection takes them.
/// </remarks>
public sealed class OfflineSendPolicy
{
    /// <summary>Queue or fail fast. Default: <see cref="OfflineSendMode.Queue"/>.</summary>
    public OfflineSendMode Mode { get; set; } = OfflineSendMode.Queue;

    /// <summary>The most messages queued while not open. Default: 1,000.</summary>
    public int MaxMessages { get; set; } = 1000;

    /// <summary>The most bytes queued while not open. Default: 4 MiB.</summary>
    public long MaxBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// How old a queued message may be when it would be written; an older one is dropped and reported.
    /// <see langword="null"/> for no age limit. Default: 30 seconds.
    /// </summary>
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A policy that fails sends made while not open.</summary>
    /// <returns>A new policy with <see cref="Mode"/> <see cref="OfflineSendMode.FailFast"/>.</returns>
    public static OfflineSendPolicy FailFast() => new() { Mode = OfflineSendMode.FailFast };

    /// <summary>A policy that queues sends made while not open, within bounds.</summary>
    /// <param name="maxMessages">The most messages queued.</param>
    /// <param name="maxBytes">The most bytes queued.</param>
    /// <param name="maxAge">The age past which a queued message is dropped and reported; <see langword="null"/> for none.</param>
    /// <returns>A new policy with <see cref="Mode"/> <see cref="OfflineSendMode.Queue"/>.</returns>
    public static OfflineSendPolicy Queue(int maxMessages, long maxBytes, TimeSpan? maxAge)
        => new() { MaxMessages = maxMessages, MaxBytes = maxBytes, MaxAge = maxAge };

    internal OfflineSendPolicy ValidateAndClone()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "OfflineSendPolicy.Mode must be Queue or FailFast.");
        }

        if (MaxMessages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessages), MaxMessages, "OfflineSendPolicy.MaxMessages must not be negative.");
        }

        if (MaxBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "OfflineSendPolicy.MaxBytes must not be negative.");
        }

        if (MaxAge is { } age && age <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAge), age, "OfflineSendPolicy.MaxAge must be positive (or null for no limit).");
        }

        return new OfflineSendPolicy { Mode = Mode, MaxMessages = MaxMessages, MaxBytes = MaxBytes, MaxAge = MaxAge };
    }
}

/// <summary>
/// Reported to <see cref="WebSocket.OnError"/> (and thrown by the <c>SendAsync</c> of each message concerned) when queued
/// messages were dropped because they grew older than <see cref="OfflineSendPolicy.MaxAge"/> before they could be written.
/// </summary>
public sealed class OfflineMessagesDroppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The description.</param>
    /// <param name="messages">The messages dropped, in the order they were sent.</param>
    /// <param name="maxAge">The age limit they exceeded.</param>
    public OfflineMessagesDroppedException(string message, IReadOnlyList<WebSocketMessage> messages, TimeSpan maxAge)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Messages = messages;
        MaxAge = maxAge;
    }

    /// <summary>The messages dropped, in the order they were sent (text or binary, as sent).</summary>
    public IReadOnlyList<WebSocketMessage> Messages { get; }

    /// <summary>The age limit they exceeded (<see cref="OfflineSendPolicy.MaxAge"/>).</summary>
    public TimeSpan MaxAge { get; }
}
