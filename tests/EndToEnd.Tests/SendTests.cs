using System;
using System.Linq;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>Every typed send arrives at the server as the expected JSON, read there with <see cref="System.Text.Json.JsonDocument"/>.</summary>
public sealed class SendTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    public static readonly TheoryData<ClientKind, bool> KindsAndSendMethods = new(
        from kind in Enum.GetValues<ClientKind>()
        from useAsync in new[] { false, true }
        select (kind, useAsync));

    [Theory]
    [MemberData(nameof(KindsAndSendMethods))]
    public async Task Every_contract_is_written_with_its_discriminator_first_and_every_field(ClientKind kind, bool useAsync)
    {
        await using var connection = await fixture.Server.ConnectAsync(url => ChatClients.Create(kind, url, new WebSocketOptions()).Socket);
        var client = (IChatClient)connection.Client;
        var chat = Samples.Chat();
        var reply = Samples.Chat(text: "", replyTo: null);

        if (useAsync)
        {
            await client.SendAsync(chat).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await client.SendAsync(reply).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await client.SendAsync(Samples.Join()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await client.SendAsync(Samples.Presence()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await client.SendAsync(new Tick(-1, "ŧick")).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            await client.SendAsync(Samples.Page()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        else
        {
            client.Send(chat);
            client.Send(reply);
            client.Send(Samples.Join());
            client.Send(Samples.Presence());
            client.Send(new Tick(-1, "ŧick"));
            client.Send(Samples.Page());
        }

        Samples.AssertChatJson(chat, Wire.Open(kind, await connection.Peer.ReceiveAsync(), "chat"));
        Samples.AssertChatJson(reply, Wire.Open(kind, await connection.Peer.ReceiveAsync(), "chat"));

        var join = Wire.Open(kind, await connection.Peer.ReceiveAsync(), "join");
        Assert.Equal(["room", "password", "seats"], join.PropertyNames);
        Assert.Equal("café ☕", join["room"].GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, join["password"].ValueKind);
        Assert.Equal([3, 1, 2], join["seats"].EnumerateArray().Select(s => s.GetInt32()));

        var presence = Wire.Open(kind, await connection.Peer.ReceiveAsync(), "presence");
        Assert.Equal(["user", "online", "latency"], presence.PropertyNames);
        Assert.Equal("grace", presence["user"].GetString());
        Assert.True(presence["online"].GetBoolean());
        Assert.Equal(12.5, presence["latency"].GetDouble());

        var tick = Wire.Open(kind, await connection.Peer.ReceiveAsync(), "tick");
        Assert.Equal(["seq", "label"], tick.PropertyNames);
        Assert.Equal(-1, tick["seq"].GetInt32());
        Assert.Equal("ŧick", tick["label"].GetString());

        var page = Wire.Open(kind, await connection.Peer.ReceiveAsync(), "pageOfItem");
        Assert.Equal(["number", "items", "next"], page.PropertyNames);
        Assert.Equal(2, page["number"].GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page["next"].ValueKind);
        var items = page["items"].EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal(["sku", "price", "rating"], items[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("A-1", items[0].GetProperty("sku").GetString());
        Assert.Equal(19.99m, items[0].GetProperty("price").GetDecimal());
        Assert.Equal(1, items[0].GetProperty("rating").GetInt32());
        Assert.Equal("B-2", items[1].GetProperty("sku").GetString());
        Assert.Equal(0.1m, items[1].GetProperty("price").GetDecimal());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[1].GetProperty("rating").ValueKind);
    }
}
