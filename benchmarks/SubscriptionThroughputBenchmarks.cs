using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 7: subscription item throughput over graphql-transport-ws: subscribe to <see cref="ItemCount"/> items
/// (~100 bytes each on the wire) and read every <c>next</c>, its payload deserialized into a <see cref="TicksResult"/>,
/// up to the <c>complete</c> (the wire is in ProtocolContracts.cs). One operation = the whole subscription; divide by
/// <see cref="ItemCount"/> for per-item figures (the ratio table does). The hand-written ClientWebSocket is the limit;
/// the typed contender is <see cref="GraphQLBenchmarkClient"/>'s <c>SubscribeAsync</c> (<c>[Subscribes&lt;TicksSubscription,
/// TicksResult&gt;("subscribe", ItemDiscriminator = "next", CompleteDiscriminator = "complete", ...)]</c> on a client with
/// <c>Envelope = "payload"</c> and <c>CorrelationIdFormat = String</c>), consumed with <c>await foreach</c>.
/// <c>--protocols</c> runs both side by side in interleaved rounds (<see cref="ProtocolPairedMode"/>).
/// </summary>
[MemoryDiagnoser]
public class SubscriptionThroughputBenchmarks
{
    /// <summary>Items per operation.</summary>
    public static int ItemCount { get; set; } = 10_000;

    private HandWrittenSubscriptionContender _handWritten = null!;
    private TypedSubscriptionContender _typed = null!;

    private SubscriptionContender[] Contenders => [_handWritten, _typed];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = await EchoServer.GetSharedAsync();
        _handWritten = new HandWrittenSubscriptionContender();
        _typed = new TypedSubscriptionContender();
        foreach (var contender in Contenders)
        {
            await contender.ConnectAsync(server);
            await contender.SubscribeToEndAsync(10);
            if (contender.ItemsReceived != 10 || contender.LastItem?.N != 10)
            {
                throw new InvalidOperationException($"{contender.GetType().Name} read {contender.ItemsReceived} items, the last {contender.LastItem}, of a subscription to 10.");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var contender in Contenders)
        {
            await contender.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "ClientWebSocket+STJ (limit)")]
    public ValueTask HandWritten() => _handWritten.SubscribeToEndAsync(ItemCount);

    [Benchmark(Description = "Typed client, SubscribeAsync")]
    public ValueTask TypedSubscribeAsync() => _typed.SubscribeToEndAsync(ItemCount);
}
