using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 6: a JSON-RPC 2.0 request round trip, one request in flight: <c>echo</c> with a ~100-byte
/// <see cref="EchoMessage"/> as <c>params</c>, the reply's <c>result</c> deserialized back (the wire is in
/// ProtocolContracts.cs). The hand-written ClientWebSocket is the limit; the typed contender is
/// <see cref="RpcBenchmarkClient"/>'s <c>RequestAsync</c> (<c>[Requests&lt;EchoMessage, EchoMessage&gt;("echo")]</c> on
/// <c>[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]</c> with
/// <c>[SendsProperty("jsonrpc", "2.0")]</c>). <c>--protocols</c> runs both side by side in interleaved rounds
/// (<see cref="ProtocolPairedMode"/>).
/// </summary>
[MemoryDiagnoser]
public class RequestRoundTripBenchmarks
{
    private readonly EchoMessage _message = EchoMessage.OfWireSize(100);
    private HandWrittenRpcContender _handWritten = null!;
    private TypedRpcContender _typed = null!;

    private RequestContender[] Contenders => [_handWritten, _typed];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = await EchoServer.GetSharedAsync();
        _handWritten = new HandWrittenRpcContender();
        _typed = new TypedRpcContender();
        foreach (var contender in Contenders)
        {
            await contender.ConnectAsync(server);
            await contender.RoundTripAsync(_message);
            if (contender.LastResult != _message)
            {
                throw new InvalidOperationException($"{contender.GetType().Name} got {contender.LastResult} back for {_message}.");
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
    public ValueTask HandWritten() => _handWritten.RoundTripAsync(_message);

    [Benchmark(Description = "Typed client, RequestAsync")]
    public ValueTask TypedRequestAsync() => _typed.RoundTripAsync(_message);
}
