using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>Ten thousand typed messages each way, back to back, arrive complete and in order.</summary>
public sealed class OrderingTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    private const int Count = 10_000;

    [Theory]
    [MemberData(nameof(ChatClients.AllKinds), MemberType = typeof(ChatClients))]
    public async Task Typed_messages_sent_back_to_back_reach_the_server_in_order(ClientKind kind)
    {
        await using var connection = await fixture.Server.ConnectAsync(url => ChatClients.Create(kind, url, new WebSocketOptions()).Socket);
        var client = (IChatClient)connection.Client;

        for (var i = 0; i < Count; i++)
        {
            client.Send(new Tick(i, "t" + i));
        }

        for (var i = 0; i < Count; i++)
        {
            var tick = Wire.Open(kind, await connection.Peer.ReceiveAsync(), "tick");
            if (tick["seq"].GetInt32() != i || tick["label"].GetString() != "t" + i)
            {
                Assert.Fail($"Message {i} arrived as {tick.Element.GetRawText()}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ChatClients.AllKinds), MemberType = typeof(ChatClients))]
    public async Task Typed_messages_pushed_back_to_back_reach_the_handler_and_listener_in_order(ClientKind kind)
    {
        var handler = new Inbox<Tick>("tick handler");
        var listener = new Inbox<Tick>("tick listener");
        var errors = new Inbox<Exception>("errors");
        await using var connection = await fixture.Server.ConnectAsync(url =>
        {
            var client = ChatClients.Create(kind, url, new WebSocketOptions());
            client.OnTick = handler.Add;
            client.Socket.AddEventListener(client.TickEvent, listener.Add);
            client.Socket.OnError = errors.Add;
            return client.Socket;
        });

        for (var i = 0; i < Count; i++)
        {
            await connection.Peer.SendAsync(Wire.Message(kind, "tick", $$"""{"seq":{{i}},"label":"t{{i}}"}"""));
        }

        var expected = Enumerable.Range(0, Count).Select(i => new Tick(i, "t" + i)).ToArray();
        Assert.Equal(expected, await handler.WaitForAsync(Count, TimeSpan.FromSeconds(20)));
        Assert.Equal(expected, await listener.WaitForAsync(Count, TimeSpan.FromSeconds(20)));
        Assert.Empty(errors.Items);
    }
}
