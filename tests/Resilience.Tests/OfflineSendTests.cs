using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TypedWebSockets.Resilience.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Resilience.Tests;

public sealed class OfflineSendTests
{
    private static readonly ReconnectPolicy TenSeconds = new() { InitialDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(10), Jitter = false };

    private static async Task<(WebSocket Socket, ClientRecorder Events)> OpenAsync(FlakyServer server, FakeTimeProvider time, OfflineSendPolicy? offline)
    {
        var socket = new WebSocket(server.Url, new WebSocketOptions { AutoConnect = false, Reconnect = TenSeconds, OfflineSends = offline, TimeProvider = time });
        var events = new ClientRecorder(socket);
        socket.Connect();
        await events.NextOpenAsync();
        return (socket, events);
    }

    [Fact]
    public async Task Messages_sent_while_reconnecting_are_queued_and_all_arrive_in_order_on_the_next_connection()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = await OpenAsync(server, time, OfflineSendPolicy.Queue(100, 1 << 20, TimeSpan.FromMinutes(1)));
        using var _ = socket;
        socket.Send("before");
        await server.WaitForMessagesAsync(1);

        server.DropAll();
        await events.NextReconnectingAsync();
        var awaited = socket.SendAsync("offline 0");
        for (var i = 1; i < 20; i++)
        {
            socket.Send($"offline {i}");
        }

        Assert.False(awaited.IsCompleted);
        Assert.True(socket.BufferedAmount > 0);
        time.Advance(TimeSpan.FromSeconds(10));
        await awaited.AsTask().WaitAsync(TestTimeouts.Default);

        var received = await server.WaitForMessagesAsync(21);
        Assert.Equal(["before", .. Enumerable.Range(0, 20).Select(i => $"offline {i}")], received.Select(r => r.Text));
        Assert.All(received.Skip(1), r => Assert.Equal(2, r.Connection));
        Assert.Equal(0, events.Errors.Count - 1);   // only the drop itself was an error
        Assert.Equal(0, socket.BufferedAmount);
    }

    [Fact]
    public async Task Queued_messages_older_than_MaxAge_are_never_flushed_and_are_reported_with_what_they_were()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = await OpenAsync(server, time, OfflineSendPolicy.Queue(100, 1 << 20, TimeSpan.FromSeconds(5)));
        using var _ = socket;
        server.DropAll();
        await events.NextReconnectingAsync();
        Assert.IsType<System.Net.WebSockets.WebSocketException>(await events.NextErrorAsync());   // the drop

        socket.Send("stale 1");
        var staleAwaited = socket.SendAsync("stale 2");
        socket.Send(Data.FromBytes([1, 2, 3]));
        time.Advance(TimeSpan.FromSeconds(6));
        socket.Send("fresh");                 // 4 s old when the connection opens
        time.Advance(TimeSpan.FromSeconds(4));

        var dropped = Assert.IsType<OfflineMessagesDroppedException>(await events.NextErrorAsync());
        Assert.Equal(3, dropped.Messages.Count);
        Assert.Equal("stale 1", dropped.Messages[0].Text);
        Assert.Equal("stale 2", dropped.Messages[1].Text);
        Assert.Equal(Data.FromBytes([1, 2, 3]), dropped.Messages[2].Data);
        Assert.Equal(TimeSpan.FromSeconds(5), dropped.MaxAge);
        Assert.Contains("3 queued message(s)", dropped.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OfflineMessagesDroppedException>(() => staleAwaited.AsTask().WaitAsync(TestTimeouts.Default));

        await events.NextOpenAsync();
        var received = await server.WaitForMessagesAsync(1);
        await socket.SendAsync("after");
        received = await server.WaitForMessagesAsync(2);
        Assert.Equal(["fresh", "after"], received.Select(r => r.Text));
    }

    [Fact]
    public async Task The_queue_bounds_refuse_further_sends_with_a_clear_exception()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = await OpenAsync(server, time, OfflineSendPolicy.Queue(maxMessages: 2, maxBytes: 10, maxAge: null));
        using var _ = socket;
        server.DropAll();
        await events.NextReconnectingAsync();

        socket.Send("one");
        socket.Send("two");
        var full = Assert.Throws<InvalidOperationException>(() => socket.Send("three"));
        Assert.Contains("MaxMessages", full.Message, StringComparison.Ordinal);

        await using var other = await FlakyServer.StartAsync();
        var (bytesSocket, bytesEvents) = await OpenAsync(other, time, OfflineSendPolicy.Queue(maxMessages: 100, maxBytes: 10, maxAge: null));
        using var __ = bytesSocket;
        other.DropAll();
        await bytesEvents.NextReconnectingAsync();
        bytesSocket.Send("12345678");
        var tooBig = Assert.Throws<InvalidOperationException>(() => bytesSocket.Send("123"));
        Assert.Contains("MaxBytes", tooBig.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(10));
        var received = await server.WaitForMessagesAsync(2);
        Assert.Equal(["one", "two"], received.Select(r => r.Text));
    }

    [Fact]
    public async Task FailFast_refuses_sends_while_not_open_and_accepts_them_again_once_reconnected()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var (socket, events) = await OpenAsync(server, time, OfflineSendPolicy.FailFast());
        using var _ = socket;
        server.DropAll();
        await events.NextReconnectingAsync();

        var error = Assert.Throws<InvalidOperationException>(() => socket.Send("x"));
        Assert.Contains("FailFast", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => { var pending = socket.SendAsync("y"); });
        Assert.Equal(0, socket.BufferedAmount);

        time.Advance(TimeSpan.FromSeconds(10));
        await events.NextOpenAsync();
        await socket.SendAsync("z");
        Assert.Equal("z", (await server.WaitForMessagesAsync(1)).Single().Text);
    }

    [Fact]
    public async Task Messages_still_queued_when_the_socket_gives_up_are_reported_not_lost()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        var socket = new WebSocket(server.Url, new WebSocketOptions
        {
            AutoConnect = false,
            TimeProvider = time,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false, MaxAttempts = 1 },
        });
        using var _ = socket;
        var events = new ClientRecorder(socket);
        socket.Connect();
        await events.NextOpenAsync();
        await server.StopAsync();
        await events.NextReconnectingAsync();
        socket.Send("never 1");
        var awaited = socket.SendAsync("never 2");

        time.Advance(TimeSpan.FromSeconds(1));
        await events.Closed;

        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => awaited.AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Contains(events.Log, e => e == "error:WebSocketException");
        Assert.Equal(1, events.Closes);
        Assert.Equal(0, socket.BufferedAmount);
    }
}
