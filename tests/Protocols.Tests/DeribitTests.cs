using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

// Deribit's JSON-RPC 2.0 API: every sent message carries "jsonrpc":"2.0"; notifications are
// {"method":"subscription","params":{"channel":"<channel>","data":{...}}}, matched by a channel prefix and read from
// params.data. Requests with their replies (id, result) are not typed here: the subscribe answer is unhandled.
[WebSocketClient(Discriminator = "method", Envelope = "params", PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[SendsProperty("jsonrpc", "2.0")]
[Receives<DeribitPriceIndex>("deribit_price_index.*", DiscriminatorProperty = "/params/channel", Envelope = "/params/data")]
[Receives<DeribitHeartbeat>("heartbeat")]
[Sends<DeribitSubscribe>("public/subscribe", Envelope = "")]
[Sends<DeribitTest>("public/test", Envelope = "")]
public sealed partial class DeribitClient;

public sealed record DeribitChannels(string[] Channels);

public sealed record DeribitSubscribe(int Id, DeribitChannels Params);

public sealed record DeribitNoParameters;

public sealed record DeribitTest(int Id, DeribitNoParameters Params);

public sealed record DeribitPriceIndex(long Timestamp, decimal Price, string IndexName);

public sealed record DeribitHeartbeat(string Type);

public sealed class DeribitTests
{
    // https://docs.deribit.com/#deribit_price_index-index_name (Response example: the notification)
    private const string PriceIndex = """
        {
          "jsonrpc": "2.0",
          "method": "subscription",
          "params": {
            "channel": "deribit_price_index.btc_usd",
            "data": {
              "timestamp": 1550588002899,
              "price": 3937.89,
              "index_name": "btc_usd"
            }
          }
        }
        """;

    // https://docs.deribit.com/#public-set_heartbeat: the server's test_request heartbeat.
    private const string Heartbeat = """{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}""";

    // https://docs.deribit.com/#public-subscribe (Response example)
    private const string Subscribed = """
        {
          "jsonrpc": "2.0",
          "id": 3600,
          "result": [
            "deribit_price_index.btc_usd"
          ]
        }
        """;

    [Fact]
    public async Task Notifications_by_channel_prefix_read_from_params_data_and_every_sent_message_says_jsonrpc()
    {
        await using var server = await ReplayServer.StartAsync();
        var (url, accepted) = server.Accept();
        var inbox = new Inbox();
        using var client = new DeribitClient(url)
        {
            OnDeribitPriceIndex = inbox.Add<DeribitPriceIndex>(),
            OnDeribitHeartbeat = inbox.Add<DeribitHeartbeat>(),
            OnUnhandledMessage = inbox.AddUnhandled,
            OnError = inbox.AddError,
        };
        var peer = await accepted;

        // https://docs.deribit.com/#public-subscribe (Request example)
        await client.SendAsync(new DeribitSubscribe(3600, new DeribitChannels(["deribit_price_index.btc_usd"])));
        Assert.Equal("""{"jsonrpc":"2.0","method":"public/subscribe","id":3600,"params":{"channels":["deribit_price_index.btc_usd"]}}""", await peer.ReceiveAsync());
        await peer.SendAsync(Subscribed);
        Assert.Equal(Subscribed, (await inbox.NextAsync<Unhandled>()).Text);

        await peer.SendAsync(PriceIndex);
        Assert.Equal(new DeribitPriceIndex(1550588002899, 3937.89m, "btc_usd"), await inbox.NextAsync<DeribitPriceIndex>());

        // A notification of a channel no pattern matches.
        var book = PriceIndex.Replace("deribit_price_index.btc_usd", "book.BTC-PERPETUAL.100ms", System.StringComparison.Ordinal);
        await peer.SendAsync(book);
        Assert.Equal(book, (await inbox.NextAsync<Unhandled>()).Text);

        await peer.SendAsync(Heartbeat);
        Assert.Equal("test_request", (await inbox.NextAsync<DeribitHeartbeat>()).Type);

        // https://docs.deribit.com/#public-test: the answer a test_request asks for.
        await client.SendAsync(new DeribitTest(8212, new DeribitNoParameters()));
        Assert.Equal("""{"jsonrpc":"2.0","method":"public/test","id":8212,"params":{}}""", await peer.ReceiveAsync());
        inbox.AssertNoErrors();
    }
}
