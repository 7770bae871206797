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
