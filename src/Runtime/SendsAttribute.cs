using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> sends messages of type
/// <typeparamref name="T"/>: the generator emits <c>Send(T)</c> and <c>SendAsync(T, CancellationToken)</c>.
/// </summary>
/// <typeparam name="T">The message contract: a class, record or struct that System.Text.Json serializes as an object.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SendsAttribute<T> : Attribute
{
    /// <summary>Declares a sent contract.</summary>
    /// <param name="discriminator">
    /// The discriminator value written on the wire. Default (<see langword="null"/>): the type's name in camelCase.
    /// </param>
    public SendsAttribute(string? discriminator = null) => Discriminator = discriminator;

    /// <summary>The discriminator value written on the wire, or <see langword="null"/> for the default.</summary>
    public string? Discriminator { get; }

    /// <summary>
    /// Overrides the stem of generated member names. Default: the type's name; for a closed generic type its name
    /// joined with its type arguments (<c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>).
    /// </summary>
    public string? Name { get; set; }
}
