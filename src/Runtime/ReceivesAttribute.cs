using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> receives messages of type
/// <typeparamref name="T"/>: the generator emits an <c>On{T}</c> handler property and a typed listener key
/// <c>Events.{T}</c>, and dispatches each message whose discriminator matches to them.
/// </summary>
/// <typeparam name="T">The message contract: a class, record or struct that System.Text.Json deserializes from an object.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReceivesAttribute<T> : Attribute
{
    /// <summary>Declares a received contract.</summary>
    /// <param name="discriminator">
    /// The discriminator value that selects this contract. Default (<see langword="null"/>): the type's name in camelCase.
    /// </param>
    public ReceivesAttribute(string? discriminator = null) => Discriminator = discriminator;

    /// <summary>The discriminator value that selects this contract, or <see langword="null"/> for the default.</summary>
    public string? Discriminator { get; }

    /// <summary>
    /// Overrides the stem of generated member names. Default: the type's name; for a closed generic type its name
    /// joined with its type arguments (<c>Page&lt;Item&gt;</c> → <c>OnPageOfItem</c>).
    /// </summary>
    public string? Name { get; set; }
}
