using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.RealServers.Tests.GraphQL;

/// <summary>
/// The typed <see cref="GraphQLClient"/> (DESIGN's graphql-transport-ws declaration, <c>SubscribeAsync</c>) against the
/// real graphql-ws server: handshake, a query, subscriptions to completion, GraphQL errors, early stop seen by the server,
/// two subscriptions at once, and a connection dropped mid-stream. The wire each step relies on is pinned down by
/// <see cref="GraphQLServerTests"/>.
/// </summary>
public sealed class GraphQLClientTests(GraphQLServer server) : IClassFixture<GraphQLServer>
{
    [Fact]
    public async Task The_handshake_negotiates_the_subprotocol_and_connection_init_is_answered_by_connection_ack()
    {
        var tag = GraphQLServer.NewClient();
        await using var client = await ConnectAsync(tag);

        Assert.Equal(GraphQLServer.Protocol, client.Protocol);
        Assert.Equal(TypedWebSockets.WebSocketState.Open, client.ReadyState);
        await client.CloseAsync(1000, "done");
        await server.WaitForLineAsync($"closed {tag} 1000");
    }

    [Fact]
    public async Task A_query_is_a_subscription_that_yields_one_result_then_completes()
    {
        await using var client = await ConnectAsync(GraphQLServer.NewClient());

        var results = await ToListAsync(client.SubscribeAsync(new Subscribe(
            "query Hello($name: String!) { hello(name: $name) }",
            new Dictionary<string, object> { ["name"] = "ada" },
            "Hello")));

        var result = Assert.Single(results);
        Assert.Equal("Hello, ada!", result.Data.GetProperty("hello").GetString());
        Assert.Null(result.Errors);
    }

    [Fact]
    public async Task A_finite_subscription_yields_its_items_in_order_and_ends_at_complete()
    {
        await using var client = await ConnectAsync(GraphQLServer.NewClient());

        var results = await ToListAsync(client.SubscribeAsync(new Subscribe("subscription { ticks(count: 25, intervalMs: 1) { n } }")));

        Assert.Equal(Enumerable.Range(1, 25), results.Select(r => N(r, "ticks")));
    }

    [Fact]
    public async Task A_resolver_error_is_an_item_with_errors_beside_data_and_the_sequence_still_completes()
    {
        await using var client = await ConnectAsync(GraphQLServer.NewClient());

        var result = Assert.Single(await ToListAsync(client.SubscribeAsync(new Subscribe("{ boom }"))));

        Assert.Equal(JsonValueKind.Null, result.Data.GetProperty("boom").ValueKind);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("boom: this resolver always fails", error.Message);
        Assert.Equal("boom", Assert.Single(error.Path!).GetString());
    }

    [Fact]
    public async Task An_error_message_after_items_fails_the_sequence_with_the_servers_payload_and_the_connection_stays_usable()
    {
        await using var client = await ConnectAsync(GraphQLServer.NewClient());
        var items = new List<int>();

        var failed = await Assert.ThrowsAsync<WebSocketRequestException>(async () =>
        {
            await foreach (var result in client.SubscribeAsync(new Subscribe("subscription { failAfter(count: 2) { n } }")))
            {
                items.Add(N(result, "failAfter"));
            }
        });

        Assert.Equal([1, 2], items);
        Assert.Equal(typeof(Subscribe), failed.RequestType);
        Assert.Equal(JsonValueKind.Array, failed.Error.ValueKind);
        Assert.Equal(
            "failAfter: the source stream failed after 2 items",
            Assert.Single(failed.Error.EnumerateArray()).GetProperty("message").GetString());

        // The error ended that operation only.
        var after = Assert.Single(await ToListAsync(client.SubscribeAsync(new Subscribe("{ hello(name: \"again\") }"))));
        Assert.Equal("Hello, again!", after.Data.GetProperty("hello").GetString());
    }

