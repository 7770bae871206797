using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TypedWebSockets.Resilience.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Resilience.Tests;

public sealed record Subscribe(string Topic);

public sealed record Publish(string Topic, string Text);

/// <summary>A typed client that resubscribes declaratively on every connection.</summary>
[WebSocketClient]
[Sends<Subscribe>("subscribe")]
[Sends<Publish>("publish")]
public partial class TopicClient
{
    protected override void OnConnected() => Send(new Subscribe("prices"));
}

public sealed class OpenHookTests
{
    private static readonly ReconnectPolicy OneSecond = new() { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false };

    [Fact]
    public async Task OnConnected_resubscribes_on_every_connection_before_the_messages_queued_while_offline()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        using var client = new TopicClient(server.Url, new WebSocketOptions { AutoConnect = false, Reconnect = OneSecond, TimeProvider = time });
        var events = new ClientRecorder(client);
        client.Connect();
        await events.NextOpenAsync();
        await server.WaitForMessagesAsync(1);

        server.DropAll();
        await events.NextReconnectingAsync();
        client.Send(new Publish("prices", "queued while offline"));
        time.Advance(TimeSpan.FromSeconds(1));
        await events.NextOpenAsync();

        var received = await server.WaitForMessagesAsync(3);
        Assert.Equal(
            [
                new Received(1, """{"type":"subscribe","topic":"prices"}"""),
                new Received(2, """{"type":"subscribe","topic":"prices"}"""),
                new Received(2, """{"type":"publish","topic":"prices","text":"queued while offline"}"""),
            ],
            received);
    }

    [Fact]
    public async Task With_a_policy_what_OnOpen_sends_also_goes_before_the_offline_queue()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        using var socket = new WebSocket(server.Url, new WebSocketOptions { AutoConnect = false, Reconnect = OneSecond, TimeProvider = time });
        var events = new ClientRecorder(socket);
        var recordOpen = socket.OnOpen!;
        socket.OnOpen = () =>
        {
            socket.Send("subscribe");
            recordOpen();
        };
        socket.Send("queued before the first open");
        socket.Connect();
        await events.NextOpenAsync();
        await server.WaitForMessagesAsync(2);
        server.DropAll();
        await events.NextReconnectingAsync();
        socket.Send("queued while offline");
        time.Advance(TimeSpan.FromSeconds(1));
        await events.NextOpenAsync();

        var received = await server.WaitForMessagesAsync(4);
        Assert.Equal(
            ["1:subscribe", "1:queued before the first open", "2:subscribe", "2:queued while offline"],
            received.Select(r => $"{r.Connection}:{r.Text}"));
    }

    [Fact]
    public async Task OnConnected_runs_before_OnOpen_and_OnReconnected_after_it()
    {
        await using var server = await FlakyServer.StartAsync();
        var time = new FakeTimeProvider();
        using var client = new OrderProbe(server.Url, new WebSocketOptions { AutoConnect = false, Reconnect = OneSecond, TimeProvider = time });
        var events = new ClientRecorder(client);
        client.Events = events;
        client.Connect();
        await events.NextOpenAsync();
        server.DropAll();
        time.Advance((await events.NextReconnectingAsync()).Delay);
        await events.NextReconnectedAsync();

        // OnConnected saw 0 and then 1 open before it: it runs before OnOpen of its connection.
        Assert.Equal([0, 1], client.OpensSeenByOnConnected);
        Assert.Equal(["open", "error:WebSocketException", "reconnecting:1", "open", "reconnected:1"], events.Log);
    }

    private sealed class OrderProbe(string url, WebSocketOptions options) : WebSocket(url, options)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _seen = new();

        public ClientRecorder? Events { get; set; }

        public int[] OpensSeenByOnConnected => [.. _seen];

        protected override void OnConnected() => _seen.Enqueue(Events!.Opens);
    }
}
