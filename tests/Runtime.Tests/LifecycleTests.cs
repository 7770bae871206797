using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// Every way a connection ends raises OnClose exactly once, after any OnError, with CloseCode, CloseReason, WasClean
/// and ReadyState telling what happened; OnOpen fires at most once.
/// </summary>
public sealed class LifecycleTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Local_close_completes_the_handshake_and_reports_the_servers_answer(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var (ws, log) = Sockets.Connect(server, server.Url(TestEndpoints.Echo, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Open, ws.ReadyState);
        Assert.Null(ws.CloseCode);
        Assert.Null(ws.CloseReason);
        Assert.False(ws.WasClean);

        ws.Close(4000, "done");
        Assert.Equal(WebSocketState.Closing, ws.ReadyState);

        Assert.Equal("done", await log.Closed.WaitAsync(TestTimeouts.Default));
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(4000, ws.CloseCode);
        Assert.Equal("done", ws.CloseReason);
        Assert.True(ws.WasClean);
        Assert.Equal(["open", "close"], log.Entries);

        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal((4000, "done"), (frame.CloseCode, frame.CloseReason));
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Server_close_delivers_earlier_messages_then_closes_cleanly_with_its_code_and_reason(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var (ws, log) = Sockets.Connect(server, server.Url(TestEndpoints.Close, session, "count=2&code=4001&reason=server%20bye"));
        using var _ = ws;

        Assert.Equal("server bye", await log.Closed.WaitAsync(TestTimeouts.Default));
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["open", "message", "message", "close"], log.Entries);
        Assert.Equal(["0", "1"], log.Messages.Select(m => m.Text));
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(4001, ws.CloseCode);
        Assert.Equal("server bye", ws.CloseReason);
        Assert.True(ws.WasClean);

        // The client answered the server's close frame with the same code.
        var answer = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(4001, answer.CloseCode);
        Assert.Throws<InvalidOperationException>(() => ws.Send("too late"));
    }

    [Fact]
    public async Task Server_abort_reports_an_error_then_close_1006_not_clean()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Abort + "?count=1&wait=1"));
        using var _ = ws;
        await log.WaitForMessagesAsync(1);
        ws.Send("abort now");

        Assert.Null(await log.Closed.WaitAsync(TestTimeouts.Default));
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["open", "message", "error:WebSocketException"], log.Entries.Take(3));
        Assert.Equal("close", log.Entries[^1]);
        Assert.Contains("without completing the close handshake", log.Errors[0].Message, StringComparison.Ordinal);

        // When the abort overtakes the send (the connection is already being torn down when Send runs), the message
        // is reported as not sent rather than dropped silently: that is the only other error allowed.
        Assert.All(log.Errors.Skip(1), e => Assert.Contains("1 queued message(s) were not sent", e.Message, StringComparison.Ordinal));
        Assert.InRange(log.Errors.Count, 1, 2);
        Assert.Equal(1006, ws.CloseCode);
        Assert.Null(ws.CloseReason);
        Assert.False(ws.WasClean);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
    }

    [Fact]
    public async Task Server_abort_while_the_client_is_writing_is_reported_as_a_WebSocketException()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Abort + "?wait=1"));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        // The server aborts on the first message; keep the writer busy so that the abort may hit a write in progress.
        var chunk = Data.FromBytes(new byte[64 * 1024]);
        for (var i = 0; i < 200 && ws.ReadyState == WebSocketState.Open; i++)
        {
            try
            {
                ws.Send(chunk);
            }
            catch (InvalidOperationException) when (ws.ReadyState != WebSocketState.Open)
            {
                // The abort was noticed between the state check and the send: nothing more to send.
            }
        }

        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal("close", log.Entries[^1]);
        Assert.NotEmpty(log.Errors);
        Assert.All(log.Errors, error => Assert.True(error is WebSocketException, error.ToString()));
        Assert.Equal(1006, ws.CloseCode);
        Assert.False(ws.WasClean);
    }

    [Theory]
    [InlineData(TestEndpoints.Refuse + "?status=403", "403")]
    [InlineData(TestEndpoints.Refuse + "?status=404", "404")]
    [InlineData("/no-such-path", "404")]
    public async Task Refused_handshake_reports_the_error_then_close_and_faults_WaitOpenAsync(string path, string status)
    {
        var (ws, log) = Sockets.Connect(Server.Url(path));
        using var _ = ws;

        var error = await Assert.ThrowsAsync<WebSocketException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Contains(status, error.Message, StringComparison.Ordinal);
        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:WebSocketException", "close"], log.Entries);
        Assert.Same(error, log.Errors[0]);
        Assert.Equal(0, log.OpenCount);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(1006, ws.CloseCode);
        Assert.False(ws.WasClean);
    }

    [Fact]
    public async Task Failed_connect_to_a_closed_port_reports_the_error_then_close()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (ws, log) = Sockets.Connect($"ws://127.0.0.1:{port}/echo");
        using var _ = ws;

        await Assert.ThrowsAsync<WebSocketException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:WebSocketException", "close"], log.Entries);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(1006, ws.CloseCode);
    }

    // DESIGN: "Registering handlers after the constructor returns must lose nothing". A connect that fails within
    // microseconds of the constructor (a refused port) ends before handlers registered on the next lines exist; its
    // errors and close are held and delivered, in order, to the handlers registered afterwards.
    [Fact]
    public async Task A_close_handler_registered_after_a_failed_connect_still_sees_the_close()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var ws = new WebSocket($"ws://127.0.0.1:{port}/echo");
        using var _ = ws;
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);

        var log = new EventLog(ws);

        await log.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:WebSocketException", "close"], log.Entries);
        Assert.Equal(1, log.CloseCount);
    }

    [Fact]
    public async Task Connect_timeout_reports_a_TimeoutException_then_close()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"), new WebSocketOptions { ConnectTimeout = TestTimeouts.Short });
        using var _ = ws;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:TimeoutException", "close"], log.Entries);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(1006, ws.CloseCode);
        Assert.False(session.Accepted.IsCompleted);
    }

    [Fact]
    public async Task Close_timeout_when_the_server_never_answers_reports_a_TimeoutException_then_close_not_clean()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.NeverAnswersClose, session), new WebSocketOptions { CloseTimeout = TestTimeouts.Short });
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        await ws.CloseAsync(1000, "bye").WaitAsync(TestTimeouts.Default);

        Assert.Equal(["open", "error:TimeoutException", "close"], log.Entries);
        Assert.Contains("CloseTimeout", log.Errors[0].Message, StringComparison.Ordinal);
        Assert.False(ws.WasClean);
        Assert.Equal(1006, ws.CloseCode);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal((1000, "bye"), (frame.CloseCode, frame.CloseReason));
    }

    [Fact]
    public async Task Close_timeout_also_bounds_a_close_stuck_behind_sends_the_server_does_not_read()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.NeverReads), new WebSocketOptions { CloseTimeout = TestTimeouts.Short });
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        // More than the loopback socket buffers hold: the writer blocks, and the close frame waits behind it.
        var megabyte = Data.FromBytes(new byte[1024 * 1024]);
        for (var i = 0; i < 64; i++)
        {
            ws.Send(megabyte);
        }

        await ws.CloseAsync(1000, "bye").WaitAsync(TestTimeouts.Default);

        Assert.Equal("close", log.Entries[^1]);
        Assert.Contains("error:TimeoutException", log.Entries);
        Assert.False(ws.WasClean);
        Assert.Equal(1006, ws.CloseCode);
    }

    [Fact]
    public async Task Dispose_aborts_and_raises_close_once_without_an_error_before_returning()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        await log.Opened.WaitAsync(TestTimeouts.Default);

        ws.Dispose();

        // Dispose waits for the close event (it is not called from a handler).
        Assert.Equal(["open", "close"], log.Entries);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(1006, ws.CloseCode);
        Assert.False(ws.WasClean);
        Assert.Throws<InvalidOperationException>(() => ws.Send("after dispose"));

        ws.Dispose();
        await ws.DisposeAsync();
        Assert.Equal(1, log.CloseCount);

        // Aborted: the server saw the connection end without a close frame.
        await session.Ended.WaitAsync(TestTimeouts.Default);
        Assert.DoesNotContain(session.Received, m => m.IsClose);
    }

    [Fact]
    public async Task Dispose_from_inside_a_handler_does_not_wait_for_itself()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo));
        ws.AddEventListener(WebSocketEvent.Message, _ => ws.Dispose());

        ws.Send("dispose me");

        Assert.Null(await log.Closed.WaitAsync(TestTimeouts.Default));
        Assert.Equal(["open", "message", "close"], log.Entries);
        Assert.Equal(1006, ws.CloseCode);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
    }

    [Fact]
    public async Task Close_from_inside_a_handler_closes_after_the_handler_returns()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        using var _ = ws;
        ws.AddEventListener(WebSocketEvent.Message, m =>
        {
            ws.Close(4005, "from handler");
            ws.Send("too late");
        });

        ws.Send("close me");

        Assert.Equal("from handler", await log.Closed.WaitAsync(TestTimeouts.Default));
        Assert.Equal(["open", "message", "error:InvalidOperationException", "close"], log.Entries);
        Assert.True(ws.WasClean);
        Assert.Equal(4005, ws.CloseCode);
        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(4005, frame.CloseCode);
    }

    [Fact]
    public async Task DisposeAsync_closes_politely()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        await log.Opened.WaitAsync(TestTimeouts.Default);

        await ws.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);

        Assert.Equal(["open", "close"], log.Entries);
        Assert.Equal(1000, ws.CloseCode);
        Assert.True(ws.WasClean);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(1000, frame.CloseCode);
    }

    [Fact]
    public async Task DisposeAsync_after_Close_waits_for_the_closing_handshake()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        await log.Opened.WaitAsync(TestTimeouts.Default);

        ws.Close(4002, "closing");
        await ws.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);

        Assert.Equal(["open", "close"], log.Entries);
        Assert.True(ws.WasClean);
        Assert.Equal(4002, ws.CloseCode);
    }

    [Fact]
    public async Task Dispose_while_connecting_raises_close_only_and_faults_WaitOpenAsync()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"));
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);

        ws.Dispose();

        Assert.Equal(["close"], log.Entries);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(1006, ws.CloseCode);
    }

    [Fact]
    public async Task Close_while_connecting_stops_the_attempt_reports_it_then_closes()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"));
        using var _ = ws;

        ws.Close();
        Assert.Equal(WebSocketState.Closing, ws.ReadyState);

        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:WebSocketException", "close"], log.Entries);
        await Assert.ThrowsAsync<WebSocketException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Equal(0, log.OpenCount);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
    }

    [Fact]
    public async Task Close_before_Connect_closes_without_connecting()
    {
        var session = Server.CreateSession();
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo, session), new WebSocketOptions { AutoConnect = false });
        var log = new EventLog(ws);

        await ws.CloseAsync(1000, "never mind").WaitAsync(TestTimeouts.Default);

        Assert.Equal(["close"], log.Entries);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default));
        Assert.Throws<InvalidOperationException>(ws.Connect);
        Assert.Equal(0, session.RequestCount);
    }

    [Fact]
    public async Task ConnectAsync_completes_after_the_open_handlers_ran()
    {
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { AutoConnect = false });
        using var _ = ws;
        var handled = false;
        ws.OnOpen = () =>
        {
            // A slow open handler: code awaiting the open must not overtake it.
            Thread.Sleep(100);
            Volatile.Write(ref handled, true);
        };

        await ws.ConnectAsync().WaitAsync(TestTimeouts.Default);

        Assert.True(Volatile.Read(ref handled));
    }

    [Fact]
    public async Task ReadyState_goes_Connecting_Open_Closing_Closed_and_handlers_see_the_current_state()
    {
        var session = Server.CreateSession();
        var ws = new WebSocket(Server.Url(TestEndpoints.Slow, session, "gate=1"), new WebSocketOptions { AutoConnect = false });
        using var _ = ws;
        WebSocketState? inOpen = null, inClose = null;
        int? codeInClose = null;
        ws.OnOpen = () => inOpen = ws.ReadyState;
        ws.OnClose = _ => (inClose, codeInClose) = (ws.ReadyState, ws.CloseCode);
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);

        ws.Connect();
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);
        await session.Requested.WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);

        session.OpenGate();
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Open, ws.ReadyState);

        ws.Close(3000, "x");
        Assert.Equal(WebSocketState.Closing, ws.ReadyState);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);

        Assert.Equal(WebSocketState.Open, inOpen);
        Assert.Equal(WebSocketState.Closed, inClose);
        Assert.Equal(3000, codeInClose);
    }
}
