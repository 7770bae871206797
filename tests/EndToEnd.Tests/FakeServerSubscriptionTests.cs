// The in-memory FakeWebSocketServer serving generated SubscribeAsync: it reads the subscription, sends items, the
// completion and errors in the client's wire format, and observes the stop message.

using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

public sealed class FakeServerSubscriptionTests
{
    private static readonly TimeSpan s_timeout = TestTimeouts.Default;

    private static ExecutionResult Result(int n) => new(JsonDocument.Parse($$"""{"n":{{n}}}""").RootElement);

    [Fact]
    public async Task The_fake_server_reads_a_subscription_and_sends_items_and_the_completion()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new GraphQLClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var seen = new List<int>();
        var consuming = Task.Run(async () =>
        {
            await foreach (var item in client.SubscribeAsync(new GraphQLRequest("subscription { ticks }")))
            {
                seen.Add(item.Data.GetProperty("n").GetInt32());
            }
        });

        var subscription = await connection.ReceiveSubscriptionAsync<GraphQLRequest, ExecutionResult>().WaitAsync(s_timeout);
        Assert.Equal("subscription { ticks }", subscription.Message.Query);
        Assert.Equal(1, subscription.CorrelationId);
        Assert.Equal("""{"type":"subscribe","id":"1","payload":{"query":"subscription { ticks }"}}""", subscription.Text);
        await subscription.SendItemAsync(Result(1));
        await subscription.SendItemAsync(Result(2));
        await subscription.CompleteAsync();

        await consuming.WaitAsync(s_timeout);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public async Task The_fake_server_fails_a_subscription_and_observes_a_stop()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new GraphQLClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var failing = Task.Run(async () =>
        {
            await foreach (var _ in client.SubscribeAsync(new GraphQLRequest("{ bad }")))
            {
            }
        });
        var first = await connection.ReceiveSubscriptionAsync<GraphQLRequest, ExecutionResult>().WaitAsync(s_timeout);
        await first.FailAsync(JsonDocument.Parse("""[{"message":"bad"}]""").RootElement);
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(s_timeout));
        Assert.Equal("bad", error.Error[0].GetProperty("message").GetString());

        var stopping = Task.Run(async () =>
        {
            await foreach (var _ in client.SubscribeAsync(new GraphQLRequest("subscription { endless }")))
            {
                break;
            }
        });
        var second = await connection.ReceiveSubscriptionAsync<GraphQLRequest, ExecutionResult>().WaitAsync(s_timeout);
        await second.SendItemAsync(Result(1));
        await stopping.WaitAsync(s_timeout);
        Assert.Equal("""{"type":"complete","id":"2"}""", await second.ReceiveStopAsync().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Without_an_error_kind_the_fake_server_fails_a_subscription_with_the_error_property()
    {
        await using var server = new FakeWebSocketServer();
        await using var client = new HomeClient("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(s_timeout);

        var entities = new List<string>();
        var consuming = Task.Run(async () =>
        {
            await foreach (var item in client.SubscribeAsync(new SubscribeEvents("state_changed")))
            {
                entities.Add(item.Data.GetProperty("entity_id").GetString()!);
            }
        });
        var subscription = await connection.ReceiveSubscriptionAsync<SubscribeEvents, HomeEvent>().WaitAsync(s_timeout);
        Assert.Equal("state_changed", subscription.Message.EventType);
        await subscription.SendItemAsync(new HomeEvent("state_changed", JsonDocument.Parse("""{"entity_id":"light.kitchen"}""").RootElement));
        await subscription.FailAsync(JsonDocument.Parse("""{"code":"unknown_error","message":"gone"}""").RootElement);

        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => consuming.WaitAsync(s_timeout));
        Assert.Equal("unknown_error", error.Code);
        Assert.Equal(["light.kitchen"], entities);
        await Assert.ThrowsAsync<InvalidOperationException>(() => subscription.CompleteAsync());
    }
}
