using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>Scenario 6's typed contender: <see cref="RpcBenchmarkClient"/>'s <c>RequestAsync(EchoMessage)</c>, awaited.</summary>
public sealed class TypedRpcContender : RequestContender
{
    private RpcBenchmarkClient? _client;

    public override async Task ConnectAsync(EchoServer server)
    {
        _client = new RpcBenchmarkClient(ProtocolEndpoints.JsonRpcUrl(server).ToString(), new WebSocketOptions { Configure = server.Trust });
        await _client.WaitOpenAsync().ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]   // as the limit's: the contender's own frame is not measured
    public override async ValueTask RoundTripAsync(EchoMessage message) => LastResult = await _client!.RequestAsync(message).ConfigureAwait(false);

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Scenario 7's typed contender: <see cref="GraphQLBenchmarkClient"/>'s <c>SubscribeAsync</c>, read with <c>await foreach</c>.</summary>
/// <remarks>
/// The receive loop does not wait for the consumer: items wait in a buffer of <see cref="WebSocketOptions.StreamCapacity"/>,
/// and when it is full the oldest are dropped (reported to <c>OnError</c>). The endpoint streams faster than an
/// <c>await foreach</c> consumer reads, so with the default 1,024 a 20,000-item subscription loses items; here the
/// capacity holds a whole run, and any error fails the run.
/// </remarks>
public sealed class TypedSubscriptionContender : SubscriptionContender
{
    private GraphQLBenchmarkClient? _client;
    private Exception? _error;

    public override async Task ConnectAsync(EchoServer server)
    {
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new WebSocketOptions { Configure = server.Trust, StreamCapacity = 1 << 20 };
        options.SubProtocols.Add(ProtocolEndpoints.GraphQLSubprotocol);
        _client = new GraphQLBenchmarkClient(ProtocolEndpoints.GraphQLUrl(server).ToString(), options)
        {
            OnConnectionAck = _ => acknowledged.TrySetResult(),
            OnError = error => _error ??= error,
        };
        await _client.SendAsync(new ConnectionInit()).ConfigureAwait(false);
        await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask SubscribeToEndAsync(int count)
    {
        var items = 0;
        await foreach (var result in _client!.SubscribeAsync(TicksSubscription.Of(count)).ConfigureAwait(false))
        {
            LastItem = result.Data.Ticks;
            items++;
        }

        ItemsReceived = items;
        if (_error is not null)
        {
            throw new InvalidOperationException("The typed client reported an error during the subscription.", _error);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
