using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using TypedWebSockets.TestServer;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// What error handling, close handling and connection control need without System.Net.WebSockets: the kind of each
/// error, the close in one argument, a manual reconnect, a URL per attempt, and request timeouts that say what they waited.
/// </summary>
public sealed class ConnectionBasicsTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Fact]
    public async Task A_refused_handshake_is_told_apart_from_a_dropped_connection_by_its_kind()
    {
        var (refused, refusedLog) = Sockets.Connect(Server.Url(TestEndpoints.Refuse + "?status=403"));
        using var _ = refused;
        await refusedLog.Closed.WaitAsync(TestTimeouts.Default);
        var rejection = Assert.Single(refusedLog.Errors);
        Assert.Equal(WebSocketErrorKind.HandshakeRejected, rejection.GetKind());
        Assert.Equal(HttpStatusCode.Forbidden, rejection.GetHandshakeStatusCode());

        var (dropped, droppedLog) = Sockets.Connect(Server.Url(TestEndpoints.Abort + "?wait=1"));
        using var __ = dropped;
        await droppedLog.Opened.WaitAsync(TestTimeouts.Default);
        dropped.Send("go");
        await droppedLog.Closed.WaitAsync(TestTimeouts.Default);
        var drop = Assert.Single(droppedLog.Errors);
        Assert.Equal(WebSocketErrorKind.ConnectionLost, drop.GetKind());
        Assert.Null(drop.GetHandshakeStatusCode());
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_a_connect_failure_and_a_slow_handshake_a_connect_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (unreachable, unreachableLog) = Sockets.Connect($"ws://127.0.0.1:{port}/");
        using var _ = unreachable;
        await unreachableLog.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketErrorKind.ConnectFailed, Assert.Single(unreachableLog.Errors).GetKind());

        var session = Server.CreateSession();
        var (slow, slowLog) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"), new WebSocketOptions { ConnectTimeout = TestTimeouts.Short });
        using var __ = slow;
        await slowLog.Closed.WaitAsync(TestTimeouts.Default);
        session.OpenGate();
        var timeout = Assert.IsType<TimeoutException>(Assert.Single(slowLog.Errors));
        Assert.Equal(WebSocketErrorKind.ConnectTimeout, timeout.GetKind());
    }

    [Fact]
    public async Task OnClosed_has_code_reason_cleanliness_and_cause_in_one_argument_right_after_OnClose()
    {
        var order = new ConcurrentQueue<string>();
        var closed = new TaskCompletionSource<WebSocketCloseEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var socket = new WebSocket(Server.Url(TestEndpoints.Close + "?code=4001&reason=kicked"), new WebSocketOptions { AutoConnect = false })
        {
            OnClose = _ => order.Enqueue("OnClose"),
            OnClosed = e =>
            {
                order.Enqueue("OnClosed");
                closed.TrySetResult(e);
            },
        };
        using var _ = socket;
        var listened = new TaskCompletionSource<WebSocketCloseEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.AddEventListener(WebSocketEvent.Closed, e => listened.TrySetResult(e));
        socket.Connect();

        var args = await closed.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(4001, args.Code);
        Assert.Equal("kicked", args.Reason);
        Assert.True(args.WasClean);
        Assert.Null(args.Error);
        Assert.Same(args, await listened.Task.WaitAsync(TestTimeouts.Default));
        Assert.Equal(["OnClose", "OnClosed"], order);
        Assert.Equal((socket.CloseCode, socket.CloseReason, socket.WasClean), (args.Code, args.Reason, args.WasClean));
    }

    [Fact]
    public async Task OnClosed_set_after_a_failed_connect_gets_the_held_close_with_its_cause()
    {
        var socket = new WebSocket(Server.Url(TestEndpoints.Refuse + "?status=404"));
        using var _ = socket;
        await Assert.ThrowsAnyAsync<Exception>(() => socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        var closed = new TaskCompletionSource<WebSocketCloseEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnClosed = e => closed.TrySetResult(e);

        var args = await closed.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(1006, args.Code);
        Assert.False(args.WasClean);
        var cause = Assert.IsType<System.Net.WebSockets.WebSocketException>(args.Error);
        Assert.Equal(WebSocketErrorKind.HandshakeRejected, cause.GetKind());
        Assert.Equal(HttpStatusCode.NotFound, cause.GetHandshakeStatusCode());
    }

    [Fact]
    public async Task ReconnectAsync_closes_the_connection_politely_and_opens_a_new_one_without_OnClose()
    {
        await using var server = new FakeWebSocketServer();
        var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport, AutoConnect = false });
        await using var _ = socket;
        var log = new EventLog(socket, messages: false);
        var reconnecting = new TaskCompletionSource<ReconnectingEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnReconnecting = e => reconnecting.TrySetResult(e);
        socket.Connect();
        var first = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await log.Opened.WaitAsync(TestTimeouts.Default);

        var reconnected = socket.ReconnectAsync();
        socket.Send("after the reconnect");
        var second = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await reconnected.WaitAsync(TestTimeouts.Default);

        await first.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(1000, first.ClientCloseCode);
        Assert.Equal("reconnecting", first.ClientCloseReason);
        Assert.Equal("after the reconnect", (await second.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text);
        var args = await reconnecting.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal((1, TimeSpan.Zero, 1000), (args.Attempt, args.Delay, args.CloseCode));
        Assert.Equal(WebSocketState.Open, socket.ReadyState);
        Assert.Equal(2, log.OpenCount);
        Assert.Equal(0, log.CloseCount);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task ReconnectAsync_ends_a_reconnect_delay_at_once_and_is_refused_once_closed()
    {
        await using var server = new FakeWebSocketServer();
        var socket = new WebSocket("ws://fake.test/", new WebSocketOptions
        {
            Transport = server.Transport,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromHours(1), MaxDelay = TimeSpan.FromHours(1), Jitter = false },
        });
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnReconnecting = _ => waiting.TrySetResult();
        var first = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        first.Abort();
        await waiting.Task.WaitAsync(TestTimeouts.Default);

        await socket.ReconnectAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(2, server.ConnectionCount);

        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Throws<InvalidOperationException>(() => { _ = socket.ReconnectAsync(); });
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task UrlProvider_gives_each_attempt_its_own_URL()
    {
        await using var server = new FakeWebSocketServer();
        var calls = 0;
        var socket = new WebSocket("ws://fake.test/original", new WebSocketOptions
        {
            Transport = server.Transport,
            UrlProvider = _ => ValueTask.FromResult(new Uri($"ws://fake.test/session?ticket={Interlocked.Increment(ref calls)}")),
        });
        await using var _ = socket;

        var first = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        await socket.ReconnectAsync().WaitAsync(TestTimeouts.Default);
        var second = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal("ws://fake.test/session?ticket=1", first.Request.Uri.OriginalString);
        Assert.Equal("ws://fake.test/session?ticket=2", second.Request.Uri.OriginalString);
        Assert.Equal("ws://fake.test/original", socket.Url);
    }

    [Theory]
    [InlineData("throws")]
    [InlineData("http://fake.test/")]
    public async Task A_UrlProvider_that_fails_or_gives_an_unusable_URL_fails_the_attempt_as_a_connect_failure(string outcome)
    {
        await using var server = new FakeWebSocketServer();
        var (socket, log) = Sockets.Connect("ws://fake.test/", new WebSocketOptions
        {
            Transport = server.Transport,
            UrlProvider = _ => outcome == "throws"
                ? throw new InvalidOperationException("no ticket")
                : ValueTask.FromResult(new Uri(outcome)),
        });
        using var _ = socket;

        await log.Closed.WaitAsync(TestTimeouts.Default);
        var error = Assert.Single(log.Errors);
        Assert.Equal(WebSocketErrorKind.ConnectFailed, error.GetKind());
        Assert.Contains("WebSocketOptions.UrlProvider", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task A_request_timeout_names_the_timeout_it_waited_and_where_it_came_from()
    {
        await using var server = new FakeWebSocketServer();
        var client = new RequestingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport, RequestTimeout = TimeSpan.FromMilliseconds(60) });
        await using var _ = client;
        await server.AcceptAsync().WaitAsync(TestTimeouts.Default);

        var fromOption = await Assert.ThrowsAsync<TimeoutException>(() => client.RequestAsync(new GetUser(1)).WaitAsync(TestTimeouts.Default));
        var fromCall = await Assert.ThrowsAsync<TimeoutException>(() => client.RequestAsync(new GetUser(2), TimeSpan.FromMilliseconds(70)).WaitAsync(TestTimeouts.Default));

        Assert.Contains("within 00:00:00.0600000 (WebSocketOptions.RequestTimeout)", fromOption.Message, StringComparison.Ordinal);
        Assert.Contains("within 00:00:00.0700000 (the timeout given to RequestAsync)", fromCall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_of_ended_connections_carry_their_kind_for_pending_requests_and_unsent_messages()
    {
        await using var server = new FakeWebSocketServer();
        var client = new RequestingClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        await using var _ = client;
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        var call = client.RequestAsync(new GetUser(1));
        await connection.ReceiveAsync().WaitAsync(TestTimeouts.Default);
        connection.Abort();

        var error = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => call.WaitAsync(TestTimeouts.Default));
        Assert.Equal(WebSocketErrorKind.ConnectionLost, error.GetKind());
        Assert.Equal(WebSocketErrorKind.Other, new InvalidOperationException("not ours").GetKind());
    }
}
