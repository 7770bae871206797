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
    /// <summary>Declares a sent contract with a string kind.</summary>
    /// <param name="discriminator">
    /// The discriminator value written on the wire. Default (<see langword="null"/>): the type's name in camelCase.
    /// </param>
    public SendsAttribute(string? discriminator = null) => Discriminator = discriminator;

    /// <summary>Declares a sent contract whose kind is written as a JSON number (<c>{"op":2,"d":{...}}</c>).</summary>
    /// <param name="discriminator">The number written on the wire.</param>
    public SendsAttribute(long discriminator) => NumericDiscriminator = discriminator;

    /// <summary>The string discriminator written on the wire, or <see langword="null"/> for a number or the default.</summary>
    public string? Discriminator { get; }

    /// <summary>The number written on the wire, or <see langword="null"/> for a string kind.</summary>
    public long? NumericDiscriminator { get; }

    /// <summary>
    /// Overrides the stem of generated member names. Default: the type's name; for a closed generic type its name
    /// joined with its type arguments (<c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// Where this contract's kind is written (a path), instead of the client's <see cref="WebSocketClientAttribute.Discriminator"/>;
    /// <c>""</c> writes no kind at all (acknowledgements such as Slack's <c>{"envelope_id":"..."}</c>).
    /// </summary>
    public string? DiscriminatorProperty { get; set; }

    /// <summary>
    /// Where this contract's payload is written (a path), instead of the client's <see cref="WebSocketClientAttribute.Envelope"/>;
    /// <c>""</c> for the flat format.
    /// </summary>
    public string? Envelope { get; set; }
}
