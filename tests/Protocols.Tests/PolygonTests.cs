using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Polygon.io (Massive) stocks WebSocket: every server message is a JSON array of events named by "ev"; the client's
// messages are {"action":..,"params":..} with no kind property of the client's format.
[WebSocketClient(Discriminator = "ev", Batches = true)]
[Receives<PolygonStatus>("status")]
[Receives<PolygonTrade>("T")]
[Receives<PolygonQuote>("Q")]
[Sends<PolygonAction>(DiscriminatorProperty = "")]
public sealed partial class PolygonClient;

public sealed record PolygonStatus(string Status, string Message);

public sealed record PolygonAction(string Action, string Params);

public sealed record PolygonTrade(
    [property: JsonPropertyName("sym")] string Symbol,
    [property: JsonPropertyName("x")] int Exchange,
    [property: JsonPropertyName("i")] string TradeId,
    [property: JsonPropertyName("z")] int Tape,
    [property: JsonPropertyName("p")] decimal Price,
    [property: JsonPropertyName("s")] int Size,
    [property: JsonPropertyName("c")] int[] Conditions,
    [property: JsonPropertyName("t")] long Timestamp,
    [property: JsonPropertyName("q")] long SequenceNumber);

public sealed record PolygonQuote(
    [property: JsonPropertyName("sym")] string Symbol,
    [property: JsonPropertyName("bx")] int BidExchange,
    [property: JsonPropertyName("bp")] decimal BidPrice,
    [property: JsonPropertyName("bs")] int BidSize,
    [property: JsonPropertyName("ax")] int AskExchange,
    [property: JsonPropertyName("ap")] decimal AskPrice,
    [property: JsonPropertyName("as")] int AskSize,
    [property: JsonPropertyName("c")] int Condition,
    [property: JsonPropertyName("t")] long Timestamp,
    [property: JsonPropertyName("z")] int Tape);

public sealed class PolygonTests
{
    // https://polygon.io/docs/websocket/quickstart (Connecting, authenticating, subscribing)
    private const string Connected = """[{"ev":"status","status":"connected","message":"Connected Successfully"}]""";
    private const string Authenticated = """[{"ev":"status","status":"auth_success","message":"authenticated"}]""";

    // https://polygon.io/docs/websocket/stocks/trades (Response Object example)
    private const string Trade = """
        {
          "ev": "T",
          "sym": "MSFT",
          "x": 4,
          "i": "12345",
          "z": 3,
          "p": 114.125,
          "s": 100,
          "c": [
            0,
            12
          ],
          "t": 1536036818784,
          "q": 3681328
        }
        """;

    // https://polygon.io/docs/websocket/stocks/quotes (Response Object example)
    private const string Quote = """
        {
          "ev": "Q",
          "sym": "MSFT",
          "bx": 4,
          "bp": 114.125,
          "bs": 100,
          "ax": 7,
          "ap": 114.128,
          "as": 160,
          "c": 0,
          "t": 1536036818784,
          "z": 3
        }
        """;

    [Fact]
    public async Task Status_trades_and_quotes_arrive_as_batches_and_actions_have_no_kind()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new PolygonClient(url)
        {
            OnPolygonStatus = inbox.Add<PolygonStatus>(),
            OnPolygonTrade = inbox.Add<PolygonTrade>(),
            OnPolygonQuote = inbox.Add<PolygonQuote>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        await peer.SendAsync(Connected);
        Assert.Equal(new PolygonStatus("connected", "Connected Successfully"), await inbox.NextAsync<PolygonStatus>());

        await client.SendAsync(new PolygonAction("auth", "YOUR_API_KEY"));
        Assert.Equal("""{"action":"auth","params":"YOUR_API_KEY"}""", await peer.ReceiveAsync());
        await peer.SendAsync(Authenticated);
        Assert.Equal(new PolygonStatus("auth_success", "authenticated"), await inbox.NextAsync<PolygonStatus>());

        await client.SendAsync(new PolygonAction("subscribe", "T.MSFT,Q.MSFT"));
        Assert.Equal("""{"action":"subscribe","params":"T.MSFT,Q.MSFT"}""", await peer.ReceiveAsync());

        // Several events in one message, dispatched in order; an event type the client does not declare in between.
        var aggregate = """{"ev":"AM","sym":"MSFT","v":10204,"s":1536036818784,"e":1536036878784}""";
        await peer.SendAsync("[" + Trade + "," + aggregate + "," + Quote + "]");
        var trade = await inbox.NextAsync<PolygonTrade>();
        Assert.Equal([0, 12], trade.Conditions);
        Assert.Equal(new PolygonTrade("MSFT", 4, "12345", 3, 114.125m, 100, trade.Conditions, 1536036818784, 3681328), trade);
        Assert.Equal(aggregate, (await inbox.NextAsync<Unhandled>()).Text);
        Assert.Equal(new PolygonQuote("MSFT", 4, 114.125m, 100, 7, 114.128m, 160, 0, 1536036818784, 3), await inbox.NextAsync<PolygonQuote>());
        inbox.AssertNoErrors();
    }
}
