using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Testing;

// The contracts of a generated client, found the way the generator finds them: from its attributes. The generated
// client keeps its own contracts private; the fake server rebuilds equal ones (same format, discriminator and JSON metadata).
internal static class ClientContracts
{
    internal const string ReflectionMessage = "The fake server reads the client's [WebSocketClient], [Sends], [Receives] and [Requests] attributes by reflection, and serializes with reflection when the client has no JsonContext.";

    private static readonly ConcurrentDictionary<(Type Client, Type Message, bool Received), object> s_contracts = new();
    private static readonly ConcurrentDictionary<(Type Client, Type Request, Type Response), object> s_requests = new();

    // received: the client receives it (the server sends it): [Receives<T>] or the response of [Requests<, T>].
    // Otherwise the client sends it: [Sends<T>] or the request of [Requests<T, >].
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static MessageContract<T> Get<T>(Type clientType, bool received)
        => (MessageContract<T>)s_contracts.GetOrAdd((clientType, typeof(T), received), static key => Create<T>(key.Client, key.Received));

    // One [Requests<TRequest, TResponse>] of the client: how its requests are read and its replies written.
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static RequestWireFormat<TRequest, TResponse> GetRequest<TRequest, TResponse>(Type clientType)
        => (RequestWireFormat<TRequest, TResponse>)s_requests.GetOrAdd((clientType, typeof(TRequest), typeof(TResponse)), static key => CreateRequest<TRequest, TResponse>(key.Client));

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static MessageContract<T> Create<T>(Type clientType, bool received)
    {
        var client = GetClientAttribute(clientType);
        var discriminator = FindDiscriminator(clientType, typeof(T), received)
            ?? throw new InvalidOperationException(received
                ? $"{clientType.FullName} does not receive {typeof(T).FullName}: it has no [Receives<{typeof(T).Name}>] (nor [Requests<, {typeof(T).Name}>])."
                : $"{clientType.FullName} does not send {typeof(T).FullName}: it has no [Sends<{typeof(T).Name}>] (nor [Requests<{typeof(T).Name}, >]).");
        return CreateContract<T>(clientType, client, discriminator);
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static RequestWireFormat<TRequest, TResponse> CreateRequest<TRequest, TResponse>(Type clientType)
    {
        var client = GetClientAttribute(clientType);
        foreach (var attribute in clientType.GetCustomAttributes(inherit: false))
        {
            var type = attribute.GetType();
            if (attribute is not IRequestsAttribute requests || type.GetGenericArguments() is not [var requestType, var responseType] || requestType != typeof(TRequest))
            {
                continue;
            }

            if (responseType != typeof(TResponse))
            {
                throw new InvalidOperationException(
                    $"{clientType.FullName} answers {typeof(TRequest).Name} with {responseType.FullName} ([Requests<{typeof(TRequest).Name}, {responseType.Name}>]), not with {typeof(TResponse).FullName}.");
            }

            var discriminator = requests.Discriminator ?? DefaultDiscriminator(typeof(TRequest));
            return new RequestWireFormat<TRequest, TResponse>(
                CreateContract<TRequest>(clientType, client, discriminator),
                CreateContract<TResponse>(clientType, client, requests.ResponseDiscriminator ?? discriminator));
        }

        throw new InvalidOperationException(
            $"{clientType.FullName} does not request {typeof(TRequest).FullName}: it has no [Requests<{typeof(TRequest).Name}, {typeof(TResponse).Name}>].");
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    private static WebSocketClientAttribute GetClientAttribute(Type clientType)
        => clientType.GetCustomAttribute<WebSocketClientAttribute>()
            ?? throw new InvalidOperationException($"{clientType.FullName} has no [WebSocketClient] attribute: typed messages need a generated client. Send raw JSON instead.");

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static MessageContract<T> CreateContract<T>(Type clientType, WebSocketClientAttribute client, string discriminator)
    {
        var format = new MessageFormat(client.Discriminator, client.Envelope, new MessageFormatOptions
        {
            Correlation = new CorrelationOptions
            {
                CorrelationId = client.CorrelationId,
                ReplyCorrelationId = client.ReplyCorrelationId,
                ErrorProperty = client.ErrorProperty,
                IdFormat = client.CorrelationIdFormat,
                ResponseEnvelope = client.ResponseEnvelope,
            },
        });
        if (client.JsonContext is { } contextType)
        {
            var context = contextType.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as JsonSerializerContext
                ?? throw new InvalidOperationException($"{contextType.FullName}, the JsonContext of {clientType.FullName}, has no static Default instance.");
            return MessageContract<T>.FromContext(clientType, format, discriminator, context);
        }

        return MessageContract<T>.CreateWithReflection(clientType, format, discriminator);
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    private static string? FindDiscriminator(Type clientType, Type messageType, bool received)
    {
        foreach (var attribute in clientType.GetCustomAttributes(inherit: false))
        {
            var type = attribute.GetType();
            if (!type.IsGenericType)
            {
                continue;
            }

            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            var matches = definition == typeof(ReceivesAttribute<>) ? received && arguments[0] == messageType
                : definition == typeof(SendsAttribute<>) ? !received && arguments[0] == messageType
                : definition == typeof(RequestsAttribute<,>) && arguments[received ? 1 : 0] == messageType;
            if (!matches)
            {
                continue;
            }

            var discriminator = attribute is IRequestsAttribute requests
                ? (received ? requests.ResponseDiscriminator ?? requests.Discriminator : requests.Discriminator)
                    ?? DefaultDiscriminator(arguments[0])
                : (string?)type.GetProperty("Discriminator")!.GetValue(attribute);
            return discriminator ?? DefaultDiscriminator(messageType);
        }

        return null;
    }

    // The generator's rule: the type's stem in camelCase (Page<Item> -> pageOfItem, Item[] -> itemArray).
    internal static string DefaultDiscriminator(Type type)
    {
        var stem = Stem(type);
        return stem.Length == 0 || !char.IsUpper(stem[0]) ? stem : char.ToLowerInvariant(stem[0]) + stem[1..];
    }

    private static string Stem(Type type)
    {
        if (type.IsArray)
        {
            return Stem(type.GetElementType()!) + "Array";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var stem = (tick < 0 ? name : name[..tick]) + "Of";
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            stem += (i == 0 ? string.Empty : "And") + Stem(arguments[i]);
        }

        return stem;
    }
}

/// <summary>The wire format of one <c>[Requests&lt;TRequest, TResponse&gt;]</c>, as the fake server reads requests and writes replies.</summary>
/// <typeparam name="TRequest">The request contract.</typeparam>
/// <typeparam name="TResponse">The response contract.</typeparam>
/// <param name="Request">The request's contract (its discriminator).</param>
/// <param name="Response">The response's contract, with the discriminator replies carry (<c>ResponseDiscriminator</c>, else the request's).</param>
internal sealed record RequestWireFormat<TRequest, TResponse>(
    MessageContract<TRequest> Request,
    MessageContract<TResponse> Response)
{
    /// <summary>The client's correlation id, error property and response envelope.</summary>
    public CorrelationFormat Correlation => Request.Format.Correlation;

    /// <summary>
    /// A reply has a request's shape, so the runtime's request head writes it: the response discriminator and the
    /// correlation id where replies carry it, in the client's id format, then the response envelope.
    /// </summary>
    public CorrelatedHead ReplyHead { get; } = new(
        Response.Format,
        Response.Kind,
        Response.DiscriminatorPath,
        Response.Format.Correlation.ResponseEnvelopePath,
        Response.Format.Correlation.ReplyIdPath,
        Response.Format.Correlation.IdFormat);

    /// <summary>Reads the id where requests carry it.</summary>
    public MessageFormat RequestIds { get; } = new(Request.Format.DiscriminatorProperty, null, new MessageFormatOptions { ReadPaths = [Request.Format.Correlation.IdPath.Text] });
}
