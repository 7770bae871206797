using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NetWebSocket = System.Net.WebSockets.WebSocket;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// One whole WebSocket message at a time in a pooled buffer that doubles when a message does not fit: the receive
/// side of the protocol endpoints and of the hand-written protocol contenders. Allocates nothing per message.
/// Not thread-safe: one receive at a time.
/// </summary>
public sealed class MessageBuffer : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _count;

    /// <summary>The last message received.</summary>
    public ReadOnlySpan<byte> Message => _buffer.AsSpan(0, _count);

    /// <summary>Receives the next whole message; false when it is a close frame.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReceiveAsync(NetWebSocket socket, CancellationToken cancellationToken)
    {
        _count = 0;
        while (true)
        {
            if (_count == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _count).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(_count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _count = 0;
                return false;
            }

            _count += result.Count;
            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
