// DESIGN.md's JSON-RPC 2.0 client against a Kestrel server on loopback driven frame by frame, ids shared by requests
// and subscriptions, and a subscription's telemetry activity.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

public sealed record RpcTick(int N);

// As DESIGN.md writes it: params:[1,2,3] out, result back, notifications by method.
[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
[SendsProperty("jsonrpc", "2.0")]
[Requests<long[], long>("sum")]
[Requests<string[], JsonElement?>("subscribe")]
[Receives<RpcTick>("tick")]
public sealed partial class RpcClient;

[WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String)]
[Requests<GraphQLRequest, ExecutionResult>("query", ErrorDiscriminator = "error", ResponseEnvelope = "payload")]
[Subscribes<GraphQLRequest, ExecutionResult>("subscribe", ItemDiscriminator = "next", CompleteDiscriminator = "complete", StopDiscriminator = "complete")]
public sealed partial class MixedClient;

public sealed class CorrelatedProtocolTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    private static readonly TimeSpan s_timeout = TestTimeouts.Default;

    private static string Next(string id, int n) => $$"""{"id":"{{id}}","type":"next","payload":{"data":{"n":{{n}}""" + "}}}";

    [Fact]
    public async Task Json_rpc_calls_carry_the_constant_and_params_and_complete_with_the_result_or_fail_with_the_error()
    {
        var ticks = new Inbox<RpcTick>("ticks");
        await using var connection = await fixture.Server.ConnectAsync(url => new RpcClient(url) { OnRpcTick = ticks.Add });

        var sum = connection.Client.RequestAsync([1L, 2L, 3L]);
        Assert.Equal("""{"jsonrpc":"2.0","method":"sum","id":1,"params":[1,2,3]}""", await connection.Peer.ReceiveAsync());
        await connection.Peer.SendAsync("""{"jsonrpc":"2.0","method":"tick","params":{"n":5}}""");
        await connection.Peer.SendAsync("""{"jsonrpc":"2.0","result":6,"id":1}""");
        Assert.Equal(6, await sum.WaitAsync(s_timeout));
        Assert.Equal(5, (await ticks.SingleAsync()).N);

        var failing = connection.Client.RequestAsync([1L]);
        Assert.Equal("""{"jsonrpc":"2.0","method":"sum","id":2,"params":[1]}""", await connection.Peer.ReceiveAsync());
        await connection.Peer.SendAsync("""{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":"need two"},"id":2}""");
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(s_timeout));
        Assert.Equal("-32602", error.Code);
        Assert.Equal("Invalid params", error.ErrorMessage);
        Assert.Equal("need two", error.Error.GetProperty("data").GetString());

        // A response type that allows null: Binance's {"result":null,"id":3}.
        var subscribed = connection.Client.RequestAsync(["btcusdt@trade"]);
        Assert.Equal("""{"jsonrpc":"2.0","method":"subscribe","id":3,"params":["btcusdt@trade"]}""", await connection.Peer.ReceiveAsync());
        await connection.Peer.SendAsync("""{"result":null,"id":3}""");
        Assert.Null(await subscribed.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Requests_and_subscriptions_share_one_sequence_of_ids_and_an_error_kind_fails_a_request()
    {
        await using var connection = await fixture.Server.ConnectAsync(url => new MixedClient(url));
        var ids = new HashSet<string>();
        for (var round = 0; round < 3; round++)
        {
            var query = connection.Client.RequestAsync(new GraphQLRequest("{ a }"));
            using (var sent = JsonDocument.Parse(await connection.Peer.ReceiveAsync()))
            {
                var id = sent.RootElement.GetProperty("id").GetString()!;
                Assert.True(ids.Add(id));
                await connection.Peer.SendAsync(Next(id, 1));
            }

            await query.WaitAsync(s_timeout);

            var enumerator = connection.Client.SubscribeAsync(new GraphQLRequest("subscription { b }")).GetAsyncEnumerator();
            var moving = enumerator.MoveNextAsync().AsTask();
            using (var sent = JsonDocument.Parse(await connection.Peer.ReceiveAsync()))
            {
                var id = sent.RootElement.GetProperty("id").GetString()!;
                Assert.True(ids.Add(id));
                await connection.Peer.SendAsync(Next(id, 2));
            }

            Assert.True(await moving.WaitAsync(s_timeout));
            await enumerator.DisposeAsync();
            await connection.Peer.ReceiveAsync(); // its stop message
        }

        Assert.Equal(["1", "2", "3", "4", "5", "6"], ids.Order());

        var failing = connection.Client.RequestAsync(new GraphQLRequest("{ bad }"));
        using var request = JsonDocument.Parse(await connection.Peer.ReceiveAsync());
        await connection.Peer.SendAsync($$"""{"id":"{{request.RootElement.GetProperty("id").GetString()}}","type":"error","payload":[{"message":"bad"}]}""");
        var error = await Assert.ThrowsAsync<WebSocketRequestException>(() => failing.WaitAsync(s_timeout));
        Assert.Equal("bad", error.Error[0].GetProperty("message").GetString());
        Assert.Equal(0, connection.Client.PendingRequestCount);
    }

    [Fact]
    public async Task A_subscription_is_one_activity_from_its_request_to_its_end()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "TypedWebSockets",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var connection = await fixture.Server.ConnectAsync(url => new MixedClient(url));
        var port = new Uri(connection.Client.Url).Port;
        var collecting = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in connection.Client.SubscribeAsync(new GraphQLRequest("subscription { c }")))
            {
                count++;
            }

            return count;
        });
        using var sent = JsonDocument.Parse(await connection.Peer.ReceiveAsync());
        var id = sent.RootElement.GetProperty("id").GetString()!;
        await connection.Peer.SendAsync(Next(id, 1));
        await connection.Peer.SendAsync($$"""{"id":"{{id}}","type":"complete"}""");
        Assert.Equal(1, await collecting.WaitAsync(s_timeout));

        var activity = Assert.Single(stopped, a => a.OperationName == "TypedWebSockets.Subscribe" && Equals(a.GetTagItem("server.port"), port));
        Assert.Equal("subscribe", activity.GetTagItem("rpc.method"));
        Assert.NotEqual(ActivityStatusCode.Error, activity.Status);
    }
}
