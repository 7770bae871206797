using System;
using System.Buffers.Text;

namespace TypedWebSockets.Messaging;

/// <summary>
/// The bytes before a correlated message's payload with its id left open: <see cref="Write"/> copies them around the
/// id, as a number or a quoted string. Requests, subscription stops and the fake server's replies use it.
/// </summary>
internal sealed class CorrelatedHead
{
    private readonly byte[] _beforeId;
    private readonly byte[] _afterId;
    private readonly bool _quoted;

    public CorrelatedHead(MessageFormat format, MessageKind kind, MessagePath kindPath, MessagePath envelope, MessagePath idPath, CorrelationIdFormat idFormat)
    {
        Layout = MessageHead.Build(format.SentProperties, kind.IsWritable ? kind : MessageKind.String(kind.ToString()), kindPath, envelope, idPath);
        var prefix = Layout.Prefix;
        _beforeId = prefix[..Layout.IdIndex];
        _afterId = prefix[(Layout.IdIndex + 1)..];
        _quoted = idFormat == CorrelationIdFormat.String;
    }

    /// <summary>The head's shape (members before the payload, tail).</summary>
    public MessageHead Layout { get; }

    public int MaxLength => _beforeId.Length + 22 + _afterId.Length;

    /// <summary>Writes the head with <paramref name="id"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns its length.</summary>
    public int Write(long id, Span<byte> destination)
    {
        _beforeId.CopyTo(destination);
        var length = _beforeId.Length;
        if (_quoted)
        {
            destination[length++] = (byte)'"';
        }

        Utf8Formatter.TryFormat(id, destination[length..], out var digits);
        length += digits;
        if (_quoted)
        {
            destination[length++] = (byte)'"';
        }

        _afterId.CopyTo(destination[length..]);
        return length + _afterId.Length;
    }
}
