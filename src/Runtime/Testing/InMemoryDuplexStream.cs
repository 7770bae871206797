using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.Testing;

// One end of an in-memory byte pipe pair: what one end writes the other reads. Disposing an end completes its
// writing side, so the peer reads end of stream, as after a TCP FIN; the BCL's ManagedWebSocket frames the bytes.
internal sealed class InMemoryDuplexStream : Stream
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Stream _reader;
    private readonly Stream _writer;

    private InMemoryDuplexStream(PipeReader input, PipeWriter output)
    {
        _input = input;
        _output = output;
        _reader = input.AsStream();
        _writer = output.AsStream();
    }

    public static (InMemoryDuplexStream Client, InMemoryDuplexStream Server) CreatePair()
    {
        var toServer = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var toClient = new Pipe(new PipeOptions(useSynchronizationContext: false));
        return (new InMemoryDuplexStream(toClient.Reader, toServer.Writer), new InMemoryDuplexStream(toServer.Reader, toClient.Writer));
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _reader.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _writer.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _writer.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _writer.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _writer.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output.Complete();
            _input.Complete();
        }

        base.Dispose(disposing);
    }
}
