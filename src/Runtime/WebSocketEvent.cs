using System;

namespace TypedWebSockets;

/// <summary>
/// A key for <see cref="WebSocket.AddEventListener(WebSocketEvent, Action)"/>: the browser's event names as typed values.
/// </summary>
/// <remarks>
/// <see cref="Open"/> takes an <see cref="Action"/>; the other keys are <see cref="WebSocketEvent{T}"/> so that the
/// listener's parameter type is inferred: <c>ws.AddEventListener(WebSocketEvent.Message, m =&gt; ...)</c>.
/// Generated typed clients add one key per received contract (<c>ChatClient.Events.ChatMessage</c>).
/// </remarks>
public sealed class WebSocketEvent
{
    private WebSocketEvent(string name) => Name = name;

    /// <summary>The event's name, as in the browser (<c>"open"</c>).</summary>
    public string Name { get; }

    /// <summary>The connection opened (the browser's <c>"open"</c>).</summary>
    public static WebSocketEvent Open { get; } = new("open");

    /// <summary>An error happened (the browser's <c>"error"</c>).</summary>
    public static WebSocketEvent<Exception> Error { get; } = new("error");

    /// <summary>A message arrived (the browser's <c>"message"</c>).</summary>
    public static WebSocketEvent<WebSocketMessage> Message { get; } = new("message");

    /// <summary>A message arrived that no <c>[Receives]</c> contract of a generated client matched (see <see cref="WebSocket.OnUnhandledMessage"/>).</summary>
    public static WebSocketEvent<WebSocketMessage> UnhandledMessage { get; } = new("unhandledmessage");

    /// <summary>The connection closed (the browser's <c>"close"</c>); the argument is the close reason, if any.</summary>
    public static WebSocketEvent<string?> Close { get; } = new("close");

    /// <summary>
    /// The socket closed, with the code, reason, cleanliness and cause in one argument (raised right after
    /// <see cref="Close"/>; see <see cref="WebSocket.OnClosed"/>).
    /// </summary>
    public static WebSocketEvent<WebSocketCloseEventArgs> Closed { get; } = new("closed");

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// A key for listeners that take an argument of type <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">The listener's argument type.</typeparam>
/// <remarks>
/// Keys compare by identity: each instance is its own event. Generated clients create one per received contract.
/// </remarks>
public sealed class WebSocketEvent<T>
{
    /// <summary>Creates a key. Generated clients call this; application code uses the existing keys.</summary>
    /// <param name="name">A name for diagnostics and <see cref="ToString"/>.</param>
    public WebSocketEvent(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The event's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
