using System;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

public sealed class FakeTransportTests
{
    private static WebSocketOptions With(FakeWebSocketServer server) => new() { Transport = server.Transport };

    [Fact]
    public async Task Messages_flow_both_ways_in_order_over_the_fake_server()
    {
        await using var server = new FakeWebSocketServer { SubProtocol = "chat.v2" };
        var options = With(server);
        options.SubProtocols.Add("chat.v1");
        options.SubProtocols.Add("chat.v2");
        options.Headers["X-Token"] = "secret";
        await using var socket = new WebSocket("ws://fake.test/chat", options);
        var log = new EventLog(socket);

        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await log.Opened.WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Open, socket.ReadyState);
        Assert.Equal("chat.v2", socket.Protocol);
        Assert.Equal(new Uri("ws://fake.test/chat"), connection.Request.Uri);
        Assert.Equal("secret", connection.Request.Headers["X-Token"]);
        Assert.Same(socket, connection.Request.Client);

        socket.Send("one");
        socket.Send(Data.FromBytes([1, 2, 3]));
        await socket.SendAsync("three");
        Assert.Equal("one", (await connection.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text);
        Assert.Equal(Data.FromBytes([1, 2, 3]), (await connection.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Data);
        Assert.Equal("three", (await connection.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text);

        var received = new TaskCompletionSource<WebSocketMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.AddEventListener(WebSocketEvent.Message, m => received.TrySetResult(m));
        await connection.SendAsync("{\"hello\":1}");
        Assert.Equal("{\"hello\":1}", (await received.Task.WaitAsync(TestTimeouts.Default)).Text);
    }

    [Fact]
    public async Task A_server_close_reaches_the_client_with_its_code_and_reason()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", With(server));
        var log = new EventLog(socket);
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await log.Opened.WaitAsync(TestTimeouts.Default);

        await connection.CloseAsync(4001, "kicked").WaitAsync(TestTimeouts.Default);

        Assert.Equal("kicked", await log.Closed.WaitAsync(TestTimeouts.Default));
        Assert.Equal(4001, socket.CloseCode);
        Assert.True(socket.WasClean);
        Assert.Equal(WebSocketState.Closed, socket.ReadyState);
    }

    [Fact]
    public async Task A_client_close_is_answered_and_seen_by_the_server()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", With(server));
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        await socket.CloseAsync(1000, "bye").WaitAsync(TestTimeouts.Default);
        await connection.Closed.WaitAsync(TestTimeouts.Default);

        Assert.True(socket.WasClean);
        Assert.Equal(1000, connection.ClientCloseCode);
        Assert.Equal("bye", connection.ClientCloseReason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ReceiveAsync().WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task A_server_abort_is_an_abnormal_closure_with_an_error()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", With(server));
        var log = new EventLog(socket);
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await log.Opened.WaitAsync(TestTimeouts.Default);

        connection.Abort();

        await log.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(1006, socket.CloseCode);
        Assert.False(socket.WasClean);
        Assert.NotEmpty(log.Errors);
    }

    [Fact]
    public async Task A_refused_connection_fails_the_connect_like_a_refused_handshake()
    {
        await using var server = new FakeWebSocketServer();
        server.RefuseConnections(new InvalidOperationException("no entry"));
        await using var socket = new WebSocket("ws://fake.test/", With(server));
        var log = new EventLog(socket);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Contains("no entry", failure.Message, StringComparison.Ordinal);
        await log.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task With_a_reconnect_policy_an_aborted_connection_is_replaced_by_a_new_one()
    {
        await using var server = new FakeWebSocketServer();
        var options = With(server);
        options.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(1), Jitter = false };
        await using var socket = new WebSocket("ws://fake.test/", options);
        socket.OnMessage = _ => { };
        var first = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        first.Abort();
        var second = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        socket.Send("after");

        Assert.Equal("after", (await second.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text);
        Assert.Equal(2, server.ConnectionCount);
    }
}
