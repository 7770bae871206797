using System;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// What a careful engineer writes by hand on top of System.Text.Json source generation (the limit): the discriminator
/// written as a constant prefix, the message serialized into a reused buffer through a reused writer, its opening
/// brace turned into a comma; on receipt, a <see cref="Utf8JsonReader"/> that expects the discriminator first.
/// One instance per sender (not thread-safe).
/// </summary>
public sealed class HandWrittenCodec
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;

    public HandWrittenCodec()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Serializes <paramref name="message"/> as <c>{"type":"echo",...}</c>; the bytes are valid until the next call.</summary>
    public ReadOnlyMemory<byte> Serialize(EchoMessage message)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write("{\"type\":\"echo\""u8);
        var bodyStart = _buffer.WrittenCount;
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, message, BenchJsonContext.Default.EchoMessage);
        _writer.Flush();
        var written = _buffer.WrittenMemory;
        MemoryMarshal.AsMemory(written).Span[bodyStart] = (byte)',';
        return written;
    }

    /// <summary>Reads an echo message whose discriminator comes first; throws on anything else.</summary>
    public static EchoMessage ReadEcho(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject
            && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8)
            && reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("echo"u8))
        {
            return JsonSerializer.Deserialize(payload, BenchJsonContext.Default.EchoMessage)
                ?? throw new InvalidOperationException("The echo message is null.");
        }

        throw new InvalidOperationException($"Not an echo message: {System.Text.Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, 80)])}");
    }
}
