using System.ComponentModel;

namespace TypedWebSockets.Messaging;

/// <summary>
/// What one <c>[Requests]</c> or <c>[Subscribes]</c> sets beyond its kind: its own paths and the reply kinds that mean
/// error, item, completion and stop. Generated clients create one where the attribute sets any; application code does
/// not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CorrelatedContractOptions
{
    /// <summary>Where the request's kind lives, and replies' kinds are read (a path); <see langword="null"/>: the format's.</summary>
    public string? DiscriminatorProperty { get; init; }

    /// <summary>Where the request's payload lives (a path; <c>""</c> for flat); <see langword="null"/>: the format's.</summary>
    public string? Envelope { get; init; }

    /// <summary>Where replies carry their payload (a path; <c>""</c> for flat); <see langword="null"/>: the client's response envelope.</summary>
    public string? ResponseEnvelope { get; init; }

    /// <summary>A reply kind that fails the call or subscription with its payload as the error.</summary>
    public string? ErrorDiscriminator { get; init; }

    /// <summary>Requests: whether the response type allows <see langword="null"/>, so a null or absent payload is a response.</summary>
    public bool ResponseAllowsNull { get; init; }

    /// <summary>Subscriptions: where items carry their payload (a path); <see langword="null"/>: <see cref="ResponseEnvelope"/>.</summary>
    public string? ItemEnvelope { get; init; }

    /// <summary>Subscriptions: the kind of item messages; <see langword="null"/>: every message with the id that ends nothing is an item.</summary>
    public string? ItemDiscriminator { get; init; }

    /// <summary>Subscriptions: the kind that ends the sequence.</summary>
    public string? CompleteDiscriminator { get; init; }

    /// <summary>Subscriptions: the kind of the message (id, no payload) sent when the consumer stops early.</summary>
    public string? StopDiscriminator { get; init; }
}
