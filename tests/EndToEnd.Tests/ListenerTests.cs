using System;
using System.Linq;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>Typed listener keys, and handlers registered while the server is already sending.</summary>
public sealed class ListenerTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    [Fact]
    public async Task RemoveEventListener_with_a_typed_key_removes_exactly_that_listener()
    {
        var first = new Inbox<ChatMessage>("first");
        var second = new Inbox<ChatMessage>("second");
        var handler = new Inbox<ChatMessage>("handler");
        var ticks = new Inbox<Tick>("ticks");
        var tickListener = new Inbox<Tick>("tick listener");
        await using var connection = await fixture.Server.ConnectAsync(url => new FlatChatClient(url) { OnChatMessage = handler.Add, OnTick = ticks.Add });
        var client = connection.Client;
        client.AddEventListener(FlatChatClient.Events.ChatMessage, first.Add);
        client.AddEventListener(FlatChatClient.Events.ChatMessage, second.Add);
        client.AddEventListener(FlatChatClient.Events.Tick, tickListener.Add);

        await connection.Peer.SendAsync(Wire.Message(ClientKind.Flat, "chat", Samples.ChatJson));
        await first.WaitForAsync(1);
        await second.WaitForAsync(1);

        client.RemoveEventListener(FlatChatClient.Events.ChatMessage, first.Add);
        // A different key of the same message type, and a key of another type, hold no such listener: nothing else changes.
        client.RemoveEventListener(new WebSocketEvent<ChatMessage>("shout"), second.Add);
        client.RemoveEventListener(FlatChatClient.Events.UserJoined, _ => { });

        await connection.Peer.SendAsync(Wire.Message(ClientKind.Flat, "chat", Samples.ChatJson));
        await connection.Peer.SendAsync(Wire.Message(ClientKind.Flat, "tick", Samples.TickJson));
        await tickListener.WaitForAsync(1);

        Assert.Single(first.Items);
        Assert.Equal(2, second.Items.Count);
        Assert.Equal(2, handler.Items.Count);
        Assert.Equal([new Tick(5, "five")], ticks.Items);
    }

    [Theory]
    [MemberData(nameof(ChatClients.AllKinds), MemberType = typeof(ChatClients))]
    public async Task Handlers_set_in_an_object_initializer_lose_nothing_the_server_sends_on_accept(ClientKind kind)
    {
        var ticks = Enumerable.Range(0, 200).Select(i => Wire.Message(kind, "tick", $$"""{"seq":{{i}},"label":"t{{i}}"}""")).ToArray();
        string[] onAccept =
        [
            Wire.Message(kind, "chat", Samples.ChatJson),
            Wire.Message(kind, "userJoined", Samples.UserJoinedJson, DiscriminatorPosition.Last),
            .. ticks,
            Wire.Message(kind, "pageOfItem", Samples.PageJson),
        ];
        var (url, accepted) = fixture.Server.Expect(onAccept);
        var chat = new Inbox<ChatMessage>("chat");
        var joined = new Inbox<UserJoined>("joined");
        var tick = new Inbox<Tick>("tick");
        var page = new Inbox<Page<Item>>("page");
        var errors = new Inbox<Exception>("errors");

        // The documented idiom, written out per client type: the handlers are set before the constructor's caller runs anything else.
        WebSocket client = kind switch
        {
            ClientKind.Flat => new FlatChatClient(url) { OnError = errors.Add, OnChatMessage = chat.Add, OnUserJoined = joined.Add, OnTick = tick.Add, OnPageOfItem = page.Add },
            ClientKind.Envelope => new EnvelopeChatClient(url) { OnError = errors.Add, OnChatMessage = chat.Add, OnUserJoined = joined.Add, OnTick = tick.Add, OnPageOfItem = page.Add },
            ClientKind.CustomDiscriminator => new KindChatClient(url) { OnError = errors.Add, OnChatMessage = chat.Add, OnUserJoined = joined.Add, OnTick = tick.Add, OnPageOfItem = page.Add },
            ClientKind.JsonContext => new ContextChatClient(url) { OnError = errors.Add, OnChatMessage = chat.Add, OnUserJoined = joined.Add, OnTick = tick.Add, OnPageOfItem = page.Add },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown client kind."),
        };
        await using var _ = new Connection<WebSocket>(client, await accepted.WaitAsync(TimeSpan.FromSeconds(10)));

        Samples.AssertPage(await page.SingleAsync());
        Samples.AssertChat(Samples.Chat(), await chat.SingleAsync());
        Samples.AssertUserJoined(await joined.SingleAsync());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => new Tick(i, "t" + i)), tick.Items);
        Assert.Empty(errors.Items);
    }

    [Fact]
    public async Task Messages_held_until_the_first_typed_handler_is_registered_are_all_delivered_to_it_in_order()
    {
        var held = Enumerable.Range(0, 50).Select(i => Wire.Message(ClientKind.Envelope, "tick", $$"""{"seq":{{i}},"label":"held"}""")).ToArray();
        var (url, accepted) = fixture.Server.Expect(held);
        await using var connection = new Connection<EnvelopeChatClient>(new EnvelopeChatClient(url), await accepted.WaitAsync(TimeSpan.FromSeconds(10)));
        await connection.Client.WaitOpenAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // Every held frame was written before the server handed over the peer; the client has no consumer yet.
        await connection.Peer.SendAsync(Wire.Message(ClientKind.Envelope, "tick", """{"seq":50,"label":"late"}"""));
        var ticks = new Inbox<Tick>("ticks");
        connection.Client.OnTick = ticks.Add;

        var expected = Enumerable.Range(0, 51).Select(i => new Tick(i, i < 50 ? "held" : "late")).ToList();
        Assert.Equal(expected, await ticks.WaitForAsync(51));

        // From then on messages are dispatched as they arrive, to the handler and to listeners added since.
        var listener = new Inbox<Tick>("listener");
        connection.Client.AddEventListener(EnvelopeChatClient.Events.Tick, listener.Add);
        await connection.Peer.SendAsync(Wire.Message(ClientKind.Envelope, "tick", """{"seq":51,"label":"live"}"""));
        expected.Add(new Tick(51, "live"));
        Assert.Equal([new Tick(51, "live")], await listener.WaitForAsync(1));
        Assert.Equal(expected, await ticks.WaitForAsync(52));
    }
}
