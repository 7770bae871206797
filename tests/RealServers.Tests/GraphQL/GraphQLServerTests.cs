using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.RealServers.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.RealServers.Tests.GraphQL;

/// <summary>
/// What the real graphql-ws server does on the wire (graphql-transport-ws), shown with raw JSON over a plain
/// ClientWebSocket: the facts the typed client's subscription tests will rely on. Every expected message here is the
/// exact text the server sent (graphql-ws writes with JSON.stringify, so the property order is fixed).
/// </summary>
public sealed class GraphQLServerTests(GraphQLServer server) : IClassFixture<GraphQLServer>
{
    [Fact]
    public async Task The_handshake_is_connection_init_then_connection_ack_on_the_graphql_transport_ws_subprotocol()
    {
        var client = GraphQLServer.NewClient();
        await using var socket = await RawSocket.ConnectAsync(server.Url(client), GraphQLServer.Protocol);
        Assert.Equal(GraphQLServer.Protocol, socket.SubProtocol);

        await socket.SendAsync("""{"type":"connection_init","payload":{"token":"abc"}}""");
        Assert.Equal("""{"type":"connection_ack"}""", await socket.ReceiveTextAsync());

        await socket.SendAsync("""{"type":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await socket.ReceiveTextAsync());
        await socket.SendAsync("""{"type":"ping","payload":{"at":1}}""");
        Assert.Equal("""{"type":"pong","payload":{"at":1}}""", await socket.ReceiveTextAsync());

        await socket.CloseAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await server.WaitForLineAsync($"closed {client} 1000");
    }

    [Fact]
    public async Task Without_the_subprotocol_the_server_closes_with_4406()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(GraphQLServer.NewClient()));
        Assert.Null(socket.SubProtocol);

        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync()).Type);
        Assert.Equal(4406, (int?)socket.CloseStatus);
        Assert.Equal("Subprotocol not acceptable", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_subscribe_before_connection_init_is_closed_with_4401()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(GraphQLServer.NewClient()), GraphQLServer.Protocol);

        await socket.SendAsync("""{"id":"1","type":"subscribe","payload":{"query":"{ hello(name: \"ada\") }"}}""");

        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync()).Type);
        Assert.Equal(4401, (int?)socket.CloseStatus);
        Assert.Equal("Unauthorized", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task No_connection_init_within_three_seconds_is_closed_with_4408()
    {
        await using var socket = await RawSocket.ConnectAsync(server.Url(GraphQLServer.NewClient()), GraphQLServer.Protocol);

        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync(TimeSpan.FromSeconds(30))).Type);
        Assert.Equal(4408, (int?)socket.CloseStatus);
        Assert.Equal("Connection initialisation timeout", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_numeric_id_is_an_invalid_message_closed_with_4400()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":1,"type":"subscribe","payload":{"query":"{ hello(name: \"ada\") }"}}""");

        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync()).Type);
        Assert.Equal(4400, (int?)socket.CloseStatus);
        Assert.Equal("Invalid message received", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_query_answers_one_next_then_complete_under_its_string_id()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"q1","type":"subscribe","payload":{"query":"query Hello($name: String!) { hello(name: $name) }","variables":{"name":"ada"},"operationName":"Hello"}}""");

        Assert.Equal("""{"id":"q1","type":"next","payload":{"data":{"hello":"Hello, ada!"}}}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":"q1","type":"complete"}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task A_resolver_error_arrives_in_next_beside_the_data_and_the_operation_still_completes()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"b","type":"subscribe","payload":{"query":"{ boom }"}}""");

        Assert.Equal(
            """{"id":"b","type":"next","payload":{"data":{"boom":null},"errors":[{"message":"boom: this resolver always fails","locations":[{"line":1,"column":3}],"path":["boom"]}]}}""",
            await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":"b","type":"complete"}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task A_finite_subscription_sends_its_items_in_order_then_complete()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"t","type":"subscribe","payload":{"query":"subscription { ticks(count: 3) { n } }"}}""");

        await AssertItemsAsync(socket, "t", "ticks", 3);

        Assert.Equal("""{"id":"t","type":"complete"}""", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task An_execution_error_after_items_is_an_error_message_with_no_complete_and_the_connection_stays_open()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"f","type":"subscribe","payload":{"query":"subscription { failAfter(count: 2) { n } }"}}""");

        Assert.Equal("""{"id":"f","type":"next","payload":{"data":{"failAfter":{"n":1}}}}""", await socket.ReceiveTextAsync());
        Assert.Equal("""{"id":"f","type":"next","payload":{"data":{"failAfter":{"n":2}}}}""", await socket.ReceiveTextAsync());
        Assert.Equal(
            """{"id":"f","type":"error","payload":[{"message":"failAfter: the source stream failed after 2 items"}]}""",
            await socket.ReceiveTextAsync());

        // The error ended that operation only: the next message is the answer to a new one, not a complete for "f".
        await AssertQueryWorksAsync(socket, "after");
    }

    [Fact]
    public async Task A_document_that_fails_validation_is_one_error_message_with_locations()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"v","type":"subscribe","payload":{"query":"subscription { nope }"}}""");

        Assert.Equal(
            """{"id":"v","type":"error","payload":[{"message":"Cannot query field \"nope\" on type \"Subscription\".","locations":[{"line":1,"column":16}]}]}""",
            await socket.ReceiveTextAsync());
        await AssertQueryWorksAsync(socket, "after");
    }

    [Fact]
    public async Task A_complete_from_the_client_is_seen_by_the_server_and_stops_the_subscription()
    {
        var client = GraphQLServer.NewClient();
        await using var socket = await ConnectAsync(client);

        await socket.SendAsync("""{"id":"e","type":"subscribe","payload":{"query":"subscription { endless(intervalMs: 5) { n } }"}}""");
        await AssertItemsAsync(socket, "e", "endless", 3);

        await socket.SendAsync("""{"id":"e","type":"complete"}""");
        await server.WaitForLineAsync($"complete {client} e");
        await server.WaitForLineAsync($"stopped {client} e");

        // An item already in flight may still arrive after the complete (graphql-ws does not drop it), but the server
        // never answers a client's complete with one of its own, and nothing for "e" follows the pong of a later ping.
        await socket.SendAsync("""{"type":"ping"}""");
        var beforePong = await ReceiveUntilAsync(socket, """{"type":"pong"}""");
        var late = beforePong.Select(m => JsonSerializer.Deserialize<JsonElement>(m)).ToList();
        Assert.All(late, m => Assert.Equal("next", m.GetProperty("type").GetString()));
        Assert.Equal(
            Enumerable.Range(4, late.Count),
            late.Select(m => m.GetProperty("payload").GetProperty("data").GetProperty("endless").GetProperty("n").GetInt32()));
        await AssertQueryWorksAsync(socket, "after");
    }

    [Fact]
    public async Task Closing_the_connection_stops_every_open_subscription_on_the_server()
    {
        var client = GraphQLServer.NewClient();
        await using (var socket = await ConnectAsync(client))
        {
            await socket.SendAsync("""{"id":"x","type":"subscribe","payload":{"query":"subscription { endless { n } }"}}""");
            await socket.SendAsync("""{"id":"y","type":"subscribe","payload":{"query":"subscription { endless { n } }"}}""");
            var firstOfEach = new HashSet<string>();
            while (firstOfEach.Count < 2)
            {
                firstOfEach.Add((await socket.ReceiveJsonAsync()).GetProperty("id").GetString()!);
            }

            await socket.CloseAsync();
        }

        await server.WaitForLineAsync($"closed {client} 1000");
        await server.WaitForLineAsync($"stopped {client} x");
        await server.WaitForLineAsync($"stopped {client} y");
    }

    [Fact]
    public async Task Two_subscriptions_on_one_connection_interleave_each_in_order_under_its_own_id()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"a","type":"subscribe","payload":{"query":"subscription { ticks(count: 5, intervalMs: 5) { n } }"}}""");
        await socket.SendAsync("""{"id":"b","type":"subscribe","payload":{"query":"subscription { ticks(count: 5, intervalMs: 5) { n } }"}}""");

        var items = new Dictionary<string, List<int>> { ["a"] = [], ["b"] = [] };
        var order = new List<string>();
        var completed = new HashSet<string>();
        var firstComplete = int.MaxValue;
        while (completed.Count < 2)
        {
            var message = await socket.ReceiveJsonAsync();
            var id = message.GetProperty("id").GetString()!;
            order.Add(id);
            switch (message.GetProperty("type").GetString())
            {
                case "next":
                    Assert.DoesNotContain(id, completed);
                    items[id].Add(message.GetProperty("payload").GetProperty("data").GetProperty("ticks").GetProperty("n").GetInt32());
                    break;
                case "complete":
                    Assert.True(completed.Add(id), $"A second complete for '{id}'.");
                    firstComplete = Math.Min(firstComplete, order.Count - 1);
                    break;
                default:
                    Assert.Fail($"Unexpected message {message}.");
                    break;
            }
        }

        Assert.Equal([1, 2, 3, 4, 5], items["a"]);
        Assert.Equal([1, 2, 3, 4, 5], items["b"]);
        // Both were running at once: items of both ids came before the first complete.
        Assert.Contains("a", order.Take(firstComplete));
        Assert.Contains("b", order.Take(firstComplete));
    }

    [Fact]
    public async Task Reusing_the_id_of_an_operation_still_running_is_closed_with_4409()
    {
        await using var socket = await ConnectAsync(GraphQLServer.NewClient());

        await socket.SendAsync("""{"id":"d","type":"subscribe","payload":{"query":"subscription { endless { n } }"}}""");
        await socket.SendAsync("""{"id":"d","type":"subscribe","payload":{"query":"subscription { endless { n } }"}}""");

        Frame frame;
        do
        {
            frame = await socket.ReceiveAsync();
        }
        while (frame.Type == WebSocketMessageType.Text);

        Assert.Equal(WebSocketMessageType.Close, frame.Type);
        Assert.Equal(4409, (int?)socket.CloseStatus);
        Assert.Equal("Subscriber for d already exists", socket.CloseStatusDescription);
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_ends_without_a_close_frame_after_the_items_sent()
    {
        var client = GraphQLServer.NewClient();
        await using var socket = await ConnectAsync(client);

        await socket.SendAsync("""{"id":"z","type":"subscribe","payload":{"query":"subscription { dropAfter(count: 3) { n } }"}}""");

        await AssertItemsAsync(socket, "z", "dropAfter", 3);

        var dropped = await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveAsync());
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, dropped.WebSocketErrorCode);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Aborted, socket.State);
        await server.WaitForLineAsync($"closed {client} 1006");
    }

    /// <summary>Connects with the subprotocol and completes the handshake.</summary>
    private async Task<RawSocket> ConnectAsync(string client)
    {
        var socket = await RawSocket.ConnectAsync(server.Url(client), GraphQLServer.Protocol);
        await socket.SendAsync("""{"type":"connection_init"}""");
        Assert.Equal("""{"type":"connection_ack"}""", await socket.ReceiveTextAsync());
        return socket;
    }

    /// <summary>Runs a query under <paramref name="id"/> and asserts its answer is the next thing on the connection.</summary>
    private static async Task AssertQueryWorksAsync(RawSocket socket, string id)
    {
        await socket.SendAsync("{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ hello(name: \\\"again\\\") }\"}}");
        Assert.Equal("{\"id\":\"" + id + "\",\"type\":\"next\",\"payload\":{\"data\":{\"hello\":\"Hello, again!\"}}}", await socket.ReceiveTextAsync());
        Assert.Equal("{\"id\":\"" + id + "\",\"type\":\"complete\"}", await socket.ReceiveTextAsync());
    }

    /// <summary>Asserts that the next messages are items n = 1..<paramref name="count"/> of subscription field <paramref name="field"/>, exactly.</summary>
    private static async Task AssertItemsAsync(RawSocket socket, string id, string field, int count)
    {
        for (var n = 1; n <= count; n++)
        {
            Assert.Equal(
                "{\"id\":\"" + id + "\",\"type\":\"next\",\"payload\":{\"data\":{\"" + field + "\":{\"n\":" + n.ToString(CultureInfo.InvariantCulture) + "}}}}",
                await socket.ReceiveTextAsync());
        }
    }

    /// <summary>The messages received before <paramref name="expected"/> (which is consumed).</summary>
    private static async Task<List<string>> ReceiveUntilAsync(RawSocket socket, string expected)
    {
        var before = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var text = await socket.ReceiveTextAsync();
            if (text == expected)
            {
                return before;
            }

            before.Add(text);
        }

        throw new InvalidOperationException($"'{expected}' did not arrive within 10,000 messages.");
    }
}
