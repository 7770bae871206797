using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> makes requests of type
/// <typeparamref name="TRequest"/> that the server answers with one <typeparamref name="TResponse"/>: the generator emits
/// <c>Task&lt;TResponse&gt; RequestAsync(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)</c>.
/// </summary>
/// <remarks>
/// The request is sent with the discriminator and a correlation id (<see cref="WebSocketClientAttribute.CorrelationId"/>,
/// a number unique per client, written as <see cref="WebSocketClientAttribute.CorrelationIdFormat"/> says); the reply that
/// carries the same id (at <see cref="WebSocketClientAttribute.ReplyCorrelationId"/>) completes the call, whatever order
/// replies arrive in. A reply with a non-null <see cref="WebSocketClientAttribute.ErrorProperty"/>, or whose kind is
/// <see cref="CorrelatedContractAttribute.ErrorDiscriminator"/>, fails it with a <see cref="WebSocketRequestException"/>.
/// A <typeparamref name="TResponse"/> that allows <see langword="null"/> accepts a null or absent payload.
/// See docs/requests.md.
/// </remarks>
/// <typeparam name="TRequest">The request contract: serialized as a JSON object.</typeparam>
/// <typeparam name="TResponse">The response contract.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RequestsAttribute<TRequest, TResponse> : CorrelatedContractAttribute, IRequestsAttribute
{
    /// <summary>Declares a request/response pair.</summary>
    /// <param name="discriminator">
    /// The discriminator value of the request. Default (<see langword="null"/>): the request type's name in camelCase.
    /// </param>
    public RequestsAttribute(string? discriminator = null)
        : base(discriminator)
    {
    }

    /// <summary>Declares a request/response pair whose request kind is written as a JSON number.</summary>
    /// <param name="discriminator">The number written on the wire.</param>
    public RequestsAttribute(long discriminator)
        : base(discriminator)
    {
    }

    /// <summary>
    /// The discriminator the server writes on the response, for tools that read the wire (the fake server, logs). Responses
    /// are matched by correlation id, so a response without a discriminator, or with another one, is still matched.
    /// Default (<see langword="null"/>): the request's discriminator.
    /// </summary>
    public string? ResponseDiscriminator { get; set; }
}

// Lets the fake server read any RequestsAttribute<,> without reflection over its properties.
internal interface IRequestsAttribute
{
    string? Discriminator { get; }

    string? ResponseDiscriminator { get; }
}
