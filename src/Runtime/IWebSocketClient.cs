using System;

namespace TypedWebSockets;

/// <summary>
/// Implemented by every client the generator completes (<c>[WebSocketClient]</c>): lets code that knows only the
/// client's type, such as dependency-injection registration, create one without reflection, so trimming and NativeAOT
/// stay warning-free.
/// </summary>
/// <typeparam name="TSelf">The generated client type.</typeparam>
public interface IWebSocketClient<TSelf>
    where TSelf : WebSocket, IWebSocketClient<TSelf>
{
    /// <summary>
    /// Creates a client, exactly as its <c>(Uri url, WebSocketOptions options)</c> constructor does: unless
    /// <see cref="WebSocketOptions.AutoConnect"/> is off, it starts connecting at once.
    /// </summary>
    /// <param name="url">An absolute <c>ws://</c> or <c>wss://</c> URI without a fragment.</param>
    /// <param name="options">The options; validated and copied.</param>
    /// <returns>The new client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The URI is not valid, or an option is not.</exception>
    static abstract TSelf Create(Uri url, WebSocketOptions options);
}
