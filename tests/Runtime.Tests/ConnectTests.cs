using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>Connecting: AutoConnect, Connect/ConnectAsync, subprotocols, headers, Configure and TLS.</summary>
public sealed class ConnectTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Fact]
    public async Task AutoConnect_false_waits_for_ConnectAsync()
    {
        var session = Server.CreateSession();
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo, session), new WebSocketOptions { AutoConnect = false });
        using var _ = ws;
        var log = new EventLog(ws);

        // A socket that connected on its own would reach the server; prove it does not by connecting a second one
        // with the same session and seeing only that request.
        var probe = new WebSocket(Server.Url(TestEndpoints.Echo, session));
        await probe.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        await probe.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, session.RequestCount);
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);
        Assert.Equal(0, log.OpenCount);

        await ws.ConnectAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(WebSocketState.Open, ws.ReadyState);
        Assert.Equal(2, session.RequestCount);
        ws.Send("hello");
        Assert.Equal("hello", (await log.WaitForMessagesAsync(1))[0].Text);
    }

    [Fact]
    public async Task Connect_may_be_called_once()
    {
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { AutoConnect = false });
        using var _ = ws;
        ws.Connect();

        Assert.Throws<InvalidOperationException>(ws.Connect);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.ConnectAsync());
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        Assert.Throws<InvalidOperationException>(ws.Connect);
    }

    [Fact]
    public async Task Connect_on_an_auto_connecting_socket_throws()
    {
        using var ws = new WebSocket(Server.Url(TestEndpoints.Echo));
        Assert.Throws<InvalidOperationException>(ws.Connect);
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public void Connect_after_Dispose_throws_ObjectDisposedException()
    {
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { AutoConnect = false });
        ws.Dispose();
        Assert.Throws<ObjectDisposedException>(ws.Connect);
    }

    [Fact]
    public async Task WaitOpenAsync_can_be_cancelled_without_affecting_the_connection()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"));
        using var _ = ws;
        using var cancel = new CancellationTokenSource();

        var waiting = ws.WaitOpenAsync(cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TestTimeouts.Default));

        session.OpenGate();
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Open, ws.ReadyState);
        Assert.Empty(log.Errors);
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Protocol_is_the_subprotocol_the_server_selected(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var options = server.CreateClientOptions();
        options.AutoConnect = false;
        options.SubProtocols.Add("chat.v2");
        options.SubProtocols.Add("chat.v1");
        var ws = new WebSocket(server.Url(TestEndpoints.Subprotocol, session, "accept=chat.v1"), options);
        using var _ = ws;
        Assert.Null(ws.Protocol);

        await ws.ConnectAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal("chat.v1", ws.Protocol);
        Assert.Equal(["chat.v2", "chat.v1"], session.OfferedProtocols);
    }

    [Fact]
    public async Task Protocol_is_null_when_none_was_offered()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Subprotocol));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);
        Assert.Null(ws.Protocol);
    }

    [Fact]
    public async Task Headers_are_sent_with_the_handshake_and_Configure_runs_once_per_attempt()
    {
        var session = Server.CreateSession();
        var configured = new List<ClientWebSocketOptions>();
        var options = new WebSocketOptions { Configure = configured.Add, KeepAliveInterval = TimeSpan.Zero };
        options.Headers["X-Test-Header"] = "value: with colon";
        options.Headers["Authorization"] = "Bearer token";
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session), options);
        using var _ = ws;

        await log.Opened.WaitAsync(TestTimeouts.Default);

        Assert.Equal("value: with colon", session.RequestHeaders["x-test-header"]);
        Assert.Equal("Bearer token", session.RequestHeaders["authorization"]);
        var clientOptions = Assert.Single(configured);
        Assert.Equal(TimeSpan.Zero, clientOptions.KeepAliveInterval);
    }

    [Fact]
    public async Task Options_changed_after_the_constructor_have_no_effect()
    {
        var session = Server.CreateSession();
        var options = new WebSocketOptions { AutoConnect = false };
        options.Headers["X-Before"] = "1";
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo, session), options);
        using var _ = ws;
        options.Headers["X-After"] = "2";
        options.Headers["X-Before"] = "changed";

        await ws.ConnectAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal("1", session.RequestHeaders["x-before"]);
        Assert.False(session.RequestHeaders.ContainsKey("x-after"));
    }

    [Fact]
    public async Task A_self_signed_wss_server_is_refused_without_Configure()
    {
        var session = fixture.Secure.CreateSession();
        var (ws, log) = Sockets.Connect(fixture.Secure.Url(TestEndpoints.Echo, session));
        using var _ = ws;

        await Assert.ThrowsAsync<WebSocketException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:WebSocketException", "close"], log.Entries);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.False(session.Accepted.IsCompleted);
    }

    [Fact]
    public async Task Configure_reaches_the_TLS_validation_and_a_rejecting_callback_refuses_the_server()
    {
        var session = fixture.Secure.CreateSession();
        var asked = 0;
        var (ws, log) = Sockets.Connect(fixture.Secure.Url(TestEndpoints.Echo, session), new WebSocketOptions
        {
            Configure = o => o.RemoteCertificateValidationCallback = (_, _, _, _) =>
            {
                Interlocked.Increment(ref asked);
                return false;
            },
        });
        using var _ = ws;

        await Assert.ThrowsAsync<WebSocketException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        await log.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(1, Volatile.Read(ref asked));
        Assert.False(session.Accepted.IsCompleted);
    }
}
