using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>Close validates its code and reason as browsers do, sends nothing when they are invalid, and is idempotent.</summary>
public sealed class CloseValidationTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1002)]
    [InlineData(1003)]
    [InlineData(3000)]
    [InlineData(4999)]
    public async Task Allowed_codes_are_sent_to_the_server(int code)
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        await ws.CloseAsync(code, "reason").WaitAsync(TestTimeouts.Default);

        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal((code, "reason"), (frame.CloseCode, frame.CloseReason));
        Assert.Equal(code, ws.CloseCode);
        Assert.True(ws.WasClean);
        Assert.Empty(log.Errors);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1009)]
    [InlineData(1015)]
    [InlineData(2999)]
    [InlineData(5000)]
    public async Task Other_codes_throw_ArgumentOutOfRangeException_and_send_nothing(int code)
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Sink, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ws.Close(code, "x"));
        Assert.Equal("code", error.ParamName);
        var asyncError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ws.CloseAsync(code));
        Assert.Equal("code", asyncError.ParamName);

        await AssertNothingWasSentAsync(ws, session);
    }

    public static TheoryData<string> ReasonsOf123Bytes() =>
    [
        new string('é', 61) + "a",
        new string('中', 41),
        string.Concat(Enumerable.Repeat("😀", 30)) + "abc",
        new string('a', 123),
    ];

    [Theory]
    [MemberData(nameof(ReasonsOf123Bytes))]
    public async Task A_reason_of_123_UTF8_bytes_is_sent_intact(string reason)
    {
        Assert.Equal(123, Encoding.UTF8.GetByteCount(reason));
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        await ws.CloseAsync(1000, reason).WaitAsync(TestTimeouts.Default);

        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(reason, frame.CloseReason);
        Assert.Equal(reason, ws.CloseReason);
    }

    public static TheoryData<string> ReasonsOf124Bytes() =>
    [
        new string('é', 62),
        new string('中', 41) + "a",
        string.Concat(Enumerable.Repeat("😀", 31)),
        new string('a', 124),
    ];

    [Theory]
    [MemberData(nameof(ReasonsOf124Bytes))]
    public async Task A_reason_over_123_UTF8_bytes_throws_ArgumentException_and_sends_nothing(string reason)
    {
        Assert.Equal(124, Encoding.UTF8.GetByteCount(reason));
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Sink, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        var error = Assert.Throws<ArgumentException>(() => ws.Close(1000, reason));
        Assert.Equal("reason", error.ParamName);
        Assert.Contains("124", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => ws.CloseAsync(1000, reason));

        await AssertNothingWasSentAsync(ws, session);
    }

    [Fact]
    public async Task Closing_a_closed_or_closing_socket_does_nothing()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        ws.Close(4000, "first");
        ws.Close(4001, "second");
        await ws.CloseAsync(4002, "third").WaitAsync(TestTimeouts.Default);
        ws.Close(4003, "after");
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(4000, ws.CloseCode);
        Assert.Equal("first", ws.CloseReason);
        Assert.Equal(1, log.CloseCount);
        Assert.Equal(["open", "close"], log.Entries);
        await session.Ended.WaitAsync(TestTimeouts.Default);
        Assert.Equal(["close 4000 'first'"], session.Received.Select(m => m.ToString()));
    }

    // Nothing went out: a message sent afterwards is the first thing the server received, and the socket is still open.
    private static async Task AssertNothingWasSentAsync(WebSocket ws, ServerSession session)
    {
        Assert.Equal(WebSocketState.Open, ws.ReadyState);
        await ws.SendAsync("still open").AsTask().WaitAsync(TestTimeouts.Default);
        var received = await session.WaitForMessagesAsync(1, TestTimeouts.Default);
        Assert.Equal(["text 'still open'"], session.Received.Select(m => m.ToString()));
        Assert.Null(ws.CloseCode);
    }
}
