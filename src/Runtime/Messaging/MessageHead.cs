using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// The bytes a sent message has around its serialized payload, built once per contract from the format's constant
/// properties, the contract's kind and its envelope, so that sending copies them instead of writing them again.
/// </summary>
/// <remarks>
/// <para>
/// A message is <see cref="Start"/> (<c>{</c> and the top-level members that do not lead to the envelope), then
/// <see cref="ToEnvelope"/> (the member that leads to it, <c>"d":{"requestType":"x","requestData":</c>), the payload,
/// and <see cref="Tail"/> (the braces that close what the head opened). Where members share the payload's object (the
/// flat format, or a kind inside the envelope), the payload's own <c>{</c> becomes a <c>,</c>, so the head's members
/// come first: <c>{"type":"chat"</c> + <c>,"user":"ada"}</c>.
/// </para>
/// <para>
/// A request's head also holds its correlation id, at its path like any other member: the head is built with one
/// placeholder byte where the id goes (<see cref="IdIndex"/> in <see cref="Prefix"/>), and the sender writes the
/// prefix up to it, the id, and the rest.
/// </para>
/// </remarks>
internal sealed class MessageHead
{
    private MessageHead(byte[] start, int startMembers, byte[] toEnvelope, int envelopeMembers, byte[] tail, bool flat)
    {
        Start = start;
        StartMembers = startMembers;
        ToEnvelope = toEnvelope;
        EnvelopeMembers = envelopeMembers;
        Tail = tail;
        IsFlat = flat;
        Prefix = startMembers == 0 && flat
            ? []
            : [.. start, .. (startMembers > 0 && toEnvelope.Length > 0 ? ","u8 : []), .. toEnvelope];
        IdIndex = Array.IndexOf(Prefix, IdPlaceholder);
    }

    // A byte JSON text never holds raw outside strings, and the head's strings are escaped: it cannot occur elsewhere.
    private const byte IdPlaceholder = 0x01;

    /// <summary>Where the correlation id goes in <see cref="Prefix"/> (its placeholder byte), or -1 for a head without one.</summary>
    public int IdIndex { get; }

    /// <summary><c>{</c> and the top-level members that do not lead to the envelope, comma-separated.</summary>
    public byte[] Start { get; }

    public int StartMembers { get; }

    /// <summary>The top-level member that leads to a nested envelope, up to where the payload goes; empty when flat.</summary>
    public byte[] ToEnvelope { get; }

    /// <summary>For a nested envelope, the members written inside the payload's object before the payload's own.</summary>
    public int EnvelopeMembers { get; }

    /// <summary>What closes the head's objects after the payload.</summary>
    public byte[] Tail { get; }

    /// <summary>Whether the payload is the message itself (the envelope is <c>""</c>).</summary>
    public bool IsFlat { get; }

    /// <summary>Everything before the payload of a message that is not a request.</summary>
    public byte[] Prefix { get; }

    /// <summary>How many members precede the payload inside its object, given how many a head wrote at the top level.</summary>
    public int MembersBeforePayload(int topLevelMembers) => IsFlat ? topLevelMembers : EnvelopeMembers;

    /// <summary>Builds the head; throws <see cref="ArgumentException"/> when two of its parts need one property.</summary>
    public static MessageHead Build(IReadOnlyList<MessageProperty> constants, MessageKind kind, MessagePath kindPath, MessagePath envelope)
        => Build(constants, kind, kindPath, envelope, null);

