// Requests and streams over a real Kestrel connection (the fake-server tests cover the protocol edge cases).

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

public sealed class KestrelRequestStreamTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RequestAsync_over_Kestrel_completes_each_call_with_the_reply_that_carries_its_id()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new RequestingClient(url));
        var first = connection.Client.RequestAsync(new GetUser(1));
        var second = connection.Client.RequestAsync(new GetUser(2));

        var ids = new Dictionary<int, long>();
        for (var i = 0; i < 2; i++)
        {
            var request = JsonDocument.Parse(await connection.Peer.ReceiveAsync()).RootElement;
            Assert.Equal("getUser", request.GetProperty("type").GetString());
            ids[request.GetProperty("userId").GetInt32()] = request.GetProperty("id").GetInt64();
        }

        Assert.NotEqual(ids[1], ids[2]);

        // Answered in the opposite order.
        await connection.Peer.SendAsync($$"""{"type":"getUser","id":{{ids[2]}},"name":"grace"}""");
        await connection.Peer.SendAsync($$"""{"type":"getUser","id":{{ids[1]}},"name":"ada"}""");

        Assert.Equal(new User("ada"), await first.WaitAsync(s_timeout));
        Assert.Equal(new User("grace"), await second.WaitAsync(s_timeout));
        Assert.Equal(0, connection.Client.PendingRequestCount);
    }

    [Fact]
    public async Task ReadAllAsync_over_Kestrel_yields_each_typed_message_in_order_and_ends_at_close()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new RequestingClient(url));
        var client = connection.Client;
        var read = Task.Run(async () =>
        {
            var texts = new List<string>();
            await foreach (var message in client.ReadAllAsync(RequestingClient.Events.ChatMessage))
            {
                texts.Add(message.Text);
                if (texts.Count == 3)
                {
                    await client.CloseAsync();
                }
            }

            return texts;
        });

        for (var i = 1; i <= 3; i++)
        {
            await connection.Peer.SendAsync(Wire.Message(ClientKind.Flat, "chat", Samples.ChatJson.Replace("\"text\":\"", $"\"text\":\"{i} ", StringComparison.Ordinal)));
        }

        var texts = await read.WaitAsync(s_timeout);
        Assert.Equal(3, texts.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith($"{i + 1} ", texts[i], StringComparison.Ordinal);
        }

        Assert.Equal(WebSocketState.Closed, client.ReadyState);
    }
}
