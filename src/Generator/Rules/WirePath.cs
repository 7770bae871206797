using System;
using System.Collections.Generic;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Generator;

/// <summary>
/// A path as the generator reads it (the runtime's <c>MessagePath</c>, by the same <see cref="WireSyntax"/>): <c>""</c>,
/// a property name, or a JSON Pointer. Two paths are equal when they name the same place (<c>"type"</c> and <c>"/type"</c>).
/// </summary>
internal sealed class WirePath : IEquatable<WirePath>
{
    private readonly string[] _segments;

    private WirePath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public static WirePath Root { get; } = new(string.Empty, []);

    /// <summary>The path as written.</summary>
    public string Text { get; }

    public IReadOnlyList<string> Segments => _segments;

    public bool IsRoot => _segments.Length == 0;

    public bool IsTopLevel => _segments.Length == 1;

    /// <summary>The top-level property the path starts at.</summary>
    public string First => _segments[0];

    /// <summary>Reads a path; <see langword="null"/> with <paramref name="problem"/> set when it is an ill-formed JSON Pointer.</summary>
    public static WirePath? TryParse(string text, out string? problem)
    {
        if (text.Length == 0)
        {
            problem = null;
            return Root;
        }

        var segments = new List<string>();
        problem = WireSyntax.TryParsePath(text, segments);
        return problem is null ? new WirePath(text, [.. segments]) : null;
    }

    /// <summary>Whether this path is <paramref name="other"/> or lies inside it.</summary>
    public bool StartsWith(WirePath other) => WireSyntax.StartsWith(_segments, other._segments);

    public bool Equals(WirePath? other) => other is not null && other._segments.Length == _segments.Length && StartsWith(other);

    public override bool Equals(object? obj) => Equals(obj as WirePath);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var segment in _segments)
        {
            hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(segment);
        }

        return hash;
    }

    public override string ToString() => Text;
}

/// <summary>How a contract's kind is written and matched (the runtime's <c>MessageKindType</c>).</summary>
internal enum WireKindType
{
    /// <summary>No kind: a sent message with <c>DiscriminatorProperty = ""</c>.</summary>
    None,

    String,

    /// <summary>A received <c>"orderbook.*"</c>.</summary>
    Prefix,

    /// <summary>A received <c>"*@trade"</c>.</summary>
    Suffix,

    Number,
}

/// <summary>A contract's kind: its type, its text as written, and (for patterns) the text without its <c>*</c>.</summary>
internal readonly record struct WireKind(WireKindType Type, string Text, string Stem, long Number)
{
    public static WireKind None => new(WireKindType.None, string.Empty, string.Empty, 0);

    public bool IsPattern => Type is WireKindType.Prefix or WireKindType.Suffix;

    /// <summary>
    /// Whether every value this kind matches is also matched by <paramref name="earlier"/>, so that a later contract of
    /// this kind at the same path never gets a message (TWS0038). Equal kinds are duplicates (TWS0005), not shadows.
    /// </summary>
    public bool IsShadowedBy(WireKind earlier)
    {
        if (earlier.Type == WireKindType.Number || Type == WireKindType.Number || earlier.Type == WireKindType.None || Type == WireKindType.None || Equals(earlier))
        {
            return false;
        }

        // For a string kind Stem is the whole string; "*" is a prefix pattern with an empty stem, matching every string.
        return earlier.Type switch
        {
            WireKindType.Prefix => Type == WireKindType.Suffix ? earlier.Stem.Length == 0 : Stem.StartsWith(earlier.Stem, StringComparison.Ordinal),
            WireKindType.Suffix => Type == WireKindType.Prefix ? earlier.Stem.Length == 0 : Stem.EndsWith(earlier.Stem, StringComparison.Ordinal),
            _ => false,
        };
    }
}
