using System;
using System.Net;

namespace TypedWebSockets;

/// <summary>
/// When and how often a <see cref="WebSocket"/> reconnects (<see cref="WebSocketOptions.Reconnect"/>): exponential
/// backoff with full jitter, a cap, and a give-up rule. It covers the first connect too: a server that is not up yet is
/// retried like one that went away.
/// </summary>
/// <remarks>
/// <para>The delay before reconnect attempt <c>n</c> (1-based, counted from the last time the socket was open) is drawn
/// uniformly from <c>[0, min(MaxDelay, InitialDelay × Multiplier^(n-1))]</c> ("full jitter"), or is exactly that bound
/// when <see cref="Jitter"/> is off. Full jitter spreads the clients of a restarted server over the whole window, so
/// they do not come back in one storm.</para>
/// <para>The socket gives up (and <see cref="WebSocket.OnClose"/> fires) when <see cref="ShouldReconnect"/> rejects the
/// cause, when <see cref="MaxAttempts"/> attempts failed in a row, or when the next attempt would start later than
/// <see cref="MaxElapsed"/> after the connection was lost. It never reconnects after <c>Close</c>, <c>CloseAsync</c>,
/// <c>Dispose</c> or <c>DisposeAsync</c>.</para>
/// </remarks>
public sealed class ReconnectPolicy
{
    /// <summary>The upper bound of the first delay. Default: 1 second.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest delay between two attempts. Default: 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The factor each further delay bound grows by. Default: 2.</summary>
    public double Multiplier { get; set; } = 2.0;

    /// <summary>
    /// Whether delays are drawn at random between zero and the backoff bound (full jitter, the default) or are the
    /// bound itself (<see langword="false"/>: deterministic, for tests and single clients).
    /// </summary>
    public bool Jitter { get; set; } = true;

    /// <summary>
    /// How many attempts may fail in a row before the socket gives up; <see langword="null"/> (the default) for no limit.
    /// The count starts again after every successful open. With a server that never answers, the socket makes
    /// <c>1 + MaxAttempts</c> connection attempts in all. 0 turns reconnecting off while keeping the other behaviours
    /// of a policy (sends queued while connecting follow <see cref="WebSocketOptions.OfflineSends"/>).
    /// </summary>
    public int? MaxAttempts { get; set; }

    /// <summary>
    /// How long after the connection was lost (or the first connect started) the socket keeps trying; no attempt starts
    /// later than this. <see langword="null"/> (the default) for no limit.
    /// </summary>
    public TimeSpan? MaxElapsed { get; set; }

    /// <summary>
    /// Decides, for each lost connection or failed attempt, whether to try again. <see langword="null"/> (the default)
    /// uses <see cref="IsTransient"/>. The predicate runs on the socket's connection task; it must not block.
    /// </summary>
    public Func<ReconnectContext, bool>? ShouldReconnect { get; set; }

    /// <summary>
    /// The default <see cref="ShouldReconnect"/>: <see langword="true"/> for a connection that broke without a close
    /// frame (1006), a failed or timed-out connect, a handshake answered with HTTP 408, 429 or 5xx, and the close codes
    /// 1000, 1001 and 1011–1014; <see langword="false"/> for the codes that say "do not come back as you are":
    /// 1002 (protocol error), 1003 (unsupported data), 1007 (invalid payload), 1008 (policy violation), 1009 (message
    /// too big), 1010 (missing extension), every application code 3000–4999 (e.g. 3000 unauthorized, 4xxx), and a
    /// handshake answered with any other HTTP 4xx (401, 403, 404, ...).
    /// </summary>
    /// <param name="context">What ended the connection or attempt.</param>
    /// <returns>Whether the cause is worth another attempt.</returns>
    public static bool IsTransient(ReconnectContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CloseCode is { } code)
        {
            return code is 1000 or 1001 or 1005 or 1006 or (>= 1011 and <= 1014);
        }

        if (context.HandshakeStatusCode is { } status)
        {
            var value = (int)status;
            return value is < 400 or 408 or 429 or >= 500;
        }

        return true;
    }

    /// <summary>The delay bound before attempt <paramref name="attempt"/>: <c>min(MaxDelay, InitialDelay × Multiplier^(attempt-1))</c>.</summary>
    /// <param name="attempt">The 1-based attempt number.</param>
    /// <returns>The bound; the delay is drawn from <c>[0, bound]</c> with <see cref="Jitter"/>, or is the bound without.</returns>
    public TimeSpan GetDelayBound(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = InitialDelay.Ticks * Math.Pow(Multiplier, attempt - 1);
        return ticks >= MaxDelay.Ticks || double.IsNaN(ticks) ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    internal TimeSpan NextDelay(int attempt)
    {
        var bound = GetDelayBound(attempt);
        return Jitter ? TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * bound.Ticks)) : bound;
    }

    internal ReconnectPolicy ValidateAndClone()
    {
        if (InitialDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay, "ReconnectPolicy.InitialDelay must not be negative.");
        }

        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, $"ReconnectPolicy.MaxDelay must be at least InitialDelay ({InitialDelay}).");
        }

        if (!(Multiplier >= 1.0) || double.IsInfinity(Multiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "ReconnectPolicy.Multiplier must be a finite number of at least 1.");
        }

        if (MaxAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "ReconnectPolicy.MaxAttempts must not be negative.");
        }

        if (MaxElapsed is { } elapsed && elapsed <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxElapsed), elapsed, "ReconnectPolicy.MaxElapsed must be positive.");
        }

        return new ReconnectPolicy
        {
            InitialDelay = InitialDelay,
            MaxDelay = MaxDelay,
            Multiplier = Multiplier,
            Jitter = Jitter,
            MaxAttempts = MaxAttempts,
            MaxElapsed = MaxElapsed,
            ShouldReconnect = ShouldReconnect,
        };
    }
}

/// <summary>What ended a connection or a connection attempt, given to <see cref="ReconnectPolicy.ShouldReconnect"/>.</summary>
public sealed class ReconnectContext
{
    internal ReconnectContext(int attempt, Exception? exception, int? closeCode, string? closeReason, HttpStatusCode? handshakeStatusCode, TimeSpan elapsed, bool hasConnected)
    {
        Attempt = attempt;
        Exception = exception;
        CloseCode = closeCode;
        CloseReason = closeReason;
        HandshakeStatusCode = handshakeStatusCode;
        Elapsed = elapsed;
        HasConnected = hasConnected;
    }

    /// <summary>The 1-based number of the attempt that would be made next (1 right after a connection was lost).</summary>
    public int Attempt { get; }

    /// <summary>The failure, or <see langword="null"/> when the server closed the connection with a close frame.</summary>
    public Exception? Exception { get; }

    /// <summary>The code of the server's close frame, or <see langword="null"/> when none arrived.</summary>
    public int? CloseCode { get; }

    /// <summary>The reason in the server's close frame, if any.</summary>
    public string? CloseReason { get; }

    /// <summary>The HTTP status the server answered a failed handshake with, if it answered.</summary>
    public HttpStatusCode? HandshakeStatusCode { get; }

    /// <summary>The time since the connection was lost (or, before the first open, since connecting started).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary><see langword="true"/> when this socket has been open at least once.</summary>
    public bool HasConnected { get; }
}
