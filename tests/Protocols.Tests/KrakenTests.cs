using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Kraken's Spot WebSocket API v2: channel messages are {"channel":"<name>","type":"snapshot|update","data":[...]};
// heartbeats are {"channel":"heartbeat"} alone; method answers have no channel and are named by "method".
[WebSocketClient(Discriminator = "channel", Envelope = "data", PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Receives<KrakenTicker[]>("ticker")]
[Receives<KrakenHeartbeat>("heartbeat", Envelope = "")]
[Receives<KrakenSubscribed>("subscribe", DiscriminatorProperty = "method", Envelope = "")]
[Sends<KrakenSubscribe>("subscribe", DiscriminatorProperty = "method", Envelope = "params")]
public sealed partial class KrakenClient;

public sealed record KrakenTicker(string Symbol, decimal Bid, decimal BidQty, decimal Ask, decimal AskQty, decimal Last, decimal Volume, decimal Vwap, decimal Low, decimal High, decimal Change, decimal ChangePct);

public sealed record KrakenHeartbeat;

public sealed record KrakenSubscription(string Channel, string Symbol, bool Snapshot);

public sealed record KrakenSubscribed(KrakenSubscription Result, bool Success, System.DateTimeOffset TimeIn, System.DateTimeOffset TimeOut);

public sealed record KrakenSubscribe(string Channel, string[] Symbol);

public sealed class KrakenTests
{
    // https://docs.kraken.com/api/docs/websocket-v2/ticker (Snapshot / Update example)
    private const string Ticker = """
        {
            "channel": "ticker",
            "type": "snapshot",
            "data": [
                {
                    "symbol": "ALGO/USD",
                    "bid": 0.10025,
                    "bid_qty": 740.0,
                    "ask": 0.10036,
                    "ask_qty": 1361.44813783,
                    "last": 0.10035,
                    "volume": 997038.98383185,
                    "vwap": 0.10148,
                    "low": 0.09979,
                    "high": 0.10285,
                    "change": -0.00017,
                    "change_pct": -0.17
                }
            ]
        }
        """;

    // https://docs.kraken.com/api/docs/websocket-v2/heartbeat
    private const string Heartbeat = """{"channel":"heartbeat"}""";

    // https://docs.kraken.com/api/docs/websocket-v2/ticker (Subscribe: response example)
    private const string Subscribed = """
        {
            "method": "subscribe",
            "result": {
                "channel": "ticker",
                "snapshot": true,
                "symbol": "ALGO/USD"
            },
            "success": true,
            "time_in": "2023-09-25T09:04:31.742599Z",
            "time_out": "2023-09-25T09:04:31.742648Z"
        }
        """;

    [Fact]
    public async Task Ticker_data_heartbeats_and_the_subscribe_answer_go_to_their_typed_handlers()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new KrakenClient(url)
        {
            OnKrakenTickerArray = inbox.Add<KrakenTicker[]>(),
            OnKrakenHeartbeat = inbox.Add<KrakenHeartbeat>(),
            OnKrakenSubscribed = inbox.Add<KrakenSubscribed>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://docs.kraken.com/api/docs/websocket-v2/ticker (Subscribe: request example)
        await client.SendAsync(new KrakenSubscribe("ticker", ["ALGO/USD"]));
        Assert.Equal("""{"method":"subscribe","params":{"channel":"ticker","symbol":["ALGO/USD"]}}""", await peer.ReceiveAsync());

        await peer.SendAsync(Subscribed);
        var subscribed = await inbox.NextAsync<KrakenSubscribed>();
        Assert.Equal(new KrakenSubscription("ticker", "ALGO/USD", Snapshot: true), subscribed.Result);
        Assert.True(subscribed.Success);

        await peer.SendAsync(Ticker);
        var ticker = Assert.Single(await inbox.NextAsync<KrakenTicker[]>());
        Assert.Equal(new KrakenTicker("ALGO/USD", 0.10025m, 740.0m, 0.10036m, 1361.44813783m, 0.10035m, 997038.98383185m, 0.10148m, 0.09979m, 0.10285m, -0.00017m, -0.17m), ticker);

        await peer.SendAsync(Heartbeat);
        await inbox.NextAsync<KrakenHeartbeat>();

        // https://docs.kraken.com/api/docs/websocket-v2/status: a channel the client does not declare.
        var status = """{"channel":"status","data":[{"api_version":"v2","connection_id":12393906104898154338,"system":"online","version":"2.0.0"}],"type":"update"}""";
        await peer.SendAsync(status);
        Assert.Equal(status, (await inbox.NextAsync<Unhandled>()).Text);
        inbox.AssertNoErrors();
    }
}

#region cookbook
// Kraken Spot WebSocket API v2, methods: {"method":"cancel_order","req_id":1,"params":{...}} out, and back
// {"method":"cancel_order","req_id":1,"result":{...},"success":true,...} or "success":false with "error":"<message>".
[WebSocketClient(Discriminator = "method", Envelope = "params", CorrelationId = "req_id", ResponseEnvelope = "result",
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Requests<KrakenCancelOrder, KrakenCancelled>("cancel_order")]
[Requests<KrakenPing, JsonElement?>("ping", Envelope = "")]  // {"method":"ping","req_id":2}: no params; the pong has no result
public sealed partial class KrakenTradingClient;

public sealed record KrakenCancelOrder(string[] OrderId, string Token);

public sealed record KrakenCancelled(string OrderId);

public sealed record KrakenPing;
#endregion

public sealed class KrakenTradingTests
{
    // https://docs.kraken.com/api/docs/websocket-v2/cancel_order: the response of one cancelled order (result.order_id,
    // success, req_id echoed, time_in/time_out as RFC 3339), for the request example's first order.
    private const string Cancelled = """
        {
            "method": "cancel_order",
            "req_id": 1,
            "result": {
                "order_id": "OM5CRX-N2HAL-GFGWE9"
            },
            "success": true,
            "time_in": "2023-09-21T14:36:57.428972Z",
            "time_out": "2023-09-21T14:36:57.437952Z"
        }
        """;

    // https://docs.kraken.com/api/docs/websocket-v2/cancel_order: a rejected request has "success": false and the error
    // message as a string ("EOrder:Unknown order" is the message Kraken documents for an unknown order id).
    private const string Rejected = """
        {
            "error": "EOrder:Unknown order",
            "method": "cancel_order",
            "req_id": 3,
            "success": false,
            "time_in": "2023-09-21T14:36:58.112311Z",
            "time_out": "2023-09-21T14:36:58.112549Z"
        }
        """;

    [Fact]
    public async Task Requests_carry_req_id_and_are_answered_by_result_by_a_bare_pong_or_by_an_error_string()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new KrakenTradingClient(url)
        {
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://docs.kraken.com/api/docs/websocket-v2/cancel_order (the request example, with the client's req_id)
        var cancel = client.RequestAsync(new KrakenCancelOrder(["OM5CRX-N2HAL-GFGWE9"], "zGXT1dUQQjJjy5VmGXMegdDQngXXehNo5qbMBVolwEQ"));
        Assert.Equal(
            """{"method":"cancel_order","req_id":1,"params":{"order_id":["OM5CRX-N2HAL-GFGWE9"],"token":"zGXT1dUQQjJjy5VmGXMegdDQngXXehNo5qbMBVolwEQ"}}""",
            await peer.ReceiveAsync());

        // https://docs.kraken.com/api/docs/websocket-v2/ping: {"method":"ping","req_id":101} and its pong, which has no result.
        var ping = client.RequestAsync(new KrakenPing());
        Assert.Equal("""{"method":"ping","req_id":2}""", await peer.ReceiveAsync());
        await peer.SendAsync("""
            {
              "method": "pong",
              "req_id": 2,
              "time_in": "2023-09-24T14:10:23.799685Z",
              "time_out": "2023-09-24T14:10:23.799703Z"
            }
            """);
        Assert.Null(await ping.WaitAsync(TestTimeouts.Default));

        // Replies are matched by req_id, whatever their order.
        await peer.SendAsync(Cancelled);
        Assert.Equal(new KrakenCancelled("OM5CRX-N2HAL-GFGWE9"), await cancel.WaitAsync(TestTimeouts.Default));

        var unknown = client.RequestAsync(new KrakenCancelOrder(["OLUMT4-UTEGU-ZYM7E9"], "zGXT1dUQQjJjy5VmGXMegdDQngXXehNo5qbMBVolwEQ"));
        Assert.Equal(
            """{"method":"cancel_order","req_id":3,"params":{"order_id":["OLUMT4-UTEGU-ZYM7E9"],"token":"zGXT1dUQQjJjy5VmGXMegdDQngXXehNo5qbMBVolwEQ"}}""",
            await peer.ReceiveAsync());
        await peer.SendAsync(Rejected);
        var rejected = await Assert.ThrowsAsync<WebSocketRequestException>(() => unknown.WaitAsync(TestTimeouts.Default));
        Assert.Equal("EOrder:Unknown order", rejected.ErrorMessage);
        Assert.Equal(JsonValueKind.String, rejected.Error.ValueKind);
        Assert.Equal(3, rejected.CorrelationId);
        inbox.AssertNoErrors();
    }
}
