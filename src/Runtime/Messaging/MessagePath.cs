using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// Where something lives in a message: the message itself (<c>""</c>), a top-level property (<c>"type"</c>), or a
/// property inside nested objects, written as an RFC 6901 JSON Pointer (<c>"/metadata/message_type"</c>).
/// Generated clients create them from attribute values; application code does not need it.
/// </summary>
/// <remarks>
/// Two paths are equal when they name the same place: <c>"type"</c> and <c>"/type"</c> are one path. Names are
/// compared ordinally, as JSON property names are.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessagePath : IEquatable<MessagePath>
{
    private readonly string[] _segments;

    private MessagePath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
        Utf8Segments = new byte[segments.Length][];
        EncodedSegments = new JsonEncodedText[segments.Length];
        ArrayIndexes = new int[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            Utf8Segments[i] = Encoding.UTF8.GetBytes(segments[i]);
            EncodedSegments[i] = JsonEncodedText.Encode(segments[i]);
            ArrayIndexes[i] = WireSyntax.TryGetArrayIndex(segments[i], out var index) ? index : -1;
        }
    }

    /// <summary>The message itself (<c>""</c>): as an envelope, the flat format.</summary>
    public static MessagePath Root { get; } = new(string.Empty, []);

    /// <summary>The path as it was written.</summary>
    public string Text { get; }

    /// <summary>The property names from the top of the message down; empty for <see cref="Root"/>.</summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Whether this is the message itself.</summary>
    public bool IsRoot => _segments.Length == 0;

    /// <summary>Whether this is one top-level property.</summary>
    public bool IsTopLevel => _segments.Length == 1;

    internal byte[][] Utf8Segments { get; }

    internal JsonEncodedText[] EncodedSegments { get; }

    // The array index each segment also selects, or -1.
    internal int[] ArrayIndexes { get; }

    /// <summary>Reads a path: <c>""</c>, a property name, or a JSON Pointer that starts with <c>/</c>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is an ill-formed JSON Pointer.</exception>
    public static MessagePath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return Root;
        }

        var segments = new List<string>();
        if (WireSyntax.TryParsePath(path, segments) is { } problem)
        {
            throw new ArgumentException($"The path '{path}' is not well-formed: {problem} (a JSON Pointer writes '~' as '~0' and '/' as '~1').", nameof(path));
        }

        return new MessagePath(path, [.. segments]);
    }

    /// <summary>Whether this path lies inside <paramref name="other"/> or is it (<c>/d/type</c> starts with <c>/d</c>).</summary>
    /// <param name="other">The enclosing path.</param>
    /// <returns><see langword="true"/> when every segment of <paramref name="other"/> begins this one.</returns>
    public bool StartsWith(MessagePath other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return WireSyntax.StartsWith(_segments, other._segments);
    }

    /// <inheritdoc/>
    public bool Equals(MessagePath? other) => other is not null && other._segments.Length == _segments.Length && StartsWith(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MessagePath);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in _segments)
        {
            hash.Add(segment, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The path as it was written.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;
}
