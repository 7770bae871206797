using System;
using System.Linq;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.RealServers.Tests.JsonRpc;

/// <summary>
/// The typed JSON-RPC 2.0 clients (<see cref="RpcClient"/>: params by name; <see cref="PositionalRpcClient"/>: by
/// position; <see cref="DesignRpcClient"/>: DESIGN's example as written) against StreamJsonRpc on Kestrel: results,
/// error replies, server notifications and a thousand calls at once. The wire is pinned down by <see cref="JsonRpcServerTests"/>.
/// </summary>
public sealed class JsonRpcClientTests(JsonRpcServer server) : IClassFixture<JsonRpcServer>
{
    [Fact]
    public async Task Calls_with_params_by_name_get_their_results()
    {
        var tag = JsonRpcServer.NewClient();
        await using var client = await ConnectAsync(new RpcClient(server.Url(tag).ToString()));

        Assert.Equal(6, await client.RequestAsync(new SumParams([1, 2, 3])));
        Assert.Equal("Hello, ada! Hello, ada!", await client.RequestAsync(new GreetParams("ada", 2)));
        Assert.Equal(new EchoMessage("hi", 7), await client.RequestAsync(new EchoMessage("hi", 7)));

        await client.CloseAsync(1000, "done");
        await server.EndedAsync(tag);
        Assert.Empty(server.Faults(tag));
    }

    [Fact]
    public async Task Calls_with_params_by_position_get_their_results_when_the_array_holds_one_element_per_parameter()
    {
        await using var client = await ConnectAsync(new PositionalRpcClient(server.Url(JsonRpcServer.NewClient()).ToString()));

        Assert.Equal(10, await client.RequestAsync(new long[][] { [1, 2, 3, 4] }));
        Assert.Equal("Hello, ada!", await client.RequestAsync(new[] { "ada" }));
    }

    [Fact]
    public async Task The_design_examples_long_array_request_is_refused_by_StreamJsonRpc_as_three_positional_arguments()
    {
        await using var client = await ConnectAsync(new DesignRpcClient(server.Url(JsonRpcServer.NewClient()).ToString()));

        // "params":[1,2,3] is three arguments by position; sum takes one (an array), so no overload matches.
        var refused = await Assert.ThrowsAsync<WebSocketRequestException>(() => client.RequestAsync(new long[] { 1, 2, 3 }));

        Assert.Equal("-32602", refused.Code);
        Assert.StartsWith("Unable to find method 'sum/3'", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(typeof(long[]), refused.RequestType);
    }

    [Fact]
    public async Task An_error_reply_fails_the_call_with_its_code_message_and_data()
    {
        await using var client = await ConnectAsync(new RpcClient(server.Url(JsonRpcServer.NewClient()).ToString()));

        var failed = await Assert.ThrowsAsync<WebSocketRequestException>(() => client.RequestAsync(new FailParams("because")));

        Assert.Equal(RpcTarget.FailCode.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Code);
        Assert.Equal("fail: because", failed.ErrorMessage);
        Assert.Equal(typeof(FailParams), failed.RequestType);
        var data = failed.Error.GetProperty("data");
        Assert.Equal(("because", 3), (data.GetProperty("reason").GetString(), data.GetProperty("attempts").GetInt32()));

        // The connection goes on.
        Assert.Equal(3, await client.RequestAsync(new SumParams([1, 2])));
    }

    [Fact]
    public async Task A_method_the_server_does_not_have_is_a_32601_error_reply()
    {
        await using var client = await ConnectAsync(new RpcClient(server.Url(JsonRpcServer.NewClient()).ToString()));

        var failed = await Assert.ThrowsAsync<WebSocketRequestException>(() => client.RequestAsync(new NopeParams()));

        Assert.Equal("-32601", failed.Code);
        Assert.Equal("No method by the name 'nope' is found.", failed.ErrorMessage);
    }

    [Fact]
    public async Task Server_notifications_reach_the_typed_handler_in_order_before_the_reply()
    {
        var ticks = Channel.CreateUnbounded<Tick>();
        await using var client = await ConnectAsync(new RpcClient(server.Url(JsonRpcServer.NewClient()).ToString())
        {
            OnTick = tick => ticks.Writer.TryWrite(tick),
        });

        Assert.Equal(3, await client.RequestAsync(new StartTicksParams(3)));

        for (var n = 1; n <= 3; n++)
        {
            Assert.Equal(new Tick(n), await ticks.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default));
        }

        Assert.False(ticks.Reader.TryRead(out var extra), $"A fourth tick: {extra}.");
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_each_complete_with_their_own_reply()
    {
        const int Calls = 1000;
        var tag = JsonRpcServer.NewClient();
        await using var client = await ConnectAsync(new RpcClient(server.Url(tag).ToString()));

        // Call i waits a delay no other call has (a permutation of 0..999 ms), so replies come back reordered and each
        // result says which call it answers.
        static int DelayOf(int call) => call * 7 % Calls;
        var calls = Enumerable.Range(0, Calls)
            .Select(call => client.RequestAsync(new SlowParams(DelayOf(call)), timeout: TimeSpan.FromSeconds(60)))
            .ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(Enumerable.Range(0, Calls).Select(DelayOf), results);
        Assert.Equal(0, client.PendingRequestCount);
        Assert.Empty(server.Faults(tag));
    }

    private static async Task<T> ConnectAsync<T>(T client)
        where T : WebSocket
    {
        try
        {
            await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
