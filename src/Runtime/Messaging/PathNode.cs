using System.Collections.Generic;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// One property (or array element) on the way to the paths a format reads: the read plan is a tree of them, so one
/// pass over a message visits each property once and descends only where some path continues.
/// </summary>
internal sealed class PathNode
{
    private PathNode(byte[] name, int arrayIndex)
    {
        Name = name;
        ArrayIndex = arrayIndex;
    }

    /// <summary>The property name in UTF-8 (unescaped, as <see cref="Utf8JsonReader.ValueTextEquals(System.ReadOnlySpan{byte})"/> compares).</summary>
    public byte[] Name { get; }

    /// <summary>The array element the segment also selects, or -1.</summary>
    public int ArrayIndex { get; }

    /// <summary>The slot a path that ends here records its value in, or -1.</summary>
    public int Slot { get; private set; } = -1;

    public PathNode[] Children { get; private set; } = [];

    public static PathNode Build(IReadOnlyList<MessagePath> paths)
    {
        var root = new PathNode([], -1);
        for (var slot = 0; slot < paths.Count; slot++)
        {
            var node = root;
            var path = paths[slot];
            for (var i = 0; i < path.Utf8Segments.Length; i++)
            {
                node = node.GetOrAddChild(path.Utf8Segments[i], path.ArrayIndexes[i]);
            }

            node.Slot = slot;
        }

        return root;
    }

    /// <summary>The child named by the property name the reader is on, or <see langword="null"/>.</summary>
    public PathNode? FindProperty(ref Utf8JsonReader reader)
    {
        foreach (var child in Children)
        {
            if (reader.ValueTextEquals(child.Name))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The child that selects the array element at <paramref name="index"/>, or <see langword="null"/>.</summary>
    public PathNode? FindElement(int index)
    {
        foreach (var child in Children)
        {
            if (child.ArrayIndex == index)
            {
                return child;
            }
        }

        return null;
    }

    private PathNode GetOrAddChild(byte[] name, int arrayIndex)
    {
        foreach (var child in Children)
        {
            if (System.MemoryExtensions.SequenceEqual<byte>(child.Name, name))
            {
                return child;
            }
        }

        var added = new PathNode(name, arrayIndex);
        Children = [.. Children, added];
        return added;
    }
}
