using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace TypedWebSockets.Messaging;

/// <summary>
/// The discriminator value of a contract: a string (<c>"chat"</c>), a string pattern of a received contract
/// (<c>"orderbook.*"</c>, <c>"*@trade"</c>), a number (<c>10</c>), or none (a sent message that carries no kind).
/// Generated clients create them from attribute values; application code does not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct MessageKind : IEquatable<MessageKind>
{
    private readonly string? _text;
    private readonly byte[]? _utf8;

    private MessageKind(MessageKindType type, string text, byte[] utf8, long number)
    {
        Type = type;
        _text = text;
        _utf8 = utf8;
        NumberValue = number;
    }

    /// <summary>No kind: the message is written without a discriminator.</summary>
    public static MessageKind None => default;

    /// <summary>How the kind is written and matched.</summary>
    public MessageKindType Type { get; }

    /// <summary>Whether a message of this kind can be written: every kind but a pattern.</summary>
    public bool IsWritable => Type is not (MessageKindType.Prefix or MessageKindType.Suffix);

    /// <summary>The string, or for a pattern the part besides its <c>*</c>, in UTF-8; empty for numbers and none.</summary>
    internal byte[] Utf8 => _utf8 ?? [];

    /// <summary>The number of a <see cref="MessageKindType.Number"/> kind.</summary>
    internal long NumberValue { get; }

    /// <summary>A string kind, written and matched whole (a <c>*</c> in it is an ordinary character).</summary>
    /// <param name="value">The discriminator value.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not valid UTF-16.</exception>
    public static MessageKind String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new MessageKind(MessageKindType.String, value, Encode(value), 0);
    }

    /// <summary>
    /// A received string kind that may start or end with one <c>*</c>: <c>"orderbook.*"</c> matches every value that
    /// starts with <c>orderbook.</c>, <c>"*@trade"</c> every value that ends with <c>@trade</c>, <c>"*"</c> every
    /// string. Without a <c>*</c> it is a <see cref="String(string)"/> kind.
    /// </summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The pattern has more than one <c>*</c>, or one in its middle.</exception>
    public static MessageKind Pattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (WireSyntax.TryParsePattern(pattern, out var stem, out var patternType) is { } problem)
        {
            throw new ArgumentException($"The kind pattern '{pattern}' is not valid: {problem}. A pattern has one '*', first or last.", nameof(pattern));
        }

        var type = patternType switch
        {
            KindPatternType.Prefix => MessageKindType.Prefix,
            KindPatternType.Suffix => MessageKindType.Suffix,
            _ => MessageKindType.String,
        };
        return new MessageKind(type, pattern, Encode(stem), 0);
    }

    /// <summary>A number kind: written as a JSON number, matched by a JSON number of the same value (<c>10</c>, <c>10.0</c>), never by a string.</summary>
    /// <param name="value">The discriminator value.</param>
    /// <returns>The kind.</returns>
    public static MessageKind Number(long value)
        => new(MessageKindType.Number, value.ToString(CultureInfo.InvariantCulture), [], value);

    /// <inheritdoc/>
    public bool Equals(MessageKind other)
        => Type == other.Type && NumberValue == other.NumberValue && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MessageKind other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, NumberValue, _text is null ? 0 : StringComparer.Ordinal.GetHashCode(_text));

    /// <summary>The kind as written in the attribute: <c>chat</c>, <c>orderbook.*</c>, <c>10</c>; empty for none.</summary>
    /// <returns>The kind's text.</returns>
    public override string ToString() => _text ?? string.Empty;

    private static byte[] Encode(string value)
    {
        if (WireSyntax.IndexOfUnpairedSurrogate(value) is var index and >= 0)
        {
            throw new ArgumentException($"The kind '{value}' contains an unpaired surrogate at index {index}, which has no UTF-8 encoding.", nameof(value));
        }

        return Encoding.UTF8.GetBytes(value);
    }
}

/// <summary>How a <see cref="MessageKind"/> is written and matched.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum MessageKindType
{
    /// <summary>No kind: nothing is written, and the contract is never received.</summary>
    None,

    /// <summary>A string, equal after JSON unescaping.</summary>
    String,

    /// <summary>A string that starts with the kind's stem.</summary>
    Prefix,

    /// <summary>A string that ends with the kind's stem.</summary>
    Suffix,

    /// <summary>A JSON number of the same value.</summary>
    Number,
}
