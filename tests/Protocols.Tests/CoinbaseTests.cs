using System.Text.Json.Serialization;
using System;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Coinbase Advanced Trade market data: every message is {"channel":..,"client_id":..,"timestamp":..,"sequence_num":..,
// "events":[...]}; the contracts are the events arrays. Subscriptions are named by "type" and carry no channel kind.
[WebSocketClient(Discriminator = "channel", Envelope = "events", PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[Receives<CoinbaseTickerEvent[]>("ticker")]
[Receives<CoinbaseHeartbeat[]>("heartbeats")]
[Receives<CoinbaseError>("error", DiscriminatorProperty = "type", Envelope = "")]
[Sends<CoinbaseSubscribe>("subscribe", DiscriminatorProperty = "type", Envelope = "")]
public sealed partial class CoinbaseClient;

// The snake_case policy writes Volume24H as volume24_h: names with digits are spelled out.
public sealed record CoinbaseTicker(
    string Type,
    string ProductId,
    decimal Price,
    [property: JsonPropertyName("volume_24_h")] decimal Volume24H,
    [property: JsonPropertyName("low_24_h")] decimal Low24H,
    [property: JsonPropertyName("high_24_h")] decimal High24H,
    [property: JsonPropertyName("low_52_w")] decimal Low52W,
    [property: JsonPropertyName("high_52_w")] decimal High52W,
    [property: JsonPropertyName("price_percent_chg_24_h")] decimal PricePercentChg24H,
    decimal BestBid,
    decimal BestBidQuantity,
    decimal BestAsk,
    decimal BestAskQuantity);

public sealed record CoinbaseTickerEvent(string Type, CoinbaseTicker[] Tickers);

public sealed record CoinbaseHeartbeat(string CurrentTime, long HeartbeatCounter);

public sealed record CoinbaseError(string Message);

public sealed record CoinbaseSubscribe(string[] ProductIds, string Channel, string? Jwt);

public sealed class CoinbaseTests
{
    // https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#ticker-channel
    private const string Ticker = """
        {
          "channel": "ticker",
          "client_id": "",
          "timestamp": "2023-02-09T20:30:37.167359596Z",
          "sequence_num": 0,
          "events": [
            {
              "type": "snapshot",
              "tickers": [
                {
                  "type": "ticker",
                  "product_id": "BTC-USD",
                  "price": "21932.98",
                  "volume_24_h": "16038.28770938",
                  "low_24_h": "21835.29",
                  "high_24_h": "23011.18",
                  "low_52_w": "15460",
                  "high_52_w": "48240",
                  "price_percent_chg_24_h": "-4.15775596190603",
                  "best_bid": "21931.98",
                  "best_bid_quantity": "8000.21000000",
                  "best_ask": "21933.98",
                  "best_ask_quantity": "8038.07770938"
                }
              ]
            }
          ]
        }
        """;

    // https://docs.cdp.coinbase.com/advanced-trade/docs/ws-channels#heartbeats-channel
    private const string Heartbeats = """
        {
          "channel": "heartbeats",
          "client_id": "",
          "timestamp": "2023-06-23T20:31:26.122969572Z",
          "sequence_num": 0,
          "events": [
            {
              "current_time": "2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105",
              "heartbeat_counter": "3049"
            }
          ]
        }
        """;

    [Fact]
    public async Task Events_arrays_go_to_their_typed_handlers_and_subscribe_is_named_by_type()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new CoinbaseClient(url)
        {
            OnCoinbaseTickerEventArray = inbox.Add<CoinbaseTickerEvent[]>(),
            OnCoinbaseHeartbeatArray = inbox.Add<CoinbaseHeartbeat[]>(),
            OnCoinbaseError = inbox.Add<CoinbaseError>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://docs.cdp.coinbase.com/advanced-trade/docs/ws-overview#sending-messages-using-cdp-api-keys (the example)
        await client.SendAsync(new CoinbaseSubscribe(["ETH-USD", "ETH-EUR"], "level2", "XYZ"));
        Assert.Equal("""{"type":"subscribe","product_ids":["ETH-USD","ETH-EUR"],"channel":"level2","jwt":"XYZ"}""", await peer.ReceiveAsync());

        await peer.SendAsync(Ticker);
        var tickerEvent = Assert.Single(await inbox.NextAsync<CoinbaseTickerEvent[]>());
        Assert.Equal("snapshot", tickerEvent.Type);
        Assert.Equal(new CoinbaseTicker("ticker", "BTC-USD", 21932.98m, 16038.28770938m, 21835.29m, 23011.18m, 15460m, 48240m, -4.15775596190603m, 21931.98m, 8000.21000000m, 21933.98m, 8038.07770938m), Assert.Single(tickerEvent.Tickers));

        await peer.SendAsync(Heartbeats);
        var heartbeat = Assert.Single(await inbox.NextAsync<CoinbaseHeartbeat[]>());
        Assert.Equal(new CoinbaseHeartbeat("2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105", 3049), heartbeat);

        // The answer to a subscription: a channel the client does not declare.
        var subscriptions = """{"channel":"subscriptions","client_id":"","timestamp":"2023-02-09T20:32:37.167359596Z","sequence_num":1,"events":[{"subscriptions":{"level2":["ETH-USD","ETH-EUR"]}}]}""";
        await peer.SendAsync(subscriptions);
        Assert.Equal(subscriptions, (await inbox.NextAsync<Unhandled>()).Text);

        await peer.SendAsync("""{"type":"error","message":"authentication failure"}""");
        Assert.Equal("authentication failure", (await inbox.NextAsync<CoinbaseError>()).Message);
        inbox.AssertNoErrors();
    }
}
