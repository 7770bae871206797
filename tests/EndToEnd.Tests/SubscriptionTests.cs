// Generated SubscribeAsync against a Kestrel server on loopback whose side the test drives frame by frame: the request
// goes out with a new id when enumeration starts, messages with that id are items, completion or failure, stopping
// early sends the stop message once, the connection's end fails every open subscription.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

public sealed record GraphQLRequest(string Query);

public sealed record ExecutionResult(JsonElement Data);

public sealed record SubscribeEvents(string EventType);

public sealed record HomeEvent(string EventType, JsonElement Data);

public sealed record ConnectionInit;

public sealed record ConnectionAck;

public sealed record GraphQLPing;

public sealed record GraphQLPong;

// graphql-transport-ws, as DESIGN.md writes it.
[WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String)]
[Sends<ConnectionInit>("connection_init")]
[Receives<ConnectionAck>("connection_ack", Envelope = "")]
[Receives<GraphQLPing>("ping", Envelope = "")]
[Sends<GraphQLPong>("pong", Envelope = "")]
[Subscribes<GraphQLRequest, ExecutionResult>("subscribe", ItemDiscriminator = "next",
    CompleteDiscriminator = "complete", ErrorDiscriminator = "error", StopDiscriminator = "complete")]
public sealed partial class GraphQLClient;

