using System;

namespace TypedWebSockets;

/// <summary>
/// What <see cref="RequestsAttribute{TRequest, TResponse}">[Requests]</see> and
/// <see cref="SubscribesAttribute{TRequest, TItem}">[Subscribes]</see> share: a request sent with a correlation id,
/// answered by messages that carry the same id.
/// </summary>
/// <remarks>
/// The members live on this non-generic class, as on <see cref="ContractAttribute"/>, so the compiler creates them once
/// rather than once per pair of contract types. Every value that says where something lives is a path (a property name
/// or a JSON Pointer starting with <c>/</c>); see docs/requests.md.
/// </remarks>
public abstract class CorrelatedContractAttribute : Attribute
{
    private protected CorrelatedContractAttribute(string? discriminator) => Discriminator = discriminator;

    private protected CorrelatedContractAttribute(long discriminator) => NumericDiscriminator = discriminator;

    /// <summary>
    /// The string kind of the request, or <see langword="null"/> for a number kind or the default (the request type's
    /// name in camelCase).
    /// </summary>
    public string? Discriminator { get; }

    /// <summary>The number kind of the request (written as a JSON number), or <see langword="null"/> for a string kind.</summary>
    public long? NumericDiscriminator { get; }

    /// <summary>
    /// Where the request's kind lives (a path), instead of the client's <see cref="WebSocketClientAttribute.Discriminator"/>;
    /// replies of this pair carry their kind there too (for <see cref="ErrorDiscriminator"/> and the subscription kinds).
    /// </summary>
    public string? DiscriminatorProperty { get; set; }

    /// <summary>
    /// Where the request's payload lives (a path), instead of the client's <see cref="WebSocketClientAttribute.Envelope"/>;
    /// <c>""</c> for the flat format (the request's properties beside the kind and the id).
    /// </summary>
    public string? Envelope { get; set; }

    /// <summary>
    /// Where replies of this pair carry their payload (a path), instead of the client's
    /// <see cref="WebSocketClientAttribute.ResponseEnvelope"/>; <c>""</c> for the whole reply (flat).
    /// </summary>
    public string? ResponseEnvelope { get; set; }

    /// <summary>
    /// A reply kind that means failure: a reply with the request's id whose kind (at <see cref="DiscriminatorProperty"/>,
    /// else the client's discriminator) is this value fails the call or the subscription with a
    /// <see cref="WebSocketRequestException"/> whose <see cref="WebSocketRequestException.Error"/> is the reply's payload
    /// (the response envelope's value, or the whole reply in the flat format). graphql-transport-ws: <c>"error"</c>.
    /// Default (<see langword="null"/>): only a non-null <see cref="WebSocketClientAttribute.ErrorProperty"/> is an error.
    /// </summary>
    public string? ErrorDiscriminator { get; set; }
}
