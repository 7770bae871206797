using System;
using System.Buffers;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>Writes a contract in its client's wire format into a pooled buffer whose ownership passes to the send queue.</summary>
internal static class MessageSerializer
{
    [ThreadStatic]
    private static SerializerState? t_state;

    public static PooledBuffer Serialize<T>(MessageContract<T> contract, T message)
        => Serialize(contract, contract.Head, contract.Head.Prefix, message);

    // layout: the head the bytes of head were taken from (a request's, with its correlation id filled in), whose
    // members decide whether the payload's own members follow a comma, and whose tail closes the message.
    public static PooledBuffer Serialize<T>(MessageContract<T> contract, MessageHead layout, ReadOnlySpan<byte> head, T message)
    {
        contract.ThrowIfNotWritable();
        var state = t_state ??= new SerializerState();
        var output = state.Output;
        output.Start(contract.LastSize);
        try
        {
            output.Write(head);
            var bodyStart = output.WrittenCount;
            var writer = state.WriterFor(contract.WriterOptions);
            try
            {
                JsonSerializer.Serialize(writer, message, contract.TypeInfo);
                writer.Flush();
            }
            finally
            {
                writer.Reset();
            }

            if (layout.MembersBeforePayload(layout.StartMembers) > 0)
            {
                SpliceBody(output, bodyStart, typeof(T));
            }

            output.Write(layout.Tail);
            contract.LastSize = output.WrittenCount;
            return output.Detach();
        }
        catch
        {
            output.Abandon();
            throw;
        }
    }

    // The head's members are already written: `{"type":"chat"`. The contract's own object follows them. Its `{`
    // becomes `,` (or, for an empty object, the head's closing `}`), so the head's members always come first.
    private static void SpliceBody(PooledBufferWriter output, int bodyStart, Type contractType)
    {
        var written = output.WrittenSpanMutable;
        if (written.Length <= bodyStart || written[bodyStart] != (byte)'{')
        {
            throw new InvalidOperationException(
                $"{contractType.FullName} does not serialize as a JSON object, which the flat wire format needs to put the discriminator beside its properties. Use an object contract or set [WebSocketClient(Envelope = \"data\")].");
        }

        var rest = written[(bodyStart + 1)..];
        var firstContent = rest.IndexOfAnyExcept(" \r\n\t"u8);
        if (firstContent >= 0 && rest[firstContent] == (byte)'}')
        {
            written[bodyStart] = (byte)'}';
            output.Truncate(bodyStart + 1);
        }
        else
        {
            written[bodyStart] = (byte)',';
        }
    }

    private sealed class SerializerState
    {
        private Utf8JsonWriter? _defaultWriter;
        private Utf8JsonWriter? _customWriter;
        private JsonWriterOptions _customOptions;

        public PooledBufferWriter Output { get; } = new();

        public Utf8JsonWriter WriterFor(JsonWriterOptions options)
        {
            if (options.Encoder is null && !options.Indented)
            {
                return _defaultWriter ??= new Utf8JsonWriter(Output, new JsonWriterOptions { SkipValidation = true });
            }

            // Custom encoders and indentation: one writer per thread for the options used last, so a client with custom
            // options does not create a writer per message (and one alternating between two kinds re-creates it).
            if (_customWriter is null || !SameOptions(_customOptions, options))
            {
                _customWriter = new Utf8JsonWriter(Output, options);
                _customOptions = options;
            }

            return _customWriter;
        }

        // JsonWriterOptions does not implement equality; the fields a contract sets are compared one by one.
        private static bool SameOptions(JsonWriterOptions left, JsonWriterOptions right)
            => ReferenceEquals(left.Encoder, right.Encoder)
                && left.Indented == right.Indented
                && left.IndentCharacter == right.IndentCharacter
                && left.IndentSize == right.IndentSize
                && left.MaxDepth == right.MaxDepth
                && string.Equals(left.NewLine, right.NewLine, StringComparison.Ordinal)
                && left.SkipValidation == right.SkipValidation;
    }
}

/// <summary>A rented array and the length written into it; returned to the pool once sent.</summary>
internal readonly struct PooledBuffer
{
    public PooledBuffer(byte[] array, int length)
    {
        Array = array;
        Length = length;
    }

    public byte[] Array { get; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => new(Array, 0, Length);

    public void Return()
    {
        if (Array is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(Array);
        }
    }
}

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private const int MinimumSize = 256;
    private byte[] _buffer = System.Array.Empty<byte>();
    private int _written;

    public int WrittenCount => _written;

    public Span<byte> WrittenSpanMutable => _buffer.AsSpan(0, _written);

    public void Start(int sizeHint)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, MinimumSize));
        _written = 0;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    public void Truncate(int length) => _written = length;

    public PooledBuffer Detach()
    {
        var result = new PooledBuffer(_buffer, _written);
        _buffer = System.Array.Empty<byte>();
        _written = 0;
        return result;
    }

    public void Abandon()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = System.Array.Empty<byte>();
        _written = 0;
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var newSize = Math.Max(Math.Max(_buffer.Length * 2, _written + needed), MinimumSize);
        var bigger = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }
}
