using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// OKX v5 public channels: data pushes are named by arg.channel and carry a data array; operation answers are named by
// "event", and the subscribe answer has an arg.channel too, so the event contracts come first. OKX's keep-alive is the
// text "ping", answered by the text "pong": a plain-text message, not broken JSON.
[WebSocketClient(Discriminator = "/arg/channel", Envelope = "data", PlainTextMessages = ["pong"])]
[Receives<OkxSubscribed>("subscribe", DiscriminatorProperty = "event", Envelope = "")]
[Receives<OkxError>("error", DiscriminatorProperty = "event", Envelope = "")]
[Receives<OkxTicker[]>("tickers")]
[Sends<OkxSubscribe>("subscribe", DiscriminatorProperty = "op", Envelope = "")]
public sealed partial class OkxClient;

public sealed record OkxArgument(string Channel, string InstId);

public sealed record OkxSubscribe(string Id, OkxArgument[] Args);

public sealed record OkxSubscribed(string? Id, OkxArgument Arg, string ConnId);

public sealed record OkxError(string Code, string Msg, string ConnId);

public sealed record OkxTicker(string InstType, string InstId, decimal Last, decimal LastSz, decimal AskPx, decimal AskSz, decimal BidPx, decimal BidSz, decimal Open24h, decimal High24h, decimal Low24h, decimal VolCcy24h, decimal Vol24h, long Ts);

public sealed class OkxTests
{
    // https://www.okx.com/docs-v5/en/#public-data-websocket-tickers-channel (Response example)
    private const string Subscribed = """
        {
          "id": "1512",
          "event": "subscribe",
          "arg": {
            "channel": "tickers",
            "instId": "BTC-USDT"
          },
          "connId": "a4d3ae55"
        }
        """;

    // https://www.okx.com/docs-v5/en/#public-data-websocket-tickers-channel (Push data example)
    private const string Tickers = """
        {
          "arg": {
            "channel": "tickers",
            "instId": "BTC-USDT"
          },
          "data": [
            {
              "instType": "SPOT",
              "instId": "BTC-USDT",
              "last": "9999.99",
              "lastSz": "0.1",
              "askPx": "9999.99",
              "askSz": "11",
              "bidPx": "8888.88",
              "bidSz": "5",
              "open24h": "9000",
              "high24h": "10000",
              "low24h": "8888.88",
              "volCcy24h": "2222",
              "vol24h": "2222",
              "sodUtc0": "2222",
              "sodUtc8": "2222",
              "ts": "1597026383085"
            }
          ]
        }
        """;

    // https://www.okx.com/docs-v5/en/#public-data-websocket-tickers-channel (Failure example)
    private const string Error = """
        {
          "id": "1512",
          "event": "error",
          "code": "60012",
          "msg": "Invalid request: {\"op\": \"subscribe\", \"argss\":[{ \"channel\" : \"tickers\", \"instId\" : \"LTC-USD-200327\"}]}",
          "connId": "a4d3ae55"
        }
        """;

    [Fact]
    public async Task Events_first_then_channels_and_the_plain_text_pong_is_not_an_error()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new OkxClient(url)
        {
            OnOkxSubscribed = inbox.Add<OkxSubscribed>(),
            OnOkxError = inbox.Add<OkxError>(),
            OnOkxTickerArray = inbox.Add<OkxTicker[]>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://www.okx.com/docs-v5/en/#public-data-websocket-tickers-channel (Request example)
        await client.SendAsync(new OkxSubscribe("1512", [new OkxArgument("tickers", "BTC-USDT")]));
        Assert.Equal("""{"op":"subscribe","id":"1512","args":[{"channel":"tickers","instId":"BTC-USDT"}]}""", await peer.ReceiveAsync());

        await peer.SendAsync(Subscribed);
        Assert.Equal(new OkxSubscribed("1512", new OkxArgument("tickers", "BTC-USDT"), "a4d3ae55"), await inbox.NextAsync<OkxSubscribed>());

        await peer.SendAsync(Tickers);
        var ticker = Assert.Single(await inbox.NextAsync<OkxTicker[]>());
        Assert.Equal(new OkxTicker("SPOT", "BTC-USDT", 9999.99m, 0.1m, 9999.99m, 11m, 8888.88m, 5m, 9000m, 10000m, 8888.88m, 2222m, 2222m, 1597026383085), ticker);

        await peer.SendAsync(Error);
        var error = await inbox.NextAsync<OkxError>();
        Assert.Equal(("60012", "a4d3ae55"), (error.Code, error.ConnId));
        Assert.StartsWith("Invalid request: {\"op\": \"subscribe\", \"argss\"", error.Msg);

        // https://www.okx.com/docs-v5/en/#overview-websocket-connect: the client sends "ping", the server answers "pong".
        await client.SendAsync("ping");
        Assert.Equal("ping", await peer.ReceiveAsync());
        await peer.SendAsync("pong");
        Assert.Equal("pong", (await inbox.NextAsync<Unhandled>()).Text);

        // Text that is neither JSON nor a declared plain-text message is still reported.
        await peer.SendAsync("pang");
        var broken = await inbox.NextAsync<MessageContractException>();
        Assert.Equal("pang", broken.MessageExcerpt);
    }
}
