using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> opens subscriptions with requests of type
/// <typeparamref name="TRequest"/>, answered by a stream of <typeparamref name="TItem"/> that carry the request's
/// correlation id: the generator emits
/// <c>IAsyncEnumerable&lt;TItem&gt; SubscribeAsync(TRequest request, CancellationToken cancellationToken = default)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The request is sent with a new correlation id when enumeration starts. Every later message that carries that id is
/// an item (read from <see cref="ItemEnvelope"/>), except that a kind equal to <see cref="CompleteDiscriminator"/> ends the
/// sequence and a kind equal to <see cref="CorrelatedContractAttribute.ErrorDiscriminator"/> (or a non-null
/// <see cref="WebSocketClientAttribute.ErrorProperty"/>) fails it with a <see cref="WebSocketRequestException"/>.
/// With <see cref="ItemDiscriminator"/> set, only messages of that kind are items; others with the id are ignored.
/// </para>
/// <para>
/// When the consumer stops early (break, dispose, cancellation) and <see cref="StopDiscriminator"/> is set, a message of
/// that kind with the id and no payload is sent. When the connection ends, the sequence fails with the
/// <see cref="System.Net.WebSockets.WebSocketException"/> pending requests get. Items wait in a buffer of
/// <see cref="WebSocketOptions.StreamCapacity"/>; overflow is reported. See docs/requests.md.
/// </para>
/// </remarks>
/// <example>
/// graphql-transport-ws:
/// <code>
/// [WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String)]
/// [Subscribes&lt;Subscribe, ExecutionResult&gt;("subscribe", ItemDiscriminator = "next",
///     CompleteDiscriminator = "complete", ErrorDiscriminator = "error", StopDiscriminator = "complete")]
/// public partial class GraphQLClient;
/// </code>
/// </example>
/// <typeparam name="TRequest">The subscription request contract.</typeparam>
/// <typeparam name="TItem">The contract of each item.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SubscribesAttribute<TRequest, TItem> : CorrelatedContractAttribute, ISubscribesAttribute
{
    /// <summary>Declares a subscription.</summary>
    /// <param name="discriminator">
    /// The discriminator value of the subscription request. Default (<see langword="null"/>): the request type's name in camelCase.
    /// </param>
    public SubscribesAttribute(string? discriminator = null)
        : base(discriminator)
    {
    }

    /// <summary>Declares a subscription whose request kind is written as a JSON number.</summary>
    /// <param name="discriminator">The number written on the wire.</param>
    public SubscribesAttribute(long discriminator)
        : base(discriminator)
    {
    }

    /// <summary>
    /// Where each item's payload lives (a path); <c>""</c> for the whole message. Default (<see langword="null"/>):
    /// <see cref="CorrelatedContractAttribute.ResponseEnvelope"/>, else the client's.
    /// </summary>
    public string? ItemEnvelope { get; set; }

    /// <summary>
    /// The kind of item messages (graphql-transport-ws <c>"next"</c>, Home Assistant <c>"event"</c>): only messages with the
    /// id and this kind are items; others with the id that are no complete or error kind are ignored (Home Assistant's
    /// <c>"result"</c> acknowledgement). Default (<see langword="null"/>): every such message is an item.
    /// </summary>
    public string? ItemDiscriminator { get; set; }

    /// <summary>The kind of the message with the id that ends the sequence (graphql-transport-ws <c>"complete"</c>); <see langword="null"/> for none.</summary>
    public string? CompleteDiscriminator { get; set; }

    /// <summary>
    /// The kind of the message the client sends, with the id and no payload, when the consumer stops before the sequence
    /// ended (graphql-transport-ws <c>{"id":"1","type":"complete"}</c>); <see langword="null"/>: nothing is sent.
    /// </summary>
    public string? StopDiscriminator { get; set; }
}

// Lets the fake server read any SubscribesAttribute<,> without reflection over its properties.
internal interface ISubscribesAttribute
{
    string? Discriminator { get; }

    long? NumericDiscriminator { get; }

    string? ItemEnvelope { get; }

    string? ItemDiscriminator { get; }

    string? CompleteDiscriminator { get; }

    string? ErrorDiscriminator { get; }

    string? StopDiscriminator { get; }
}
