using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 4: the send path alone, against the server's <c>/sink</c> (which reads and discards). A batch of
/// <see cref="BatchSize"/> messages of about <see cref="PayloadBytes"/> per operation; figures are per message. The
/// message object is created once, so steady-state allocations are the send path's own.
/// </summary>
[MemoryDiagnoser]
public class SendPathBenchmarks
{
    public const int BatchSize = 100;

    private EchoMessage _message = null!;
    private readonly HandWrittenCodec _codec = new();
    private ClientWebSocket _socket = null!;
    private EchoClient _client = null!;

    /// <summary>The size of each message on the wire, in bytes.</summary>
    [Params(100, 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = EchoMessage.OfWireSize(PayloadBytes);
        var server = await EchoServer.GetSharedAsync();
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(server.SinkUrl, CancellationToken.None);
        _client = new EchoClient(server.SinkUrl.ToString());
        await _client.WaitOpenAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync();
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        _socket.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize, Description = "Serialize + ClientWebSocket.SendAsync (limit)")]
    public async Task HandWritten()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            await _socket.SendAsync(_codec.Serialize(_message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Typed SendAsync(T), awaited")]
    public async Task TypedSendAsync()
    {
        for (var i = 0; i < BatchSize; i++)
        {
            await _client.SendAsync(_message);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Typed Send(T) x99 + SendAsync(T)")]
    public async Task TypedSend()
    {
        for (var i = 0; i < BatchSize - 1; i++)
        {
            _client.Send(_message);
        }

        // Sends are written in order, so the last one completing means the batch is on the wire.
        await _client.SendAsync(_message);
    }
}
