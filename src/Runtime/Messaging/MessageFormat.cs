using System;
using System.ComponentModel;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// The wire format of a typed client: the discriminator property and, for the envelope format, the property that
/// holds the message. Generated clients create one; application code does not need it.
/// </summary>
/// <remarks>
/// Flat format (<see cref="EnvelopeProperty"/> is <see langword="null"/>): <c>{"type":"chat","user":"ada"}</c>.
/// Envelope format: <c>{"type":"chat","data":{"user":"ada"}}</c>. See <c>docs/wire-format.md</c>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageFormat
{
    /// <summary>Creates a format.</summary>
    /// <param name="discriminatorProperty">The JSON property naming the message kind, e.g. <c>"type"</c>.</param>
    /// <param name="envelopeProperty">The JSON property holding the message, or <see langword="null"/> for the flat format.</param>
    /// <exception cref="ArgumentException">A name is empty or whitespace, or both names are the same.</exception>
    public MessageFormat(string discriminatorProperty, string? envelopeProperty)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(discriminatorProperty);
        if (envelopeProperty is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(envelopeProperty);
            if (string.Equals(envelopeProperty, discriminatorProperty, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The envelope property '{envelopeProperty}' cannot be the discriminator property too.", nameof(envelopeProperty));
            }
        }

        DiscriminatorProperty = discriminatorProperty;
        EnvelopeProperty = envelopeProperty;
        EncodedDiscriminatorProperty = JsonEncodedText.Encode(discriminatorProperty);
        EncodedEnvelopeProperty = envelopeProperty is null ? default : JsonEncodedText.Encode(envelopeProperty);
    }

    /// <summary>The JSON property naming the message kind.</summary>
    public string DiscriminatorProperty { get; }

    /// <summary>The JSON property holding the message in the envelope format; <see langword="null"/> for the flat format.</summary>
    public string? EnvelopeProperty { get; }

    /// <summary><see langword="true"/> for the envelope format.</summary>
    public bool IsEnvelope => EnvelopeProperty is not null;

    internal JsonEncodedText EncodedDiscriminatorProperty { get; }

    internal JsonEncodedText EncodedEnvelopeProperty { get; }
}
