using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>Scenario 1: one ~100-byte message in flight; send it and wait for its echo. The hand-written ClientWebSocket is the limit.</summary>
[MemoryDiagnoser]
public class EchoRoundTripBenchmarks
{
    private readonly EchoMessage _message = EchoMessage.OfWireSize(100);
    private HandWrittenContender _handWritten = null!;
    private TypedClientContender _typed = null!;
    private RawWebSocketContender _raw = null!;
    private WebsocketClientContender _websocketClient = null!;
    private SignalRContender _signalR = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = await EchoServer.GetSharedAsync();
        _handWritten = new HandWrittenContender();
        _typed = new TypedClientContender();
        _raw = new RawWebSocketContender();
        _websocketClient = new WebsocketClientContender();
        _signalR = new SignalRContender();
        foreach (var contender in new EchoContender[] { _handWritten, _typed, _raw, _websocketClient, _signalR })
        {
            await contender.ConnectAsync(server);
            await contender.RoundTripAsync(_message);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var contender in new EchoContender[] { _handWritten, _typed, _raw, _websocketClient, _signalR })
        {
            await contender.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "ClientWebSocket+STJ (limit)")]
    public ValueTask HandWritten() => _handWritten.RoundTripAsync(_message);

    [Benchmark(Description = "Typed client (generated)")]
    public ValueTask Typed() => _typed.RoundTripAsync(_message);

    [Benchmark(Description = "Our WebSocket+manual JSON")]
    public ValueTask RawWebSocket() => _raw.RoundTripAsync(_message);

    [Benchmark(Description = "Websocket.Client 5.5.1")]
    public ValueTask WebsocketClient() => _websocketClient.RoundTripAsync(_message);

    [Benchmark(Description = "SignalR client 10 (JSON)")]
    public ValueTask SignalR() => _signalR.RoundTripAsync(_message);
}
