using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// Liveness: WebSocketOptions.IdleTimeout counts every byte received, below TLS, so protocol pings and pongs keep a quiet
// connection alive while a dead one (nothing at all arrives) is aborted within the timeout.
public partial class WebSocket
{
    private long _receiveReads;

    // How many reads from the TCP stream returned data, over all connections (for tests).
    internal long ReceiveReads => Interlocked.Read(ref _receiveReads);

    private IDisposable? StartIdleWatchdog(Connection connection)
    {
        if (_options.IdleTimeout is not { } idle)
        {
            return null;
        }

        var time = _options.TimeProvider;
        Interlocked.Exchange(ref connection.LastReceived, time.GetTimestamp());
        var period = idle / 4;
        return time.CreateTimer(
            static state =>
            {
                var (self, connection, idle) = ((WebSocket, Connection, TimeSpan))state!;
                if (self._options.TimeProvider.GetElapsedTime(Interlocked.Read(ref connection.LastReceived)) >= idle)
                {
                    connection.IdleTimedOut = true;
                    connection.Socket.Abort();
                }
            },
            (this, connection, idle),
            period,
            period);
    }

    private void RecordReceived(Connection connection)
    {
        Interlocked.Exchange(ref connection.LastReceived, _options.TimeProvider.GetTimestamp());
        Interlocked.Increment(ref _receiveReads);
    }

    // ClientWebSocket does not show pongs; the TCP stream below TLS does.
    private sealed class TrafficCountingStream(Stream inner, WebSocket owner, Connection connection) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanWrite => inner.CanWrite;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            => inner.WriteAsync(buffer, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();

        private int Count(int read)
        {
            if (read > 0)
            {
                owner.RecordReceived(connection);
            }

            return read;
        }
    }
}
