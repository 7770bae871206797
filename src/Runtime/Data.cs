using System;
using System.Text;

namespace TypedWebSockets;

/// <summary>
/// An immutable buffer of bytes: the binary half of a WebSocket message (the browser's <c>Blob</c>/<c>ArrayBuffer</c>).
/// </summary>
/// <remarks>
/// A <see cref="Data"/> owns a private copy of its bytes, so it never changes after it is made and can be shared
/// between threads freely. Two instances are equal when they hold the same bytes.
/// </remarks>
public sealed class Data : IEquatable<Data>
{
    private readonly byte[] _bytes;

    private Data(byte[] bytes) => _bytes = bytes;

    /// <summary>An empty buffer.</summary>
    public static Data Empty { get; } = new(Array.Empty<byte>());

    /// <summary>The number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The bytes, read-only and without a copy.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>The bytes as a read-only span, without a copy.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Makes a buffer holding the UTF-8 encoding of <paramref name="value"/>.</summary>
    /// <param name="value">The text to encode.</param>
    /// <returns>A new buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static Data FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 ? Empty : new Data(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Makes a buffer holding a copy of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The bytes to copy.</param>
    /// <returns>A new buffer.</returns>
    public static Data FromBytes(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? Empty : new Data(bytes.ToArray());

    /// <summary>Makes a buffer from base64 text.</summary>
    /// <param name="base64">Standard base64 (RFC 4648, with padding).</param>
    /// <returns>A new buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="base64"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="base64"/> is not valid base64.</exception>
    public static Data FromBase64String(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return base64.Length == 0 ? Empty : new Data(Convert.FromBase64String(base64));
    }

    /// <summary>Returns a copy of the bytes (like the browser's <c>arrayBuffer()</c>).</summary>
    /// <returns>A new array; changing it does not change this buffer.</returns>
    public byte[] GetBytes() => _bytes.Length == 0 ? Array.Empty<byte>() : (byte[])_bytes.Clone();

    /// <summary>Decodes the bytes as UTF-8 text. Invalid sequences become U+FFFD.</summary>
    /// <returns>The decoded text.</returns>
    public string ToRawString() => Encoding.UTF8.GetString(_bytes);

    /// <summary>Encodes the bytes as standard base64 text.</summary>
    /// <returns>The base64 text.</returns>
    public string ToBase64String() => Convert.ToBase64String(_bytes);

    /// <inheritdoc/>
    public bool Equals(Data? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Data);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Describes the buffer by its length (the bytes may be large or not text).</summary>
    /// <returns>A short description such as <c>Data(12 bytes)</c>.</returns>
    public override string ToString() => $"Data({_bytes.Length} bytes)";

    /// <summary>Compares two buffers by their bytes.</summary>
    /// <param name="left">The first buffer.</param>
    /// <param name="right">The second buffer.</param>
    /// <returns><see langword="true"/> when both are <see langword="null"/> or hold the same bytes.</returns>
    public static bool operator ==(Data? left, Data? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two buffers by their bytes.</summary>
    /// <param name="left">The first buffer.</param>
    /// <param name="right">The second buffer.</param>
    /// <returns><see langword="true"/> when the buffers differ.</returns>
    public static bool operator !=(Data? left, Data? right) => !(left == right);
}
