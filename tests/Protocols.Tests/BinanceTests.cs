using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Binance spot market streams. A raw stream (/ws/<stream>) sends the event itself, kind in "e"; a combined stream
// (/stream?streams=...) wraps it as {"stream":"<symbol>@<type>","data":{...}}, matched here by a suffix pattern. The
// events use one-letter names that differ only in case ("t" trade id, "T" trade time), so the contracts are read by a
// source-generated context with case-sensitive names (the Web defaults match names case-insensitively).
[WebSocketClient(Discriminator = "e", JsonContext = typeof(BinanceJsonContext))]
[Receives<BinanceTrade>("trade")]
[Receives<BinanceAggTrade>("aggTrade")]
public sealed partial class BinanceRawStreamClient;

[WebSocketClient(Discriminator = "stream", Envelope = "data", JsonContext = typeof(BinanceJsonContext))]
[Receives<BinanceTrade>("*@trade")]
[Receives<BinanceAggTrade>("*@aggTrade")]
[Sends<BinanceSubscribe>(DiscriminatorProperty = "", Envelope = "")]
public sealed partial class BinanceCombinedStreamClient;

public sealed record BinanceTrade(
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("t")] long TradeId,
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("q")] decimal Quantity,
    [property: JsonPropertyName("T")] long TradeTime,
    [property: JsonPropertyName("m")] bool BuyerIsMaker);

public sealed record BinanceAggTrade(
    [property: JsonPropertyName("E")] long EventTime,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("a")] long AggregateTradeId,
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("q")] decimal Quantity,
    [property: JsonPropertyName("f")] long FirstTradeId,
    [property: JsonPropertyName("l")] long LastTradeId,
    [property: JsonPropertyName("T")] long TradeTime,
    [property: JsonPropertyName("m")] bool BuyerIsMaker);

public sealed record BinanceSubscribe(string Method, string[] Params, int Id);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(BinanceTrade))]
[JsonSerializable(typeof(BinanceAggTrade))]
[JsonSerializable(typeof(BinanceSubscribe))]
public sealed partial class BinanceJsonContext : JsonSerializerContext;

public sealed class BinanceTests
{
    // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#trade-streams (Payload), without
    // its comments.
    private const string Trade = """
        {
          "e": "trade",
          "E": 1672515782136,
          "s": "BNBBTC",
          "t": 12345,
          "p": "0.001",
          "q": "100",
          "T": 1672515782136,
          "m": true,
          "M": true
        }
        """;

    // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#aggregate-trade-streams (Payload).
    private const string AggTrade = """
        {
          "e": "aggTrade",
          "E": 1672515782136,
          "s": "BNBBTC",
          "a": 12345,
          "p": "0.001",
          "q": "100",
          "f": 100,
          "l": 105,
          "T": 1672515782136,
          "m": true,
          "M": true
        }
        """;

    private static readonly BinanceTrade s_trade = new(1672515782136, "BNBBTC", 12345, 0.001m, 100m, 1672515782136, BuyerIsMaker: true);
    private static readonly BinanceAggTrade s_aggTrade = new(1672515782136, "BNBBTC", 12345, 0.001m, 100m, 100, 105, 1672515782136, BuyerIsMaker: true);

    [Fact]
    public async Task A_raw_stream_dispatches_by_e()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new BinanceRawStreamClient(url)
        {
            OnBinanceTrade = inbox.Add<BinanceTrade>(),
            OnBinanceAggTrade = inbox.Add<BinanceAggTrade>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(Trade);
        Assert.Equal(s_trade, await inbox.NextAsync<BinanceTrade>());
        await peer.SendAsync(AggTrade);
        Assert.Equal(s_aggTrade, await inbox.NextAsync<BinanceAggTrade>());
        inbox.AssertNoErrors();
    }

    [Fact]
    public async Task A_combined_stream_dispatches_by_the_stream_name_suffix_and_subscribes_without_a_kind()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new BinanceCombinedStreamClient(url)
        {
            OnBinanceTrade = inbox.Add<BinanceTrade>(),
            OnBinanceAggTrade = inbox.Add<BinanceAggTrade>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#subscribe-to-a-stream
        await client.SendAsync(new BinanceSubscribe("SUBSCRIBE", ["btcusdt@aggTrade", "btcusdt@depth"], 1));
        Assert.Equal("""{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth"],"id":1}""", await peer.ReceiveAsync());

        // Its response has no "stream": not a typed message.
        await peer.SendAsync("""{"result": null, "id": 1}""");
        Assert.Equal("""{"result": null, "id": 1}""", (await inbox.NextAsync<Unhandled>()).Text);

        // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#general-wss-information:
        // combined stream events are wrapped as {"stream":"<streamName>","data":<rawPayload>}.
        await peer.SendAsync("{\"stream\":\"bnbbtc@trade\",\"data\":" + Trade + "}");
        Assert.Equal(s_trade, await inbox.NextAsync<BinanceTrade>());
        await peer.SendAsync("{\"stream\":\"bnbbtc@aggTrade\",\"data\":" + AggTrade + "}");
        Assert.Equal(s_aggTrade, await inbox.NextAsync<BinanceAggTrade>());

        // A stream no pattern matches.
        var depth = """{"stream":"bnbbtc@depth5","data":{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}}""";
        await peer.SendAsync(depth);
        Assert.Equal(depth, (await inbox.NextAsync<Unhandled>()).Text);
        inbox.AssertNoErrors();
    }
}
