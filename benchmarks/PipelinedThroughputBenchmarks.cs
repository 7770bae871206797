using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 2: <see cref="MessageCount"/> messages sent back to back (each send awaited, as ClientWebSocket requires;
/// the typed client also with its fire-and-forget <c>Send</c>) while the echoes are received, then wait for the last echo. One operation = all the messages; divide by
/// <see cref="MessageCount"/> for per-message figures (quick mode prints them).
/// </summary>
[MemoryDiagnoser]
public class PipelinedThroughputBenchmarks
{
    /// <summary>Messages per operation: 10,000 in full mode; quick mode lowers it (it runs in-process).</summary>
    public static int MessageCount { get; set; } = 10_000;

    private EchoMessage _message = null!;
    private HandWrittenContender _handWritten = null!;
    private TypedClientContender _typed = null!;
    private RawWebSocketContender _raw = null!;
    private WebsocketClientContender _websocketClient = null!;
    private SignalRContender _signalR = null!;

    /// <summary>Approximate size of one message on the wire.</summary>
    [Params(100, 1024, 16 * 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = EchoMessage.OfWireSize(PayloadBytes);
        var server = await EchoServer.GetSharedAsync();
        _handWritten = new HandWrittenContender();
        _typed = new TypedClientContender();
        _raw = new RawWebSocketContender();
        _websocketClient = new WebsocketClientContender();
        _signalR = new SignalRContender();
        foreach (var contender in new EchoContender[] { _handWritten, _typed, _raw, _websocketClient, _signalR })
        {
            await contender.ConnectAsync(server);
            await contender.PipelineAsync(_message, 10);
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
    public ValueTask HandWritten() => _handWritten.PipelineAsync(_message, MessageCount);

    [Benchmark(Description = "Typed client (generated)")]
    public ValueTask Typed() => _typed.PipelineAsync(_message, MessageCount);

    [Benchmark(Description = "Typed client, Send(T) (fire-and-forget)")]
    public ValueTask TypedSend() => _typed.PipelineFireAndForgetAsync(_message, MessageCount);

    [Benchmark(Description = "Our WebSocket+manual JSON")]
    public ValueTask RawWebSocket() => _raw.PipelineAsync(_message, MessageCount);

    [Benchmark(Description = "Websocket.Client 5.5.1")]
    public ValueTask WebsocketClient() => _websocketClient.PipelineAsync(_message, MessageCount);

    [Benchmark(Description = "SignalR client 10 (JSON)")]
    public ValueTask SignalR() => _signalR.PipelineAsync(_message, MessageCount);
}
