using TypedWebSockets.Generator.Helpers;

namespace TypedWebSockets.Generator.Model;

/// <summary>The arguments of the client's <c>MessageFormat</c>; compares by value.</summary>
/// <param name="DiscriminatorProperty">Where the kind lives by default, as written.</param>
/// <param name="EnvelopeProperty">Where the payload lives by default, as written; <see langword="null"/> for the flat format.</param>
/// <param name="ReadPaths">The paths received messages are read at, when they differ from the default (the discriminator and the envelope); otherwise empty.</param>
/// <param name="ReadSlotCount">How many paths the dispatcher reads (the length of the stack buffer it passes the reader).</param>
/// <param name="SentProperties">The <c>[SendsProperty]</c> constants, in order.</param>
/// <param name="Batches">Whether a received JSON array is a batch.</param>
/// <param name="PlainTextMessages">The plain-text messages the protocol sends on purpose.</param>
/// <param name="NamingPolicy">The <c>JsonKnownNamingPolicy</c> member of a reflection-mode client, or <see langword="null"/> for the default.</param>
/// <param name="Correlation">The client's correlation options when they differ from the defaults and it has requests or subscriptions.</param>
/// <param name="NumberHandling">The <c>JsonNumberHandling</c> value of a reflection-mode client as C# (<c>Strict</c>, <c>AllowReadingFromString | WriteAsString</c>), or <see langword="null"/> for the default.</param>
internal sealed record MessageFormatSpec(
    string DiscriminatorProperty,
    string? EnvelopeProperty,
    EquatableArray<string> ReadPaths,
    int ReadSlotCount,
    EquatableArray<SentPropertySpec> SentProperties,
    bool Batches,
    EquatableArray<string> PlainTextMessages,
    string? NamingPolicy,
    string? NumberHandling,
    CorrelationSpec? Correlation)
{
    /// <summary>Whether the format needs a <c>MessageFormatOptions</c> beyond its two paths.</summary>
    public bool HasOptions => ReadPaths.Count > 0 || SentProperties.Count > 0 || Batches || PlainTextMessages.Count > 0 || NamingPolicy is not null || NumberHandling is not null || Correlation is not null;
}

/// <summary>One <c>[SendsProperty(name, value)]</c>.</summary>
/// <param name="Name">The property name.</param>
/// <param name="ValueLiteral">The value as C# source (<c>"2.0"</c>, <c>1L</c>, <c>true</c>, <c>(string?)null</c>).</param>
internal sealed record SentPropertySpec(string Name, string ValueLiteral);