    [Fact]
    public async Task A_document_that_fails_validation_fails_the_sequence_before_any_item()
    {
        await using var client = await ConnectAsync(GraphQLServer.NewClient());

        var failed = await Assert.ThrowsAsync<WebSocketRequestException>(() => ToListAsync(client.SubscribeAsync(new Subscribe("subscription { nope }"))));

        var error = Assert.Single(failed.Error.EnumerateArray());
        Assert.Equal("Cannot query field \"nope\" on type \"Subscription\".", error.GetProperty("message").GetString());
        Assert.Equal(16, Assert.Single(error.GetProperty("locations").EnumerateArray()).GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task Breaking_out_of_await_foreach_sends_complete_for_that_id_and_the_server_stops_the_stream()
    {
        var tag = GraphQLServer.NewClient();
        await using var client = await ConnectAsync(tag);
        var items = new List<int>();

        await foreach (var result in client.SubscribeAsync(new Subscribe("subscription { endless(intervalMs: 5) { n } }")))
        {
            items.Add(N(result, "endless"));
            if (items.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3], items);
        // Ids count from 1 per client: this client's first (and only) operation is "1".
        await server.WaitForLineAsync($"complete {tag} 1");
        await server.WaitForLineAsync($"stopped {tag} 1");

        // Items in flight after the stop reach no one, and the id is free: the next operation works.
        var after = Assert.Single(await ToListAsync(client.SubscribeAsync(new Subscribe("{ hello(name: \"again\") }"))));
        Assert.Equal("Hello, again!", after.Data.GetProperty("hello").GetString());
        Assert.Single(server.Lines, line => line == $"complete {tag} 1");
    }

    [Fact]
    public async Task Cancelling_the_token_mid_stream_ends_the_enumeration_and_sends_complete_once()
    {
        var tag = GraphQLServer.NewClient();
        await using var client = await ConnectAsync(tag);
        using var cancel = new CancellationTokenSource();
        var items = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in client.SubscribeAsync(new Subscribe("subscription { endless(intervalMs: 5) { n } }"), cancel.Token))
            {
                Assert.Equal(++items, N(result, "endless"));
                if (items == 2)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await server.WaitForLineAsync($"complete {tag} 1");
        await server.WaitForLineAsync($"stopped {tag} 1");
        // The next operation is answered after everything sent before it: by then the server saw one complete, however
        // many items were in flight when the token was cancelled.
        Assert.Single(await ToListAsync(client.SubscribeAsync(new Subscribe("{ hello(name: \"again\") }"))));
        Assert.Single(server.Lines, line => line == $"complete {tag} 1");
    }

    [Fact]
    public async Task Two_subscriptions_at_once_interleave_each_in_order_under_its_own_id()
    {
        await using var client = await ConnectAsync(GraphQLServer.NewClient());
        var arrivals = new ConcurrentQueue<string>();
        client.AddEventListener(WebSocketEvent.Message, message =>
        {
            using var json = JsonDocument.Parse(message.Text!);
            if (json.RootElement.TryGetProperty("id", out var id))
            {
                arrivals.Enqueue(id.GetString() + " " + json.RootElement.GetProperty("type").GetString());
            }
        });

        var first = ToListAsync(client.SubscribeAsync(new Subscribe("subscription { ticks(count: 40, intervalMs: 5) { n } }")));
        var second = ToListAsync(client.SubscribeAsync(new Subscribe("subscription { endless(intervalMs: 5) { n } }")).Take(40));
        var results = await Task.WhenAll(first, second);

        Assert.Equal(Enumerable.Range(1, 40), results[0].Select(r => N(r, "ticks")));
        Assert.Equal(Enumerable.Range(1, 40), results[1].Select(r => N(r, "endless")));
        // They ran at once: items of the other id arrived before the first one's complete.
        var order = arrivals.ToList();
        var firstComplete = order.IndexOf("1 complete");
        Assert.True(firstComplete > 0, "The first subscription's complete was seen by the raw listener.");
        Assert.Contains("2 next", order.Take(firstComplete));
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_fails_the_subscription_with_a_WebSocketException_after_the_items_sent()
    {
        var tag = GraphQLServer.NewClient();
        await using var client = await ConnectAsync(tag);
        var items = new List<int>();

        var dropped = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            await foreach (var result in client.SubscribeAsync(new Subscribe("subscription { dropAfter(count: 3) { n } }")))
            {
                items.Add(N(result, "dropAfter"));
            }
        });

        Assert.Equal([1, 2, 3], items);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, dropped.WebSocketErrorCode);
        await server.WaitForLineAsync($"closed {tag} 1006");
    }

    [Fact]
    public async Task A_dropped_connection_fails_every_open_subscription_at_once()
    {
        var tag = GraphQLServer.NewClient();
        await using var client = await ConnectAsync(tag);
        var endless = client.SubscribeAsync(new Subscribe("subscription { endless(intervalMs: 5) { n } }")).GetAsyncEnumerator();
        Assert.True(await endless.MoveNextAsync());

        await Assert.ThrowsAsync<WebSocketException>(() => ToListAsync(client.SubscribeAsync(new Subscribe("subscription { dropAfter(count: 1) { n } }"))));

        var failed = await Assert.ThrowsAsync<WebSocketException>(async () =>
        {
            for (var i = 0; i < 100_000 && await endless.MoveNextAsync(); i++)
            {
            }
        });
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, failed.WebSocketErrorCode);
        await endless.DisposeAsync();
    }

    /// <summary>A client of <paramref name="tag"/> that has completed connection_init / connection_ack.</summary>
    private async Task<GraphQLClient> ConnectAsync(string tag)
    {
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new GraphQLClient(server.Url(tag).ToString(), new WebSocketOptions { SubProtocols = { GraphQLServer.Protocol } })
        {
            OnConnectionAck = _ => acknowledged.TrySetResult(),
        };
        try
        {
            await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
            await client.SendAsync(new ConnectionInit("abc"));
            await acknowledged.Task.WaitAsync(TestTimeouts.Default);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static int N(ExecutionResult result, string field) => result.Data.GetProperty(field).GetProperty("n").GetInt32();

    /// <summary>Every item of <paramref name="items"/>, bounded by <see cref="TestTimeouts.Default"/>.</summary>
    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var list = new List<T>();
        await foreach (var item in items.WithCancellation(timeout.Token))
        {
            list.Add(item);
        }

        return list;
    }
}
