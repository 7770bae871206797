using System;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.TestServer;

/// <summary>
/// A class fixture (<c>IClassFixture&lt;WebSocketServerFixture&gt;</c>) holding a ws:// and a wss:// test server for the
/// tests of one class. Tests pick one with <see cref="Server(string)"/> from a <c>"ws"</c>/<c>"wss"</c> theory parameter.
/// </summary>
public sealed class WebSocketServerFixture : IAsyncLifetime
{
    private WebSocketTestServer? _plain;
    private WebSocketTestServer? _secure;

    /// <summary>The ws:// server.</summary>
    public WebSocketTestServer Plain => _plain ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The wss:// server (self-signed certificate).</summary>
    public WebSocketTestServer Secure => _secure ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The server for a scheme.</summary>
    /// <param name="scheme"><c>"ws"</c> or <c>"wss"</c>.</param>
    /// <returns>The server.</returns>
    public WebSocketTestServer Server(string scheme) => scheme switch
    {
        "ws" => Plain,
        "wss" => Secure,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "The scheme must be \"ws\" or \"wss\"."),
    };

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var plain = WebSocketTestServer.StartAsync(secure: false);
        var secure = WebSocketTestServer.StartAsync(secure: true);
        _plain = await plain;
        _secure = await secure;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_plain is not null)
        {
            await _plain.DisposeAsync();
        }

        if (_secure is not null)
        {
            await _secure.DisposeAsync();
        }
    }
}
