using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Bybit v5 public streams: data messages are named by "topic" ("orderbook.50.BTCUSDT", "publicTrade.BTCUSDT"), matched
// by prefix patterns; the answers to operations have no topic and are named by "op". Snake-case names by a
// source-generated context, case-sensitive because trades have both "s" (symbol) and "S" (side).
[WebSocketClient(Discriminator = "topic", Envelope = "data", JsonContext = typeof(BybitJsonContext))]
[Receives<BybitOrderbook>("orderbook.*", Envelope = "")]
[Receives<BybitTrade[]>("publicTrade.*")]
[Receives<BybitOperationResult>("subscribe", DiscriminatorProperty = "op", Envelope = "")]
[Sends<BybitSubscribe>("subscribe", DiscriminatorProperty = "op", Envelope = "")]
public sealed partial class BybitClient;

public sealed record BybitOrderbookData(
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("b")] string[][] Bids,
    [property: JsonPropertyName("a")] string[][] Asks,
    [property: JsonPropertyName("u")] long UpdateId,
    long Seq);

// Read whole for type, ts and cts beside data; the topic itself is the kind (a contract may not repeat it).
public sealed record BybitOrderbook(string Type, long Ts, BybitOrderbookData Data, long Cts);

public sealed record BybitTrade(
    [property: JsonPropertyName("T")] long Time,
    [property: JsonPropertyName("s")] string Symbol,
    [property: JsonPropertyName("S")] string Side,
    [property: JsonPropertyName("v")] decimal Size,
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("L")] string Direction,
    [property: JsonPropertyName("i")] string TradeId,
    [property: JsonPropertyName("BT")] bool BlockTrade);

public sealed record BybitOperationResult(bool Success, string RetMsg, string ConnId, string? ReqId);

public sealed record BybitSubscribe(string[] Args, string? ReqId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(BybitOrderbook))]
[JsonSerializable(typeof(BybitTrade[]))]
[JsonSerializable(typeof(BybitOperationResult))]
[JsonSerializable(typeof(BybitSubscribe))]
public sealed partial class BybitJsonContext : JsonSerializerContext;

public sealed class BybitTests
{
    // https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook (Response Example, snapshot), with the
    // "..." of elided levels left out.
    private const string Orderbook = """
        {
            "topic": "orderbook.50.BTCUSDT",
            "type": "snapshot",
            "ts": 1672304484978,
            "data": {
                "s": "BTCUSDT",
                "b": [
                    [
                        "16493.50",
                        "0.006"
                    ],
                    [
                        "16493.00",
                        "0.100"
                    ]
                ],
                "a": [
                    [
                        "16611.00",
                        "0.029"
                    ],
                    [
                        "16612.00",
                        "0.213"
                    ]
                ],
            "u": 18521288,
            "seq": 7961638724
            },
            "cts": 1672304484976
        }
        """;

    // https://bybit-exchange.github.io/docs/v5/websocket/public/trade (Response Example)
    private const string PublicTrade = """
        {
            "topic": "publicTrade.BTCUSDT",
            "type": "snapshot",
            "ts": 1672304486868,
            "data": [
                {
                    "T": 1672304486865,
                    "s": "BTCUSDT",
                    "S": "Buy",
                    "v": "0.001",
                    "p": "16578.50",
                    "L": "PlusTick",
                    "i": "20f43950-d8dd-5b31-9112-a178eb6023af",
                    "BT": false
                }
            ]
        }
        """;

    // https://bybit-exchange.github.io/docs/v5/ws/connect (How to Subscribe to Topics: the subscription response)
    private const string Subscribed = """
        {
            "success": true,
            "ret_msg": "subscribe",
            "conn_id": "2324d924-aa4d-45b0-a858-7b8be29ab52b",
            "req_id": "10001",
            "op": "subscribe"
        }
        """;

    [Fact]
    public async Task Topics_by_prefix_and_operation_results_by_op_go_to_their_typed_handlers()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new BybitClient(url)
        {
            OnBybitOrderbook = inbox.Add<BybitOrderbook>(),
            OnBybitTradeArray = inbox.Add<BybitTrade[]>(),
            OnBybitOperationResult = inbox.Add<BybitOperationResult>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://bybit-exchange.github.io/docs/v5/ws/connect (How to Subscribe to Topics)
        await client.SendAsync(new BybitSubscribe(["orderbook.50.BTCUSDT", "publicTrade.BTCUSDT"], "10001"));
        Assert.Equal("""{"op":"subscribe","args":["orderbook.50.BTCUSDT","publicTrade.BTCUSDT"],"req_id":"10001"}""", await peer.ReceiveAsync());
        await peer.SendAsync(Subscribed);
        Assert.Equal(new BybitOperationResult(true, "subscribe", "2324d924-aa4d-45b0-a858-7b8be29ab52b", "10001"), await inbox.NextAsync<BybitOperationResult>());

        await peer.SendAsync(Orderbook);
        var book = await inbox.NextAsync<BybitOrderbook>();
        Assert.Equal(("snapshot", 1672304484978L, 1672304484976L), (book.Type, book.Ts, book.Cts));
        Assert.Equal(("BTCUSDT", 18521288L, 7961638724L), (book.Data.Symbol, book.Data.UpdateId, book.Data.Seq));
        Assert.Equal([["16493.50", "0.006"], ["16493.00", "0.100"]], book.Data.Bids);
        Assert.Equal([["16611.00", "0.029"], ["16612.00", "0.213"]], book.Data.Asks);

        await peer.SendAsync(PublicTrade);
        var trade = Assert.Single(await inbox.NextAsync<BybitTrade[]>());
        Assert.Equal(new BybitTrade(1672304486865, "BTCUSDT", "Buy", 0.001m, 16578.50m, "PlusTick", "20f43950-d8dd-5b31-9112-a178eb6023af", BlockTrade: false), trade);

        // The pong of Bybit's application-level ping has an "op" no contract declares.
        var pong = """{"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","op":"ping"}""";
        await peer.SendAsync(pong);
        Assert.Equal(pong, (await inbox.NextAsync<Unhandled>()).Text);
        inbox.AssertNoErrors();
    }
}
