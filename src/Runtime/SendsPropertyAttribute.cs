using System;

namespace TypedWebSockets;

/// <summary>
/// A constant property written at the top level of every message a <see cref="WebSocketClientAttribute">[WebSocketClient]</see>
/// sends, requests included, before its kind: <c>[SendsProperty("jsonrpc", "2.0")]</c> makes every message
/// <c>{"jsonrpc":"2.0","method":...}</c>. Repeatable; written in the order declared.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SendsPropertyAttribute : Attribute
{
    /// <summary>A string constant (<see langword="null"/> writes JSON <c>null</c>).</summary>
    /// <param name="name">The top-level property name (not a path).</param>
    /// <param name="value">The value.</param>
    public SendsPropertyAttribute(string name, string? value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>A number constant, written as a JSON number.</summary>
    /// <param name="name">The top-level property name (not a path).</param>
    /// <param name="value">The value.</param>
    public SendsPropertyAttribute(string name, long value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>A <see langword="true"/> or <see langword="false"/> constant.</summary>
    /// <param name="name">The top-level property name (not a path).</param>
    /// <param name="value">The value.</param>
    public SendsPropertyAttribute(string name, bool value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The top-level property name.</summary>
    public string Name { get; }

    /// <summary>The value: a <see cref="string"/>, a <see cref="long"/>, a <see cref="bool"/>, or <see langword="null"/>.</summary>
    public object? Value { get; }
}
