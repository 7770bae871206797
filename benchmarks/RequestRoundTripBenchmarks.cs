using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 6: a JSON-RPC 2.0 request round trip, one request in flight: <c>echo</c> with a ~100-byte
/// <see cref="EchoMessage"/> as <c>params</c>, the reply's <c>result</c> deserialized back (the wire is in
/// ProtocolContracts.cs). The hand-written ClientWebSocket is the limit.
/// </summary>
/// <remarks>
/// The typed client's contender (issue 14's <c>RequestAsync</c> on a <c>[WebSocketClient(Discriminator = "method",
/// Envelope = "params", ResponseEnvelope = "result")]</c> with <c>[SendsProperty("jsonrpc", "2.0")]</c>) goes beside
/// the limit: a <see cref="RequestContender"/> in Contenders/, added to <see cref="Contenders"/>, and a
/// <c>[Benchmark(Description = "Typed client, RequestAsync")]</c> method named <c>Typed...</c> (RatioTable computes
/// ours ÷ them for methods whose names start with "Typed").
/// </remarks>
[MemoryDiagnoser]
public class RequestRoundTripBenchmarks
{
    private readonly EchoMessage _message = EchoMessage.OfWireSize(100);
    private HandWrittenRpcContender _handWritten = null!;

    private RequestContender[] Contenders => [_handWritten];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = await EchoServer.GetSharedAsync();
        _handWritten = new HandWrittenRpcContender();
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
}
