using System;
using TypedWebSockets.TestServer;

namespace TypedWebSockets.Tests.Support;

/// <summary>Creating sockets with every handler in place before the connection starts.</summary>
internal static class Sockets
{
    /// <summary>
    /// Creates a socket with <see cref="WebSocketOptions.AutoConnect"/> off, attaches an <see cref="EventLog"/>, then
    /// connects, so that no event (not even a fast failure) happens before the log listens.
    /// </summary>
    public static (WebSocket Socket, EventLog Log) Connect(string url, WebSocketOptions? options = null, bool messages = true)
    {
        options ??= new WebSocketOptions();
        options.AutoConnect = false;
        var socket = new WebSocket(url, options);
        var log = new EventLog(socket, messages);
        socket.Connect();
        return (socket, log);
    }

    /// <summary>Like <see cref="Connect(string, WebSocketOptions?, bool)"/>, trusting <paramref name="server"/>'s certificate.</summary>
    public static (WebSocket Socket, EventLog Log) Connect(WebSocketTestServer server, string url, Action<WebSocketOptions>? configure = null, bool messages = true)
    {
        var options = server.CreateClientOptions();
        configure?.Invoke(options);
        return Connect(url, options, messages);
    }
}
