using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

/// <summary>
/// The write buffer of one HTTP/1.1 connection, between <see cref="System.Net.WebSockets.ClientWebSocket"/> and the
/// transport (above TLS: installed by <see cref="System.Net.Http.SocketsHttpHandler.PlaintextStreamFilter"/>). Every
/// frame stays a frame of its own; frames the socket's writer writes back to back leave in one transport write.
/// </summary>
/// <remarks>
/// <para>Only the socket's writer buffers, and only while it writes a message (<see cref="Buffering"/>); it owes a
/// <see cref="FlushBufferAsync"/> whenever it has nothing more to add. A frame ClientWebSocket writes on its own (a pong
/// answering a ping, a keep-alive, a close) is never held back: it is written at once, after whatever is buffered.</para>
/// <para>Two buffers: while one is being written to the transport, frames go into the other, so a flush never holds up a
/// sender. <see cref="_sync"/> guards the buffers (never held across I/O); <see cref="_io"/> is held by whoever writes to
/// the transport, so transport writes happen one at a time and in order.</para>
/// <para>Every frame gets a sequence number (<see cref="Sequence"/>); <see cref="FlushedSequence"/> is the last one known
/// written to the transport. A failed transport write is latched: every later write and flush fails with it, and the
/// frames after <see cref="FlushedSequence"/> are the ones not known written (the socket's writer resends or reports the
/// messages they carried).</para>
/// </remarks>
internal sealed class ConnectionStream : Stream
{
    /// <summary>The size of each buffer: frames larger than this are written through, after what is buffered.</summary>
    public const int Capacity = 16 * 1024;

    private readonly Stream _inner;
    private readonly object _sync = new();
    private readonly AsyncGate _io = new();
    private byte[] _fill = new byte[Capacity];
    private byte[] _spare = new byte[Capacity];
    private int _count;
    private long _sequence;
    private long _flushedSequence;
    private volatile bool _buffering;
    private long _writes;
    private Exception? _failure;

    public ConnectionStream(Stream inner) => _inner = inner;

    /// <summary>Set by the socket's writer (holding its write lock) around its own frame writes: such a frame, if it fits, is buffered.</summary>
    public bool Buffering
    {
        get => _buffering;
        set => _buffering = value;
    }

    /// <summary>The sequence number of the last frame written to this stream (buffered or not).</summary>
    public long Sequence => Volatile.Read(ref _sequence);

    /// <summary>The sequence number of the last frame known written to the transport.</summary>
    public long FlushedSequence => Volatile.Read(ref _flushedSequence);

    /// <summary>How many writes reached the transport (for tests: frames written back to back share them).</summary>
    public long TransportWrites => Interlocked.Read(ref _writes);

    /// <summary>Whether frames are buffered and not yet being written.</summary>
    public bool HasBuffered => Volatile.Read(ref _count) > 0;

    public override bool CanRead => _inner.CanRead;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes what is buffered to the transport (nothing when the buffer is empty).</summary>
    /// <returns>A task that completes when the bytes were written; it fails (and keeps failing) when the transport did.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushBufferAsync()
    {
        await _io.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Take(out var data, out var count, out var sequence))
            {
                Interlocked.Increment(ref _writes);
                await _inner.WriteAsync(data.AsMemory(0, count), CancellationToken.None).ConfigureAwait(false);
                Volatile.Write(ref _flushedSequence, sequence);
            }
        }
        catch (Exception ex)
        {
            Latch(ex);
            throw;
        }
        finally
        {
            _io.Exit();
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            if (_failure is { } failure)
            {
                return ValueTask.FromException(failure);
            }

            if (_buffering && buffer.Length <= Capacity - _count)
            {
                buffer.Span.CopyTo(_fill.AsSpan(_count));
                _count += buffer.Length;
                _sequence++;
                return default;
            }
        }

        return WriteThroughAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    // ClientWebSocket flushes after every frame; that must not empty the buffer the writer is filling (it flushes it).
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => _inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    // A frame that is not buffered: what is buffered goes first, in the same transport write when the frame fits behind it.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteThroughAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _io.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            long sequence;
            byte[] data;
            int count;
            lock (_sync)
            {
                if (_failure is { } failure)
                {
                    throw failure;
                }

                if (frame.Length <= Capacity - _count)
                {
                    frame.Span.CopyTo(_fill.AsSpan(_count));
                    _count += frame.Length;
                    _sequence++;
                    frame = default;
                }

                Take(out data, out count, out sequence);
                if (!frame.IsEmpty)
                {
                    sequence = ++_sequence;
                }
            }

            if (count > 0)
            {
                Interlocked.Increment(ref _writes);
                await _inner.WriteAsync(data.AsMemory(0, count), CancellationToken.None).ConfigureAwait(false);
            }

            if (!frame.IsEmpty)
            {
                Interlocked.Increment(ref _writes);
                await _inner.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            Volatile.Write(ref _flushedSequence, sequence);
        }
        catch (Exception ex)
        {
            Latch(ex);
            throw;
        }
        finally
        {
            _io.Exit();
        }
    }

    // Holding _io: takes the filled buffer (the other one is free, its write is done) and gives the frames a new one.
    private bool Take(out byte[] data, out int count, out long sequence)
    {
        lock (_sync)
        {
            if (_failure is { } failure)
            {
                throw failure;
            }

            data = _fill;
            count = _count;
            sequence = _sequence;
            if (count == 0)
            {
                return false;
            }

            _fill = _spare;
            _spare = data;
            _count = 0;
            return true;
        }
    }

    private void Latch(Exception failure)
    {
        lock (_sync)
        {
            _failure ??= failure;
        }
    }
}
