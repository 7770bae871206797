using System.Collections.Generic;

namespace TypedWebSockets.Hosting;

// What AddWebSocketClient registers for one client type, as named options (the name is the client type's full name):
// the URL, the socket's options, and what went wrong binding them from configuration (reported when the host starts).
internal sealed class WebSocketClientOptions
{
    public string? Url { get; set; }

    public WebSocketOptions Options { get; } = new();

    public List<string> BindingErrors { get; } = [];
}
