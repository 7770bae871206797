using System;
using System.Collections.Generic;

namespace TypedWebSockets.Messaging;

/// <summary>How a received string kind is compared: whole, or by one <c>*</c> at its start or end.</summary>
internal enum KindPatternType
{
    /// <summary>The value must equal the kind.</summary>
    Exact,

    /// <summary><c>"orderbook.*"</c>: the value must start with the stem (<c>orderbook.</c>).</summary>
    Prefix,

    /// <summary><c>"*@trade"</c>: the value must end with the stem (<c>@trade</c>).</summary>
    Suffix,
}

/// <summary>
/// The syntax of the attribute values that say where something lives in a message (paths) and of received kind
/// patterns. This file is compiled into the runtime and into the generator (netstandard2.0), so that the diagnostics
/// and the runtime read every value by the same rules.
/// </summary>
/// <remarks>
/// A path is <c>""</c> (the message itself), a plain property name (<c>"type"</c>: a top-level property), or an RFC 6901
/// JSON Pointer that starts with <c>/</c> (<c>"/metadata/message_type"</c>), where <c>~1</c> stands for <c>/</c> and
/// <c>~0</c> for <c>~</c> inside a segment. A segment that is a decimal index (<c>0</c>, <c>12</c>; no leading zero)
/// also selects that element of an array.
/// </remarks>
internal static class WireSyntax
{
    /// <summary>Whether <paramref name="path"/> is written as a JSON Pointer (it starts with <c>/</c>).</summary>
    public static bool IsPointer(string path) => path.Length > 0 && path[0] == '/';

    /// <summary>Splits a path into its property names, or says why it is ill-formed.</summary>
    /// <param name="path">The path as written.</param>
    /// <param name="segments">Receives the unescaped segments; none for <c>""</c>.</param>
    /// <returns><see langword="null"/> when well-formed; otherwise what is wrong, as a sentence fragment.</returns>
    public static string? TryParsePath(string path, List<string> segments)
    {
        segments.Clear();
        if (path.Length == 0)
        {
            return null;
        }

        if (IndexOfUnpairedSurrogate(path) is var surrogate and >= 0)
        {
            return $"it contains the unpaired surrogate U+{(int)path[surrogate]:X4} at index {surrogate}, which has no UTF-8 encoding";
        }

        if (!IsPointer(path))
        {
            segments.Add(path);
            return null;
        }

        var segment = new System.Text.StringBuilder();
        for (var i = 1; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                segments.Add(segment.ToString());
                segment.Clear();
                continue;
            }

            if (path[i] != '~')
            {
                segment.Append(path[i]);
                continue;
            }

            var next = i + 1 < path.Length ? path[i + 1] : '\0';
            if (next is not ('0' or '1'))
            {
                return i + 1 < path.Length
                    ? $"'~{next}' at index {i} is not an escape"
                    : "it ends with a '~' that escapes nothing";
            }

            segment.Append(next == '0' ? '~' : '/');
            i++;
        }

        return null;
    }

    /// <summary>Whether the path of <paramref name="segments"/> is the one of <paramref name="prefix"/> or lies inside it (ordinal).</summary>
    public static bool StartsWith(string[] segments, string[] prefix)
    {
        if (prefix.Length > segments.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(segments[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a segment selects an array element, and which: a decimal number without a leading zero.</summary>
    public static bool TryGetArrayIndex(string segment, out int index)
    {
        index = 0;
        if (segment.Length == 0 || segment.Length > 9 || (segment[0] == '0' && segment.Length > 1))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// Reads a received string kind: exact, or a prefix or suffix pattern with one <c>*</c> at its start or end
    /// (<c>"*"</c> alone matches every string).
    /// </summary>
    /// <param name="kind">The kind as written.</param>
    /// <param name="stem">Receives the kind without its <c>*</c>.</param>
    /// <param name="type">Receives how the value is compared.</param>
    /// <returns><see langword="null"/> when well-formed; otherwise what is wrong, as a sentence fragment.</returns>
    public static string? TryParsePattern(string kind, out string stem, out KindPatternType type)
    {
        stem = kind;
        type = KindPatternType.Exact;
        var first = kind.IndexOf('*');
        if (first < 0)
        {
            return null;
        }

        if (kind.IndexOf('*', first + 1) >= 0)
        {
            return "it has more than one '*'";
        }

        if (first == kind.Length - 1)
        {
            stem = kind.Substring(0, first);
            type = KindPatternType.Prefix;
            return null;
        }

        if (first == 0)
        {
            stem = kind.Substring(1);
            type = KindPatternType.Suffix;
            return null;
        }

        return $"its '*' at index {first} is neither its first nor its last character";
    }

    /// <summary>The index of the first surrogate that is not part of a pair, or -1.</summary>
    public static int IndexOfUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
