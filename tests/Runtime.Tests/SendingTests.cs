using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>Sends go through one ordered queue with one writer; sends made while connecting are flushed in order on open.</summary>
public sealed class SendingTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Fact]
    public async Task Sends_made_while_connecting_are_counted_in_BufferedAmount_and_flushed_in_order_on_open()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"));
        using var _ = ws;
        Assert.Equal(0, ws.BufferedAmount);

        ws.Send("abc");
        ws.Send(Data.FromBytes([1, 2]));
        var pending = ws.SendAsync("é");
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);
        Assert.Equal(3 + 2 + 2, ws.BufferedAmount);
        Assert.False(pending.IsCompleted);

        session.OpenGate();
        await pending.AsTask().WaitAsync(TestTimeouts.Default);
        Assert.Equal(0, ws.BufferedAmount);

        var received = await session.WaitForMessagesAsync(3, TestTimeouts.Default);
        Assert.Equal(
            [(WebSocketMessageType.Text, "abc"), (WebSocketMessageType.Binary, "\u0001\u0002"), (WebSocketMessageType.Text, "é")],
            received.Select(m => (m.Type, m.Text)));
        Assert.Equal(1, log.OpenCount);
    }

    [Fact]
    public async Task Messages_queued_before_Close_are_written_before_the_close_frame()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Sink, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        ws.Send("a");
        ws.Send(Data.FromString("b"));
        ws.Send("c");
        await ws.CloseAsync(3001, "end").WaitAsync(TestTimeouts.Default);

        var received = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(["text 'a'", "binary 1 bytes", "text 'c'", "close 3001 'end'"], session.Received.Select(m => m.ToString()));
        Assert.Equal(0, ws.BufferedAmount);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Send_after_Close_throws_InvalidOperationException_and_sends_nothing()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Sink, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        ws.Close();
        Assert.Throws<InvalidOperationException>(() => ws.Send("closing"));
        Assert.Throws<InvalidOperationException>(() => ws.Send(Data.FromString("closing")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.SendAsync("closing").AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.SendAsync(Data.FromString("closing")).AsTask());

        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        var error = Assert.Throws<InvalidOperationException>(() => ws.Send("closed"));
        Assert.Contains("closed", error.Message, StringComparison.Ordinal);

        await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.All(session.Received, m => Assert.True(m.IsClose));
        Assert.Equal(0, ws.BufferedAmount);
    }

    [Fact]
    public void Send_null_throws_ArgumentNullException()
    {
        using var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { AutoConnect = false });
        Assert.Throws<ArgumentNullException>(() => ws.Send((string)null!));
        Assert.Throws<ArgumentNullException>(() => ws.Send((Data)null!));
        Assert.Throws<ArgumentNullException>(() => ws.SendAsync((string)null!));
        Assert.Throws<ArgumentNullException>(() => ws.SendAsync((Data)null!));
        Assert.Equal(0, ws.BufferedAmount);
    }

    [Fact]
    public async Task SendAsync_with_a_cancelled_token_is_cancelled_and_sends_nothing()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Sink, session));
        using var _ = ws;
        await log.Opened.WaitAsync(TestTimeouts.Default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.SendAsync("cancelled", new CancellationToken(canceled: true)).AsTask());
        await ws.SendAsync("sent").AsTask().WaitAsync(TestTimeouts.Default);

        var received = await session.WaitForMessagesAsync(1, TestTimeouts.Default);
        Assert.Equal(["sent"], received.Select(m => m.Text));
    }

    [Fact]
    public async Task SendAsync_cancelled_while_queued_is_not_written_and_later_sends_are()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1&delayMs=0"));
        using var _ = ws;
        using var cancel = new CancellationTokenSource();

        var first = ws.SendAsync("first");
        var cancelled = ws.SendAsync("cancelled", cancel.Token);
        var last = ws.SendAsync("last");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.AsTask().WaitAsync(TestTimeouts.Default));

        session.OpenGate();
        await first.AsTask().WaitAsync(TestTimeouts.Default);
        await last.AsTask().WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["first", "last"], session.Received.Where(m => !m.IsClose).Select(m => m.Text));
        Assert.Equal(0, ws.BufferedAmount);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Sends_that_could_not_be_written_fail_SendAsync_and_are_reported_to_OnError()
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Slow, session, "gate=1"));
        using var _ = ws;
        ws.Send("fire and forget");
        var awaited = ws.SendAsync("awaited");

        ws.Close();

        await Assert.ThrowsAsync<WebSocketException>(() => awaited.AsTask().WaitAsync(TestTimeouts.Default));
        await log.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal(["error:WebSocketException", "error:WebSocketException", "close"], log.Entries);
        Assert.Contains("1 queued message(s) were not sent", log.Errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(0, ws.BufferedAmount);
    }

    [Fact]
    public async Task Eight_threads_sending_at_once_lose_nothing_and_keep_each_threads_order()
    {
        const int Threads = 8;
        const int PerThread = 10_000;
        var received = Enumerable.Range(0, Threads).Select(_ => new List<int>(PerThread)).ToArray();
        var total = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo), messages: false);
        using var _ = ws;
        ws.OnMessage = message =>
        {
            var text = message.Text!;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            received[int.Parse(text.AsSpan(0, colon), provider: null)].Add(int.Parse(text.AsSpan(colon + 1), provider: null));
            if (++total == Threads * PerThread)
            {
                all.TrySetResult();
            }
        };
        await log.Opened.WaitAsync(TestTimeouts.Default);

        using var start = new Barrier(Threads);
        var failures = new List<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait(TestTimeouts.Default);
                for (var i = 0; i < PerThread; i++)
                {
                    ws.Send(t + ":" + i);
                }
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex);
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "A sending thread did not finish.");
        }

        Assert.Empty(failures);
        await all.Task.WaitAsync(TimeSpan.FromSeconds(45));
        for (var t = 0; t < Threads; t++)
        {
            Assert.Equal(Enumerable.Range(0, PerThread), received[t]);
        }

        Assert.Empty(log.Errors);
    }

    public static TheoryData<string, int, bool> Sizes()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var size in new[] { 0, 1, 125, 126, 65535, 65536, 1024 * 1024 })
        {
            data.Add("ws", size, false);
            data.Add("ws", size, true);
        }

        data.Add("wss", 65536, false);
        data.Add("wss", 1024 * 1024, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Messages_of_every_frame_length_class_round_trip_with_their_type(string scheme, int size, bool binary)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var (ws, log) = Sockets.Connect(server, server.Url(TestEndpoints.Echo, session));
        using var _ = ws;
        var payload = TestEndpoints.Pattern(size, binary);

        if (binary)
        {
            await ws.SendAsync(Data.FromBytes(payload)).AsTask().WaitAsync(TestTimeouts.Default);
        }
        else
        {
            await ws.SendAsync(Encoding.UTF8.GetString(payload)).AsTask().WaitAsync(TestTimeouts.Default);
        }

        var echo = (await log.WaitForMessagesAsync(1))[0];
        var atServer = (await session.WaitForMessagesAsync(1, TestTimeouts.Default))[0];
        Assert.Equal(binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, atServer.Type);
        Assert.Equal(payload, atServer.Payload);
        Assert.Equal(binary, echo.IsBinary);
        Assert.Equal(!binary, echo.IsText);
        Assert.Equal(payload, binary ? echo.Data!.GetBytes() : Encoding.UTF8.GetBytes(echo.Text!));
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Non_ASCII_text_round_trips_as_UTF8(string scheme)
    {
        const string Text = "héllo wörld — 你好，世界 — こんにちは — 😀👍🏽 — 🇫🇷 — \u0000 end";
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var (ws, log) = Sockets.Connect(server, server.Url(TestEndpoints.Echo, session));
        using var _ = ws;

        ws.Send(Text);

        var echo = (await log.WaitForMessagesAsync(1))[0];
        Assert.Equal(Text, echo.Text);
        var atServer = (await session.WaitForMessagesAsync(1, TestTimeouts.Default))[0];
        Assert.Equal(Encoding.UTF8.GetBytes(Text), atServer.Payload);
    }
}
