using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// The limit: <see cref="ClientWebSocket"/> driven directly, with <see cref="HandWrittenCodec"/>; no queue, no handlers,
/// no dispatch; pooled async state machines.
/// </summary>
public sealed class HandWrittenContender : EchoContender
{
    private readonly ClientWebSocket _socket = new();
    private readonly HandWrittenCodec _codec = new();
    private byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    public EchoMessage? LastEcho { get; private set; }

    public override Task ConnectAsync(EchoServer server)
    {
        server.Trust(_socket.Options);
        return _socket.ConnectAsync(server.EchoUrl, CancellationToken.None);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask RoundTripAsync(EchoMessage message)
    {
        await _socket.SendAsync(_codec.Serialize(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        await ReceiveOneAsync().ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask PipelineAsync(EchoMessage message, int count)
    {
        var receiving = ReceiveManyAsync(count);
        for (var i = 0; i < count; i++)
        {
            await _socket.SendAsync(_codec.Serialize(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }

        await receiving.ConfigureAwait(false);
    }

    private async Task ReceiveManyAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await ReceiveOneAsync().ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveOneAsync()
    {
        var count = 0;
        while (true)
        {
            if (count == _receiveBuffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_receiveBuffer.Length * 2);
                _receiveBuffer.AsSpan(0, count).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_receiveBuffer);
                _receiveBuffer = bigger;
            }

            var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(count), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The echo server closed the connection.");
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                LastEcho = HandWrittenCodec.ReadEcho(_receiveBuffer.AsSpan(0, count));
                return;
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }

        _socket.Dispose();
        ArrayPool<byte>.Shared.Return(_receiveBuffer);
    }
}