    /// <summary>Builds the head of a request, with a placeholder at <paramref name="idPath"/> (see <see cref="IdIndex"/>).</summary>
    public static MessageHead Build(IReadOnlyList<MessageProperty> constants, MessageKind kind, MessagePath kindPath, MessagePath envelope, MessagePath? idPath)
    {
        var root = new Node(string.Empty);
        foreach (var constant in constants)
        {
            root.Add([constant.Name], constant.WriteValue, $"the constant property '{constant.Name}'");
        }

        if (kind.Type != MessageKindType.None)
        {
            if (kindPath.IsRoot)
            {
                throw new ArgumentException("A message's kind needs a property: the discriminator path cannot be \"\".", nameof(kindPath));
            }

            if (!kind.IsWritable)
            {
                // A pattern matches received kinds; there is no one value to write. Writing is refused when asked for.
                kind = MessageKind.String(kind.ToString());
            }

            root.Add(kindPath.Segments, kind.Type == MessageKindType.Number ? writer => writer.WriteNumberValue(kind.NumberValue) : writer => writer.WriteStringValue(kind.ToString()), $"the discriminator '{kindPath}'");
        }

        // The id comes after the kind: {"type":"getUser","id":7,...}.
        if (idPath is not null)
        {
            if (idPath.IsRoot)
            {
                throw new ArgumentException("The correlation id needs a property: its path cannot be \"\".", nameof(idPath));
            }

            root.Add(idPath.Segments, static writer => writer.WriteRawValue([IdPlaceholder], skipInputValidation: true), $"the correlation id '{idPath}'");
        }

        var node = root;
        var envelopePath = new List<Node>();
        foreach (var segment in envelope.Segments)
        {
            node = node.Object(segment, $"the envelope '{envelope}'");
            envelopePath.Add(node);
        }

        node.IsEnvelope = true;

        // The envelope's members close each object on its way: they are written last, so the payload can follow.
        var start = new ArrayBufferWriter<byte>(64);
        start.Write("{"u8);
        var startMembers = root.WriteMembers(start, except: envelopePath.Count > 0 ? envelopePath[0] : null);
        if (envelopePath.Count == 0)
        {
            return new MessageHead(start.WrittenSpan.ToArray(), startMembers, [], 0, [], flat: true);
        }

        var toEnvelope = new ArrayBufferWriter<byte>(32);
        var tail = new ArrayBufferWriter<byte>(8);
        var members = 0;
        for (var i = 0; i < envelopePath.Count; i++)
        {
            var step = envelopePath[i];
            if (i > 0 && members > 0)
            {
                toEnvelope.Write(","u8);
            }

            toEnvelope.Write(step.EncodedName);
            toEnvelope.Write(":"u8);
            if (i < envelopePath.Count - 1 || step.Children.Count > 0)
            {
                toEnvelope.Write("{"u8);
                members = step.WriteMembers(toEnvelope, except: i < envelopePath.Count - 1 ? envelopePath[i + 1] : null);
            }

            if (i < envelopePath.Count - 1)
            {
                tail.Write("}"u8);
            }
        }

        tail.Write("}"u8);
        var envelopeMembers = envelopePath[^1].Children.Count;
        return new MessageHead(start.WrittenSpan.ToArray(), startMembers, toEnvelope.WrittenSpan.ToArray(), envelopeMembers, tail.WrittenSpan.ToArray(), flat: false);
    }

    // One property of the head: a leaf value, or an object of further members.
    private sealed class Node(string name)
    {
        private Action<Utf8JsonWriter>? _value;

        public List<Node> Children { get; } = [];

        public bool IsEnvelope { get; set; }

        public byte[] EncodedName { get; } = Quote(name);

        private string Name { get; } = name;

        private string? Owner { get; set; }

        public void Add(IReadOnlyList<string> segments, Action<Utf8JsonWriter> value, string owner)
        {
            var node = this;
            for (var i = 0; i < segments.Count - 1; i++)
            {
                node = node.Object(segments[i], owner);
            }

            var name = segments[^1];
            if (node.Children.Find(child => child.Name == name) is { } existing)
            {
                throw new ArgumentException($"{Capitalize(owner)} and {existing.Owner ?? "the envelope"} would both be written as the property '{name}'.");
            }

            node.Children.Add(new Node(name) { _value = value, Owner = owner });
        }

        public Node Object(string name, string owner)
        {
            var existing = Children.Find(child => child.Name == name);
            if (existing is { _value: not null })
            {
                throw new ArgumentException($"{Capitalize(owner)} needs the property '{name}' to be an object, but {existing.Owner} is written there.");
            }

            if (existing is not null)
            {
                return existing;
            }

            var added = new Node(name) { Owner = owner };
            Children.Add(added);
            return added;
        }

        // Writes every member but one (the member leading to the envelope), comma-separated; returns how many.
        public int WriteMembers(ArrayBufferWriter<byte> output, Node? except)
        {
            var written = 0;
            foreach (var child in Children)
            {
                if (ReferenceEquals(child, except))
                {
                    continue;
                }

                if (written++ > 0)
                {
                    output.Write(","u8);
                }

                output.Write(child.EncodedName);
                output.Write(":"u8);
                if (child._value is not null)
                {
                    using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
                    child._value(writer);
                }
                else
                {
                    output.Write("{"u8);
                    child.WriteMembers(output, except: null);
                    output.Write("}"u8);
                }
            }

            return written;
        }

        private static byte[] Quote(string name)
        {
            var encoded = JsonEncodedText.Encode(name).EncodedUtf8Bytes;
            return [(byte)'"', .. encoded, (byte)'"'];
        }

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }
}
