using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>The generated <see cref="EchoClient"/>: typed <c>SendAsync</c>, typed <c>OnEchoMessage</c>.</summary>
public sealed class TypedClientContender : HandlerEchoContender
{
    private EchoClient? _client;

    public override async Task ConnectAsync(EchoServer server)
    {
        _client = new EchoClient(server.EchoUrl.ToString(), new WebSocketOptions { Configure = server.Trust })
        {
            OnEchoMessage = OnEcho,
            OnError = Received.Fail,
        };
        await _client.WaitOpenAsync().ConfigureAwait(false);
    }

    protected override ValueTask SendOneAsync(EchoMessage message) => _client!.SendAsync(message);

    /// <summary>Back to back with the fire-and-forget <c>Send(T)</c>: the queue's writer drains while the caller keeps sending.</summary>
    public async ValueTask PipelineFireAndForgetAsync(EchoMessage message, int count)
    {
        var done = Received.Start(count);
        for (var i = 0; i < count; i++)
        {
            _client!.Send(message);
        }

        await done.ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
