using System;
using System.ComponentModel;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// A constant top-level property written on every message a client sends (<c>[SendsProperty("jsonrpc", "2.0")]</c>).
/// Generated clients create them; application code does not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageProperty
{
    private readonly Action<Utf8JsonWriter> _writeValue;

    /// <summary>A string constant (<see langword="null"/> writes JSON <c>null</c>).</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public MessageProperty(string name, string? value)
        : this(name, value is null ? static writer => writer.WriteNullValue() : writer => writer.WriteStringValue(value))
    {
    }

    /// <summary>A number constant.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public MessageProperty(string name, long value)
        : this(name, writer => writer.WriteNumberValue(value))
    {
    }

    /// <summary>A <see langword="true"/> or <see langword="false"/> constant.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public MessageProperty(string name, bool value)
        : this(name, writer => writer.WriteBooleanValue(value))
    {
    }

    private MessageProperty(string name, Action<Utf8JsonWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _writeValue = writeValue;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writeValue(writer);
        }

        ValueText = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The property name (a top-level property, not a path).</summary>
    public string Name { get; }

    /// <summary>The value as JSON.</summary>
    public string ValueText { get; }

    internal void WriteValue(Utf8JsonWriter writer) => _writeValue(writer);

    /// <inheritdoc/>
    public override string ToString() => $"\"{Name}\":{ValueText}";
}
