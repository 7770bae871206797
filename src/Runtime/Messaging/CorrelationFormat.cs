using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// The client-wide part of requests and subscriptions: where ids are written and read, where errors and payloads of
/// replies live, and the format replies are read with (its own read paths, one pass per reply while any call or
/// subscription is open).
/// </summary>
internal sealed class CorrelationFormat
{
    public CorrelationFormat(MessageFormat format, CorrelationOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CorrelationId, nameof(options.CorrelationId));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ErrorProperty, nameof(options.ErrorProperty));
        if (options.ReplyCorrelationId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.ReplyCorrelationId, nameof(options.ReplyCorrelationId));
        }

        if (options.IdFormat is not (CorrelationIdFormat.Number or CorrelationIdFormat.String))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IdFormat, "Not a CorrelationIdFormat.");
        }

        Format = format;
        IdFormat = options.IdFormat;
        IdPath = MessagePath.Parse(options.CorrelationId);
        ReplyIdPath = options.ReplyCorrelationId is null ? IdPath : MessagePath.Parse(options.ReplyCorrelationId);
        ErrorPath = MessagePath.Parse(options.ErrorProperty);
        ResponseEnvelopePath = options.ResponseEnvelope is null ? format.EnvelopePath : MessagePath.Parse(options.ResponseEnvelope);

        List<string> paths = [ReplyIdPath.Text, ErrorPath.Text, format.DiscriminatorPath.Text];
        if (!ResponseEnvelopePath.IsRoot)
        {
            paths.Add(ResponseEnvelopePath.Text);
        }

        if (options.ReadPaths is { } extra)
        {
            foreach (var path in extra)
            {
                paths.Add(path ?? throw new ArgumentException("A read path cannot be null.", nameof(options)));
            }
        }

        Replies = new MessageFormat(format.DiscriminatorProperty, null, new MessageFormatOptions { ReadPaths = paths });
        IdSlot = Replies.SlotOf(ReplyIdPath);
        ErrorSlot = Replies.SlotOf(ErrorPath);
    }

    /// <summary>The client's format (requests are written in it).</summary>
    public MessageFormat Format { get; }

    public CorrelationIdFormat IdFormat { get; }

    /// <summary>Where requests carry their id.</summary>
    public MessagePath IdPath { get; }

    /// <summary>Where replies carry it.</summary>
    public MessagePath ReplyIdPath { get; }

    public MessagePath ErrorPath { get; }

    /// <summary>The client's response envelope (<see cref="MessagePath.Root"/>: the whole reply).</summary>
    public MessagePath ResponseEnvelopePath { get; }

    /// <summary>The format replies are read with: no batches, no envelope of its own, the paths above.</summary>
    public MessageFormat Replies { get; }

    public int IdSlot { get; }

    public int ErrorSlot { get; }

    /// <summary>The reply slot of <paramref name="path"/>: -1 for the whole message; throws when replies are not read there.</summary>
    public int RequireSlot(MessagePath path, string what, Type clientType)
    {
        if (path.IsRoot)
        {
            return -1;
        }

        var slot = Replies.SlotOf(path);
        if (slot < 0)
        {
            throw new ArgumentException($"{what} '{path}' of {clientType.FullName} is not among the paths its replies are read at (CorrelationOptions.ReadPaths).");
        }

        return slot;
    }

    /// <summary>
    /// Reads a correlation id from the raw JSON of a value: a number, or a string of the same digits without escapes.
    /// Compares bytes only: no string is allocated.
    /// </summary>
    public static bool TryParseId(ReadOnlySpan<byte> raw, out long id)
    {
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        return Utf8Parser.TryParse(raw, out id, out var consumed) && consumed == raw.Length && consumed > 0;
    }

    /// <summary>Whether the raw JSON of a value is the string <paramref name="utf8"/> (escaped forms included), without allocating.</summary>
    public static bool IsString(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> utf8)
    {
        if (raw.Length < 2 || raw[0] != (byte)'"')
        {
            return false;
        }

        var inner = raw[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return inner.SequenceEqual(utf8);
        }

        // ValueTextEquals unescapes the token and compares it with the UTF-8 text given (not with an escaped form).
        var reader = new Utf8JsonReader(raw);
        return reader.Read() && reader.ValueTextEquals(utf8);
    }

    /// <summary>Whether the raw JSON of a value is <c>null</c>.</summary>
    public static bool IsNull(ReadOnlySpan<byte> raw) => raw.SequenceEqual("null"u8);
}
