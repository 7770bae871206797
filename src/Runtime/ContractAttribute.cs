using System;

namespace TypedWebSockets;

/// <summary>
/// What <see cref="SendsAttribute{T}">[Sends&lt;T&gt;]</see> and <see cref="ReceivesAttribute{T}">[Receives&lt;T&gt;]</see>
/// share: the contract's kind, the stem of its generated members, and where its kind and payload live.
/// </summary>
/// <remarks>
/// The members live here, on a non-generic class, rather than on the generic attributes: the compiler then creates them
/// once, not once per contract type (a client with many contracts binds its attributes on every edit).
/// </remarks>
public abstract class ContractAttribute : Attribute
{
    private protected ContractAttribute(string? discriminator) => Discriminator = discriminator;

    private protected ContractAttribute(long discriminator) => NumericDiscriminator = discriminator;

    /// <summary>
    /// The string kind (on <c>[Receives]</c>, possibly a <c>*</c> pattern), or <see langword="null"/> for a number kind or
    /// the default (the type's name in camelCase).
    /// </summary>
    public string? Discriminator { get; }

    /// <summary>The number kind, or <see langword="null"/> for a string kind.</summary>
    public long? NumericDiscriminator { get; }

    /// <summary>
    /// Overrides the stem of generated member names. Default: the type's name; for a closed generic type its name
    /// joined with its type arguments (<c>Page&lt;Item&gt;</c> → <c>OnPageOfItem</c>, <c>Events.PageOfItem</c>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// Where this contract's kind lives (a path), instead of the client's <see cref="WebSocketClientAttribute.Discriminator"/>:
    /// Discord's <c>"t"</c> beside <c>"op"</c>, Twitch's <c>"/metadata/subscription_type"</c>. On <c>[Sends]</c>,
    /// <c>""</c> writes no kind at all (acknowledgements such as Slack's <c>{"envelope_id":"..."}</c>); a received
    /// contract always has a kind, so on <c>[Receives]</c> it cannot be <c>""</c>.
    /// </summary>
    public string? DiscriminatorProperty { get; set; }

    /// <summary>
    /// Where this contract's payload lives (a path), instead of the client's <see cref="WebSocketClientAttribute.Envelope"/>;
    /// <c>""</c> for the whole message (the flat format; received, a flat wrapper that also captures top-level properties
    /// such as Discord's <c>s</c>).
    /// </summary>
    public string? Envelope { get; set; }
}