// Home Assistant: {"id":18,"type":"subscribe_events","event_type":"state_changed"} → {"id":18,"type":"result",...} → events.
[WebSocketClient(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[Subscribes<SubscribeEvents, HomeEvent>("subscribe_events", ItemDiscriminator = "event", ItemEnvelope = "event")]
public sealed partial class HomeClient;

public sealed class SubscriptionTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    private static readonly TimeSpan s_timeout = TestTimeouts.Default;

    private static async Task<string> ReadSubscribeAsync(ServerPeer peer, string query)
    {
        var text = await peer.ReceiveAsync();
        using var json = JsonDocument.Parse(text);
        Assert.Equal("subscribe", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(query, json.RootElement.GetProperty("payload").GetProperty("query").GetString());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static string Next(string id, int n) => $$"""{"id":"{{id}}","type":"next","payload":{"data":{"n":{{n}}""" + "}}}";

    private static async Task<List<int>> CollectAsync(IAsyncEnumerable<ExecutionResult> items, int? stopAfter = null, CancellationToken cancellationToken = default)
    {
        var seen = new List<int>();
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            seen.Add(item.Data.GetProperty("n").GetInt32());
            if (seen.Count == stopAfter)
            {
                break;
            }
        }

        return seen;
    }

    [Fact]
    public async Task The_request_goes_out_when_enumeration_starts_and_items_arrive_in_order_until_complete()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url));
        var items = connection.Client.SubscribeAsync(new GraphQLRequest("subscription { ticks }"));

        // Nothing is sent until the consumer enumerates.
        var probe = connection.Peer.ReceiveAsync(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<TimeoutException>(() => probe);

        var collecting = CollectAsync(items);
        var raw = await connection.Peer.ReceiveAsync();
        Assert.Equal("""{"type":"subscribe","id":"1","payload":{"query":"subscription { ticks }"}}""", raw);
        for (var n = 1; n <= 3; n++)
        {
            await connection.Peer.SendAsync(Next("1", n));
        }

        await connection.Peer.SendAsync("""{"id":"1","type":"complete"}""");
        Assert.Equal([1, 2, 3], await collecting.WaitAsync(s_timeout));

        // Completed by the server: no stop message follows. The next thing the client sends is the next subscription.
        var second = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("again")));
        Assert.Equal("2", await ReadSubscribeAsync(connection.Peer, "again"));
        await connection.Peer.SendAsync("""{"id":"2","type":"complete"}""");
        Assert.Empty(await second.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task An_error_kind_fails_the_sequence_with_the_servers_payload()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url));
        var collecting = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("{ nope }")));
        var id = await ReadSubscribeAsync(connection.Peer, "{ nope }");
        await connection.Peer.SendAsync(Next(id, 1));
        await connection.Peer.SendAsync($$"""{"id":"{{id}}","type":"error","payload":[{"message":"Cannot query field \"nope\" on type \"Query\"."}]}""");

        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => collecting.WaitAsync(s_timeout));
        Assert.Equal(JsonValueKind.Array, error.Error.ValueKind);
        Assert.Equal("Cannot query field \"nope\" on type \"Query\".", error.Error[0].GetProperty("message").GetString());
        Assert.Equal(typeof(GraphQLRequest), error.RequestType);
        Assert.Equal(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), error.CorrelationId);
    }

    [Fact]
    public async Task Only_the_item_kind_is_an_item_and_a_non_null_error_property_fails_the_sequence()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new HomeClient(url));
        var received = new List<string>();
        var subscription = connection.Client.SubscribeAsync(new SubscribeEvents("state_changed"));
        var consuming = Task.Run(async () =>
        {
            await foreach (var item in subscription)
            {
                received.Add(item.Data.GetProperty("entity_id").GetString()!);
            }
        });

        Assert.Equal("""{"type":"subscribe_events","id":1,"event_type":"state_changed"}""", await connection.Peer.ReceiveAsync());
        await connection.Peer.SendAsync("""{"id":1,"type":"result","success":true,"result":null}""");
        await connection.Peer.SendAsync("""{"id":1,"type":"event","event":{"event_type":"state_changed","data":{"entity_id":"light.kitchen"}}}""");
        await connection.Peer.SendAsync("""{"id":1,"type":"event","event":{"event_type":"state_changed","data":{"entity_id":"light.porch"}}}""");
        await connection.Peer.SendAsync("""{"id":1,"type":"result","success":false,"error":{"code":"home_assistant_error","message":"stopping"}}""");

        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => consuming.WaitAsync(s_timeout));
        Assert.Equal("home_assistant_error", error.Code);
        Assert.Equal("stopping", error.ErrorMessage);
        Assert.Equal(["light.kitchen", "light.porch"], received);
    }

    [Fact]
    public async Task Breaking_out_sends_the_stop_message_once_and_a_late_item_reaches_only_raw_listeners()
    {
        var raw = new Inbox<WebSocketMessage>("raw");
        var unhandled = new Inbox<WebSocketMessage>("unhandled");
        var errors = new Inbox<Exception>("errors");
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url)
        {
            OnMessage = raw.Add,
            OnUnhandledMessage = unhandled.Add,
            OnError = errors.Add,
        });

        var collecting = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("subscription { endless }")), stopAfter: 2);
        var id = await ReadSubscribeAsync(connection.Peer, "subscription { endless }");
        await connection.Peer.SendAsync(Next(id, 1));
        await connection.Peer.SendAsync(Next(id, 2));
        Assert.Equal([1, 2], await collecting.WaitAsync(s_timeout));
        Assert.Equal($$"""{"type":"complete","id":"{{id}}"}""", await connection.Peer.ReceiveAsync());

        // The server had already sent more: the late items are seen by raw listeners only.
        await connection.Peer.SendAsync(Next(id, 3));
        await connection.Peer.SendAsync("""{"type":"ka"}""");
        await unhandled.WaitForAsync(1);
        Assert.Equal(4, (await raw.WaitForAsync(4)).Count);
        Assert.Equal("""{"type":"ka"}""", Assert.Single(unhandled.Items).Text);
        Assert.Empty(errors.Items);

        // Exactly once: the next message the server receives is the next subscription's request, with a new id.
        var next = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("later")), stopAfter: 1);
        var nextId = await ReadSubscribeAsync(connection.Peer, "later");
        Assert.NotEqual(id, nextId);
        await connection.Peer.SendAsync(Next(nextId, 9));
        Assert.Equal([9], await next.WaitAsync(s_timeout));
        Assert.Equal($$"""{"type":"complete","id":"{{nextId}}"}""", await connection.Peer.ReceiveAsync());
    }

    [Fact]
    public async Task Cancelling_and_disposing_the_enumerator_send_the_stop_message()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url));
        using var cancellation = new CancellationTokenSource();
        var cancelled = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("a"), cancellation.Token));
        var firstId = await ReadSubscribeAsync(connection.Peer, "a");
        await connection.Peer.SendAsync(Next(firstId, 1));
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(s_timeout));
        Assert.Equal($$"""{"type":"complete","id":"{{firstId}}"}""", await connection.Peer.ReceiveAsync());

        var enumerator = connection.Client.SubscribeAsync(new GraphQLRequest("b")).GetAsyncEnumerator();
        var moving = enumerator.MoveNextAsync().AsTask();
        var secondId = await ReadSubscribeAsync(connection.Peer, "b");
        await connection.Peer.SendAsync(Next(secondId, 5));
        Assert.True(await moving.WaitAsync(s_timeout));
        Assert.Equal(5, enumerator.Current.Data.GetProperty("n").GetInt32());
        await enumerator.DisposeAsync();
        Assert.Equal($$"""{"type":"complete","id":"{{secondId}}"}""", await connection.Peer.ReceiveAsync());
    }

    [Fact]
    public async Task Several_subscriptions_interleave_each_with_its_own_items()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url));
        var first = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("first")));
        var firstId = await ReadSubscribeAsync(connection.Peer, "first");
        var second = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("second")));
        var secondId = await ReadSubscribeAsync(connection.Peer, "second");
        Assert.NotEqual(firstId, secondId);

        for (var n = 0; n < 10; n++)
        {
            await connection.Peer.SendAsync(Next(n % 2 == 0 ? firstId : secondId, n));
        }

        await connection.Peer.SendAsync($$"""{"id":"{{secondId}}","type":"complete"}""");
        await connection.Peer.SendAsync($$"""{"id":"{{firstId}}","type":"complete"}""");
        Assert.Equal([0, 2, 4, 6, 8], await first.WaitAsync(s_timeout));
        Assert.Equal([1, 3, 5, 7, 9], await second.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task A_slow_consumer_keeps_the_newest_items_within_StreamCapacity_and_the_overflow_is_reported()
    {
        var raw = new Inbox<WebSocketMessage>("raw");
        var errors = new Inbox<Exception>("errors");
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url, new WebSocketOptions { StreamCapacity = 4 })
        {
            OnMessage = raw.Add,
            OnError = errors.Add,
        });

        var enumerator = connection.Client.SubscribeAsync(new GraphQLRequest("fast")).GetAsyncEnumerator();
        var first = enumerator.MoveNextAsync().AsTask();
        var id = await ReadSubscribeAsync(connection.Peer, "fast");
        await connection.Peer.SendAsync(Next(id, 0));
        Assert.True(await first.WaitAsync(s_timeout));

        // The consumer does not read while 20 more items and the completion arrive.
        for (var n = 1; n <= 20; n++)
        {
            await connection.Peer.SendAsync(Next(id, n));
        }

        await connection.Peer.SendAsync($$"""{"id":"{{id}}","type":"complete"}""");
        await raw.WaitForAsync(22);
        var rest = new List<int>();
        while (await enumerator.MoveNextAsync().AsTask().WaitAsync(s_timeout))
        {
            rest.Add(enumerator.Current.Data.GetProperty("n").GetInt32());
        }

        await enumerator.DisposeAsync();
        Assert.Equal([17, 18, 19, 20], rest);
        var overflow = Assert.IsType<InvalidOperationException>(await errors.SingleAsync());
        Assert.Contains("StreamCapacity", overflow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_ending_fails_every_open_subscription_at_once()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url));
        var first = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("first")));
        var firstId = await ReadSubscribeAsync(connection.Peer, "first");
        var second = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("second")));
        await ReadSubscribeAsync(connection.Peer, "second");
        await connection.Peer.SendAsync(Next(firstId, 1));

        connection.Peer.Abort();
        var firstError = await Assert.ThrowsAsync<WebSocketException>(() => first.WaitAsync(s_timeout));
        var secondError = await Assert.ThrowsAsync<WebSocketException>(() => second.WaitAsync(s_timeout));
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, firstError.WebSocketErrorCode);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, secondError.WebSocketErrorCode);
        Assert.Contains("subscription", firstError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_reconnect_policy_the_connection_ending_still_fails_open_subscriptions()
    {
        var reconnecting = new Inbox<ReconnectingEventArgs>("reconnecting");
        await using var connection = await fixture.Server.ConnectAsync(url => new GraphQLClient(url, new WebSocketOptions
        {
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(5), MaxAttempts = 1 },
        })
        {
            OnReconnecting = reconnecting.Add,
        });
        var open = CollectAsync(connection.Client.SubscribeAsync(new GraphQLRequest("live")));
        await ReadSubscribeAsync(connection.Peer, "live");

        connection.Peer.Abort();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => open.WaitAsync(s_timeout));
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        await reconnecting.WaitForAsync(1);
    }
}
