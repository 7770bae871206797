using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> makes requests of type
/// <typeparamref name="TRequest"/> that the server answers with one <typeparamref name="TResponse"/>: the generator emits
/// <c>Task&lt;TResponse&gt; RequestAsync(TRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)</c>.
/// </summary>
/// <remarks>
/// The request is sent with the discriminator and a correlation id (<see cref="WebSocketClientAttribute.CorrelationId"/>,
/// an increasing number); the reply that carries the same id completes the call, whatever order replies arrive in.
/// A reply with the <see cref="WebSocketClientAttribute.ErrorProperty"/> fails it with a <see cref="WebSocketRequestException"/>.
/// See docs/requests.md.
/// </remarks>
/// <typeparam name="TRequest">The request contract: serialized as a JSON object.</typeparam>
/// <typeparam name="TResponse">The response contract.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RequestsAttribute<TRequest, TResponse> : Attribute, IRequestsAttribute
{
    /// <summary>Declares a request/response pair.</summary>
    /// <param name="discriminator">
    /// The discriminator value of the request. Default (<see langword="null"/>): the request type's name in camelCase.
    /// </param>
    public RequestsAttribute(string? discriminator = null) => Discriminator = discriminator;

    /// <summary>The discriminator value of the request, or <see langword="null"/> for the default.</summary>
    public string? Discriminator { get; }

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
