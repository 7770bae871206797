using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>Every typed receive reaches its <c>On{T}</c> handler and its <c>Events.{T}</c> listeners; the rest reaches raw listeners only.</summary>
public sealed class ReceiveTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    public static readonly TheoryData<ClientKind, DiscriminatorPosition> KindsAndPositions = new(
        from kind in Enum.GetValues<ClientKind>()
        from position in Enum.GetValues<DiscriminatorPosition>()
        select (kind, position));

    private async Task<(Connection<WebSocket> Connection, ChatRecorder Recorder)> ConnectAsync(ClientKind kind)
    {
        ChatRecorder? recorder = null;
        var connection = await fixture.Server.ConnectAsync(url =>
        {
            var client = ChatClients.Create(kind, url, new WebSocketOptions());
            recorder = ChatRecorder.Attach(client);
            return client.Socket;
        });
        return (connection, recorder!);
    }

    [Theory]
    [MemberData(nameof(KindsAndPositions))]
    public async Task Every_contract_reaches_its_handler_then_its_listener_with_every_field(ClientKind kind, DiscriminatorPosition position)
    {
        var (connection, recorder) = await ConnectAsync(kind);
        await using var _ = connection;

        string[] sent =
        [
            Wire.Message(kind, "chat", Samples.ChatJson, position),
            Wire.Message(kind, "userJoined", Samples.UserJoinedJson, position),
            Wire.Message(kind, "presence", Samples.PresenceJson, position),
            Wire.Message(kind, "tick", Samples.TickJson, position),
            Wire.Message(kind, "pageOfItem", Samples.PageJson, position),
        ];
        foreach (var message in sent)
        {
            await connection.Peer.SendAsync(message);
        }

        await recorder.PageListener.WaitForAsync(1);

        Samples.AssertChat(Samples.Chat(), await recorder.Chat.SingleAsync());
        Samples.AssertChat(Samples.Chat(), await recorder.ChatListener.SingleAsync());
        Samples.AssertUserJoined(await recorder.UserJoined.SingleAsync());
        Samples.AssertUserJoined(await recorder.UserJoinedListener.SingleAsync());
        Assert.Equal(Samples.Presence(), await recorder.Presence.SingleAsync());
        Assert.Equal(Samples.Presence(), await recorder.PresenceListener.SingleAsync());
        Assert.Equal(new Tick(5, "five"), await recorder.Tick.SingleAsync());
        Assert.Equal(new Tick(5, "five"), await recorder.TickListener.SingleAsync());
        Samples.AssertPage(await recorder.Page.SingleAsync());
        Samples.AssertPage(await recorder.PageListener.SingleAsync());

        // Raw listeners saw every message first (as sent), then the typed handler ran, then its listener; nothing failed.
        Assert.Equal(sent, recorder.Raw.Items.Select(m => m.Text));
        Assert.All(recorder.Raw.Items, m => Assert.True(m.IsText));
        Assert.Equal(
            [
                "raw", "chat", "chat listener",
                "raw", "userJoined", "userJoined listener",
                "raw", "presence", "presence listener",
                "raw", "tick", "tick listener",
                "raw", "pageOfItem", "pageOfItem listener",
            ],
            recorder.LogSnapshot());
    }

    [Theory]
    [MemberData(nameof(ChatClients.AllKinds), MemberType = typeof(ChatClients))]
    public async Task An_escaped_discriminator_is_compared_after_unescaping(ClientKind kind)
    {
        var (connection, recorder) = await ConnectAsync(kind);
        await using var _ = connection;

        await connection.Peer.SendAsync(Wire.Compose(kind, "\"ch\\u0061t\"", Samples.ChatJson));
        await connection.Peer.SendAsync(Wire.Compose(kind, "\"\\u0070ageOf\\u0049tem\"", Samples.PageJson, DiscriminatorPosition.Last));

        Samples.AssertPage(await recorder.Page.SingleAsync());
        Samples.AssertChat(Samples.Chat(), await recorder.Chat.SingleAsync());
        Samples.AssertChat(Samples.Chat(), await recorder.ChatListener.SingleAsync());
        Assert.Empty(recorder.Errors.Items);
    }

    [Theory]
    [MemberData(nameof(ChatClients.AllKinds), MemberType = typeof(ChatClients))]
    public async Task Raw_listeners_see_every_message_and_only_known_discriminators_are_dispatched(ClientKind kind)
    {
        var (connection, recorder) = await ConnectAsync(kind);
        await using var _ = connection;
        var rawListener = new Inbox<WebSocketMessage>("raw listener");
        connection.Client.AddEventListener(WebSocketEvent.Message, rawListener.Add);
        var property = ChatClients.DiscriminatorProperty(kind);
        var otherProperty = property == "type" ? "kind" : "type";

        string[] sent =
        [
            Wire.Message(kind, "chat", Samples.ChatJson),
            Wire.Message(kind, "chatter", Samples.ChatJson),
            Wire.Message(kind, "Chat", Samples.ChatJson, DiscriminatorPosition.Last),
            $$"""{"{{property}}":"nope","room":[1,2""",
            """{"room":"lobby","user":"zoë","text":"no discriminator"}""",
            $$"""{"{{otherProperty}}":"chat","data":{"room":"lobby"},"room":"lobby"}""",
            "{\"wrapper\":{\"" + property + "\":\"chat\",\"data\":{}}}",
            Wire.Message(kind, "tick", Samples.TickJson),
        ];
        foreach (var message in sent)
        {
            await connection.Peer.SendAsync(message);
        }

        // Handlers run one at a time in receive order: once the last message's handler ran, every earlier one was dispatched.
        Assert.Equal(new Tick(5, "five"), await recorder.Tick.SingleAsync());
        Samples.AssertChat(Samples.Chat(), await recorder.Chat.SingleAsync());
        Assert.Single(recorder.ChatListener.Items);
        Assert.Equal(sent, recorder.Raw.Items.Select(m => m.Text));
        Assert.Equal(sent, (await rawListener.WaitForAsync(sent.Length)).Select(m => m.Text));
        Assert.Empty(recorder.Errors.Items);
        Assert.Empty(recorder.UserJoined.Items);
        Assert.Empty(recorder.Presence.Items);
        Assert.Empty(recorder.Page.Items);
        Assert.Equal(WebSocketState.Open, connection.Client.ReadyState);
    }

    [Theory]
    [MemberData(nameof(ChatClients.AllKinds), MemberType = typeof(ChatClients))]
    public async Task A_binary_frame_of_UTF8_JSON_is_dispatched_like_a_text_frame(ClientKind kind)
    {
        var (connection, recorder) = await ConnectAsync(kind);
        await using var _ = connection;
        var json = Wire.Message(kind, "chat", Samples.ChatJson, DiscriminatorPosition.Middle);

        await connection.Peer.SendAsync(json, binary: true);

        Samples.AssertChat(Samples.Chat(), await recorder.ChatListener.SingleAsync());
        Samples.AssertChat(Samples.Chat(), await recorder.Chat.SingleAsync());
        var raw = await recorder.Raw.SingleAsync();
        Assert.True(raw.IsBinary);
        Assert.Equal(json, raw.Data!.ToRawString());
        Assert.Empty(recorder.Errors.Items);
    }

    public static IEnumerable<TheoryDataRow<ClientKind, string>> MalformedChats()
    {
        foreach (var kind in Enum.GetValues<ClientKind>())
        {
            var p = ChatClients.DiscriminatorProperty(kind);
            var wrongType = Samples.ChatJson.Replace("\"user\":\"zoë\"", "\"user\":123", StringComparison.Ordinal);
            var badDate = Samples.ChatJson.Replace("2024-05-06T07:08:09.123+02:00", "yesterday", StringComparison.Ordinal);
            var nullTags = Samples.ChatJson.Replace("\"mood\":7", "\"mood\":{}", StringComparison.Ordinal);
            yield return new(kind, Wire.Message(kind, "chat", wrongType));
            yield return new(kind, Wire.Message(kind, "chat", badDate, DiscriminatorPosition.Last));
            yield return new(kind, Wire.Message(kind, "chat", nullTags, DiscriminatorPosition.Middle));
            if (ChatClients.EnvelopeProperty(kind) is { } envelope)
            {
                yield return new(kind, $$"""{"{{p}}":"chat","{{envelope}}":{"room":""");
                yield return new(kind, $$"""{"{{p}}":"chat","note":1}""");
                yield return new(kind, $$"""{"{{p}}":"chat","{{envelope}}":null}""");
                yield return new(kind, $$"""{"{{p}}":"chat","{{envelope}}":{{Samples.ChatJson}},"{{envelope}}":{{Samples.ChatJson}}}""");
                yield return new(kind, $$"""{"{{p}}":"chat","{{envelope}}":[1,2]}""");
            }
            else
            {
                yield return new(kind, $$"""{"{{p}}":"chat","room":""");
                yield return new(kind, $$"""{"{{p}}":"chat","room":"lobby"} trailing""");
            }
        }
    }

    [Theory]
    [MemberData(nameof(MalformedChats))]
    public async Task A_known_discriminator_that_does_not_read_as_its_contract_is_an_error_and_the_connection_goes_on(ClientKind kind, string malformed)
    {
        var (connection, recorder) = await ConnectAsync(kind);
        await using var _ = connection;

        await connection.Peer.SendAsync(malformed);
        await connection.Peer.SendAsync(Wire.Message(kind, "chat", Samples.ChatJson));

        Samples.AssertChat(Samples.Chat(), await recorder.Chat.SingleAsync());
        var error = Assert.IsType<MessageContractException>(await recorder.Errors.SingleAsync());
        Assert.Equal(ChatClients.ClientType(kind), error.ClientType);
        Assert.Equal(typeof(ChatMessage), error.ContractType);
        Assert.Equal("chat", error.Discriminator);
        Assert.Contains(ChatClients.ClientType(kind).Name, error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(ChatMessage).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("'chat'", error.Message, StringComparison.Ordinal);
        Assert.Equal([malformed, Wire.Message(kind, "chat", Samples.ChatJson)], recorder.Raw.Items.Select(m => m.Text));
        Assert.Equal(["raw", "error", "raw", "chat", "chat listener"], recorder.LogSnapshot());
        Assert.Equal(WebSocketState.Open, connection.Client.ReadyState);
    }
}
