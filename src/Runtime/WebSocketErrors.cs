using System;
using System.Net;

namespace TypedWebSockets;

/// <summary>
/// What kind of failure an error reported by a <see cref="WebSocket"/> is: read it with
/// <see cref="WebSocketErrors.GetKind"/>, so that telling a refused connect from a dropped connection needs nothing from
/// <c>System.Net.WebSockets</c>.
/// </summary>
public enum WebSocketErrorKind
{
    /// <summary>Not a connection failure of this library: a handler that threw, a message that could not be read, a request the server answered with an error, ...</summary>
    Other = 0,

    /// <summary>The server could not be reached: connection refused, name not resolved, TLS or certificate rejected, or <see cref="WebSocketOptions.UrlProvider"/> failed.</summary>
    ConnectFailed,

    /// <summary>The server answered the handshake with an HTTP status other than 101 (<see cref="WebSocketErrors.GetHandshakeStatusCode"/>).</summary>
    HandshakeRejected,

    /// <summary>The handshake did not complete within <see cref="WebSocketOptions.ConnectTimeout"/>.</summary>
    ConnectTimeout,

    /// <summary><see cref="WebSocket.Close"/> (or <c>Dispose</c>) was called while connecting.</summary>
    ClosedBeforeOpen,

    /// <summary>An open connection broke without a closing handshake (close code 1006): a network failure, an abort, a server that went away.</summary>
    ConnectionLost,

    /// <summary>The closing handshake did not complete within <see cref="WebSocketOptions.CloseTimeout"/>; the connection was aborted.</summary>
    CloseTimeout,

    /// <summary>Nothing was received for <see cref="WebSocketOptions.IdleTimeout"/>; the connection was aborted.</summary>
    IdleTimeout,

    /// <summary>A message larger than <see cref="WebSocketOptions.MaxMessageSize"/> arrived; the connection is closed with 1009.</summary>
    MessageTooBig,

    /// <summary>Messages were not sent: the connection ended before they could be written.</summary>
    NotSent,
}

/// <summary>Reads what a <see cref="WebSocket"/> recorded on the errors it reports (to <see cref="WebSocket.OnError"/>, in failed tasks, in <see cref="ReconnectContext"/>).</summary>
/// <remarks>
/// The errors themselves keep their types (a failed connection is a <c>System.Net.WebSockets.WebSocketException</c>, a
/// timeout a <see cref="TimeoutException"/>, ...); these methods make the distinctions a handler needs reachable from this
/// namespace. A program that imports both <c>System.Net.WebSockets</c> and <c>TypedWebSockets</c> resolves the names both
/// have with aliases: <c>using WebSocket = TypedWebSockets.WebSocket;</c> and <c>using WebSocketState = TypedWebSockets.WebSocketState;</c>.
/// </remarks>
/// <example>
/// <code>
/// ws.OnError = error =&gt; Console.WriteLine(error.GetKind() switch
/// {
///     WebSocketErrorKind.ConnectFailed or WebSocketErrorKind.HandshakeRejected =&gt; $"could not connect: {error.Message}",
///     WebSocketErrorKind.ConnectionLost =&gt; "the connection dropped",
///     _ =&gt; error.Message,
/// });
/// </code>
/// </example>
public static class WebSocketErrors
{
    private const string KindKey = "TypedWebSockets.ErrorKind";
    private const string StatusKey = "TypedWebSockets.HandshakeStatusCode";

    /// <summary>The kind of failure <paramref name="error"/> is; <see cref="WebSocketErrorKind.Other"/> for errors this library did not classify.</summary>
    /// <param name="error">An error a <see cref="WebSocket"/> reported.</param>
    /// <returns>The kind.</returns>
    public static WebSocketErrorKind GetKind(this Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Data[KindKey] is WebSocketErrorKind kind ? kind : WebSocketErrorKind.Other;
    }

    /// <summary>The HTTP status the server answered a rejected handshake with (<see cref="WebSocketErrorKind.HandshakeRejected"/>); otherwise <see langword="null"/>.</summary>
    /// <param name="error">An error a <see cref="WebSocket"/> reported.</param>
    /// <returns>The status, or <see langword="null"/>.</returns>
    public static HttpStatusCode? GetHandshakeStatusCode(this Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Data[StatusKey] as HttpStatusCode?;
    }

    internal static T Tag<T>(T error, WebSocketErrorKind kind, HttpStatusCode? status = null)
        where T : Exception
    {
        error.Data[KindKey] = kind;
        if (status is not null)
        {
            error.Data[StatusKey] = status.Value;
        }

        return error;
    }
}
