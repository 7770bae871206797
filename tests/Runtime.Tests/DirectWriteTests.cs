using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// While the connection is open and idle, a send is written by its caller rather than by the writer task (the direct
/// path); otherwise it is queued. These tests move a socket between the two and check that nothing changes for the
/// user: order, failures, <see cref="WebSocket.BufferedAmount"/>.
/// </summary>
public sealed class DirectWriteTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Fact]
    public async Task Sends_keep_their_order_as_they_move_between_direct_writes_and_the_queue()
    {
        const int Count = 3_000;
        var received = new List<int>(Count);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo), new WebSocketOptions { MaxMessageSize = 1024 * 1024 }, messages: false);
        using var _ = ws;
        ws.OnMessage = message =>
        {
            var text = message.Text!;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            received.Add(int.Parse(text.AsSpan(0, colon), CultureInfo.InvariantCulture));
            if (received.Count == Count)
            {
                all.TrySetResult();
            }
        };
        await log.Opened.WaitAsync(TestTimeouts.Default);

        // Every 100th message is large, so that writes stop completing at once and later sends queue behind them; the
        // others alternate between fire-and-forget and awaited sends, some awaited at once and some later.
        var pending = new List<ValueTask>();
        var padding = new string('x', 256 * 1024);
        for (var i = 0; i < Count; i++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{i}:") + (i % 100 == 0 ? padding : "small");
            switch (i % 3)
            {
                case 0:
                    ws.Send(text);
                    break;
                case 1:
                    await ws.SendAsync(text);
                    break;
                default:
                    pending.Add(ws.SendAsync(text));
                    break;
            }
        }

        foreach (var send in pending)
        {
            await send.AsTask().WaitAsync(TestTimeouts.Default);
        }

        await all.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(Enumerable.Range(0, Count), received);
        Assert.Equal(0, ws.BufferedAmount);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task An_awaited_send_stuck_in_its_write_fails_as_not_sent_when_the_close_times_out_and_the_queue_behind_it_is_reported()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.NeverReads), new WebSocketOptions { CloseTimeout = TestTimeouts.Short });
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        // Once a first send completed the socket is idle, so the large one is written by this caller directly; it cannot
        // finish, because the server reads nothing and it is larger than the loopback buffers.
        await ws.SendAsync("warm-up").AsTask().WaitAsync(TestTimeouts.Default);
        var stuck = ws.SendAsync(Data.FromBytes(new byte[32 * 1024 * 1024]));
        var queued = ws.SendAsync("queued, awaited");
        ws.Send("queued, fire and forget");
        await Task.Delay(100);
        Assert.False(stuck.IsCompleted);

        await ws.CloseAsync(1000, "bye").WaitAsync(TestTimeouts.Default);

        var stuckError = await Assert.ThrowsAsync<WebSocketException>(() => stuck.AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Contains("not sent", stuckError.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WebSocketException>(() => queued.AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Equal("close", log.Entries[^1]);
        Assert.Contains(log.Errors, e => e is TimeoutException && e.Message.Contains("CloseTimeout", StringComparison.Ordinal));
        Assert.Contains(log.Errors, e => e.Message.Contains("1 queued message(s) were not sent", StringComparison.Ordinal));
        Assert.Equal(1006, ws.CloseCode);
        Assert.Equal(0, ws.BufferedAmount);
    }
}
