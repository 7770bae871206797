using System;
using System.Buffers;
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
    private static readonly ConcurrentDictionary<(Type Client, Type Request, Type Item), object> s_subscriptions = new();

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

    // One [Subscribes<TRequest, TItem>] of the client: how its requests are read and its items, completion and errors written.
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static SubscriptionWireFormat<TRequest, TItem> GetSubscription<TRequest, TItem>(Type clientType)
        => (SubscriptionWireFormat<TRequest, TItem>)s_subscriptions.GetOrAdd((clientType, typeof(TRequest), typeof(TItem)), static key => CreateSubscription<TRequest, TItem>(key.Client));

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static SubscriptionWireFormat<TRequest, TItem> CreateSubscription<TRequest, TItem>(Type clientType)
    {
        var client = GetClientAttribute(clientType);
        foreach (var attribute in clientType.GetCustomAttributes(inherit: false))
        {
            if (attribute is not (CorrelatedContractAttribute pair and ISubscribesAttribute subscribes)
                || attribute.GetType().GetGenericArguments() is not [var requestType, var itemType] || requestType != typeof(TRequest))
            {
                continue;
            }

            if (itemType != typeof(TItem))
            {
                throw new InvalidOperationException(
                    $"{clientType.FullName} subscribes with {typeof(TRequest).Name} to {itemType.FullName} ([Subscribes<{typeof(TRequest).Name}, {itemType.Name}>]), not to {typeof(TItem).FullName}.");
            }

            var kind = KindOf(pair, typeof(TRequest));
            return new SubscriptionWireFormat<TRequest, TItem>(
                CreateContract<TRequest>(clientType, client, kind, pair.DiscriminatorProperty, pair.Envelope),
                CreateContract<TItem>(clientType, client, kind, pair.DiscriminatorProperty, pair.Envelope),
                pair,
                subscribes.ItemEnvelope);
        }

        throw new InvalidOperationException(
            $"{clientType.FullName} does not subscribe with {typeof(TRequest).FullName}: it has no [Subscribes<{typeof(TRequest).Name}, {typeof(TItem).Name}>].");
    }

    private static MessageKind KindOf(CorrelatedContractAttribute pair, Type requestType)
        => pair.NumericDiscriminator is { } number ? MessageKind.Number(number) : MessageKind.String(pair.Discriminator ?? DefaultDiscriminator(requestType));

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

            var pair = (CorrelatedContractAttribute)attribute;
            var kind = KindOf(pair, typeof(TRequest));
            return new RequestWireFormat<TRequest, TResponse>(
                CreateContract<TRequest>(clientType, client, kind, pair.DiscriminatorProperty, pair.Envelope),
                CreateContract<TResponse>(clientType, client, requests.ResponseDiscriminator is { } response ? MessageKind.String(response) : kind, pair.DiscriminatorProperty, pair.ResponseEnvelope ?? client.ResponseEnvelope ?? client.Envelope),
                pair.ResponseEnvelope);
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
        => CreateContract<T>(clientType, client, MessageKind.String(discriminator), null, null);

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static MessageContract<T> CreateContract<T>(Type clientType, WebSocketClientAttribute client, MessageKind kind, string? discriminatorProperty, string? envelope)
    {
        // The contract's own paths are read too, so that the server can check its kind and read its payload.
        var paths = new System.Collections.Generic.List<string> { client.Discriminator };
        foreach (var path in new[] { client.Envelope, discriminatorProperty, envelope })
        {
            if (!string.IsNullOrEmpty(path))
            {
                paths.Add(path);
            }
        }

        var format = new MessageFormat(client.Discriminator, client.Envelope, new MessageFormatOptions
        {
            ReadPaths = paths,
            PropertyNamingPolicy = client.JsonContext is null && client.PropertyNamingPolicy != JsonKnownNamingPolicy.CamelCase ? client.PropertyNamingPolicy : null,
            NumberHandling = client.JsonContext is null && client.NumberHandling != JsonNumberHandling.AllowReadingFromString ? client.NumberHandling : null,
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
            return MessageContract<T>.FromContext(clientType, format, kind, context, discriminatorProperty, envelope);
        }

        return MessageContract<T>.CreateWithReflection(clientType, format, kind, discriminatorProperty, envelope);
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
/// <param name="ResponseEnvelope">The pair's own <c>ResponseEnvelope</c>, if any.</param>
internal sealed record RequestWireFormat<TRequest, TResponse>(
    MessageContract<TRequest> Request,
    MessageContract<TResponse> Response,
    string? ResponseEnvelope)
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
        ResponseEnvelope is null ? Response.Format.Correlation.ResponseEnvelopePath : MessagePath.Parse(ResponseEnvelope),
        Response.Format.Correlation.ReplyIdPath,
        Response.Format.Correlation.IdFormat);

    /// <summary>Reads the id where requests carry it.</summary>
    public MessageFormat RequestIds { get; } = CorrelatedWire.RequestIds(Request);
}

/// <summary>The wire format of one <c>[Subscribes&lt;TRequest, TItem&gt;]</c>, as the fake server reads subscriptions and writes their messages.</summary>
/// <typeparam name="TRequest">The subscription request contract.</typeparam>
/// <typeparam name="TItem">The item contract.</typeparam>
internal sealed class SubscriptionWireFormat<TRequest, TItem>
{
    public SubscriptionWireFormat(MessageContract<TRequest> request, MessageContract<TItem> item, CorrelatedContractAttribute pair, string? itemEnvelope)
    {
        Request = request;
        Item = item;
        var correlation = request.Format.Correlation;
        var responseEnvelope = pair.ResponseEnvelope is { } response ? MessagePath.Parse(response) : correlation.ResponseEnvelopePath;
        var itemPath = itemEnvelope is null ? responseEnvelope : MessagePath.Parse(itemEnvelope);
        var subscribes = (ISubscribesAttribute)pair;
        ItemHead = Head(subscribes.ItemDiscriminator is { } itemKind ? MessageKind.String(itemKind) : request.Kind, itemPath);
        CompleteHead = subscribes.CompleteDiscriminator is { } complete ? Head(MessageKind.String(complete), MessagePath.Root) : null;
        ErrorHead = subscribes.ErrorDiscriminator is { } error ? Head(MessageKind.String(error), responseEnvelope) : Head(MessageKind.None, correlation.ErrorPath);
        Stop = subscribes.StopDiscriminator;
        Stops = new MessageFormat(request.Format.DiscriminatorProperty, null, new MessageFormatOptions { ReadPaths = [request.DiscriminatorPath.Text, correlation.IdPath.Text] });
        RequestIds = CorrelatedWire.RequestIds(request);

        CorrelatedHead Head(MessageKind kind, MessagePath envelope)
            => new(request.Format, kind, request.DiscriminatorPath, envelope, correlation.ReplyIdPath, correlation.IdFormat);
    }

    public MessageContract<TRequest> Request { get; }

    /// <summary>Serializes items (its kind is not used: <see cref="ItemHead"/> writes the item's).</summary>
    public MessageContract<TItem> Item { get; }

    /// <summary>An item: its kind (<c>ItemDiscriminator</c>, else the request's), the id, the item envelope.</summary>
    public CorrelatedHead ItemHead { get; }

    /// <summary>The completion (<c>CompleteDiscriminator</c> and the id), or <see langword="null"/> when the subscription declares none.</summary>
    public CorrelatedHead? CompleteHead { get; }

    /// <summary>An error: the <c>ErrorDiscriminator</c> kind, the id and the payload; or, without one, the id and the error property.</summary>
    public CorrelatedHead ErrorHead { get; }

    /// <summary>The <c>StopDiscriminator</c>, or <see langword="null"/>.</summary>
    public string? Stop { get; }

    /// <summary>Reads a stop message's kind (slot 0) and id (slot 1).</summary>
    public MessageFormat Stops { get; }

    /// <summary>Reads the id where requests carry it.</summary>
    public MessageFormat RequestIds { get; }
}

internal static class CorrelatedWire
{
    public static MessageFormat RequestIds(MessageContract request)
        => new(request.Format.DiscriminatorProperty, null, new MessageFormatOptions { ReadPaths = [request.Format.Correlation.IdPath.Text] });

    /// <summary>
    /// Writes <paramref name="head"/> with <paramref name="id"/>, then a raw JSON payload (an object's members follow the
    /// head's when the payload shares their object), then the tail.
    /// </summary>
    public static byte[] Write(CorrelatedHead head, long id, ReadOnlySpan<byte> payload)
    {
        var buffer = new ArrayBufferWriter<byte>(head.MaxLength + payload.Length + 8);
        var length = head.Write(id, buffer.GetSpan(head.MaxLength));
        buffer.Advance(length);
        var layout = head.Layout;
        if (payload.IsEmpty)
        {
            buffer.Write("}"u8);
            return buffer.WrittenSpan.ToArray();
        }

        if (layout.MembersBeforePayload(layout.StartMembers) > 0)
        {
            var trimmed = payload.Trim(" \r\n\t"u8);
            if (trimmed.Length < 2 || trimmed[0] != (byte)'{')
            {
                throw new ArgumentException("A payload that shares its object with the kind and the id must be a JSON object.", nameof(payload));
            }

            var inner = trimmed[1..^1].Trim(" \r\n\t"u8);
            buffer.Write(inner.IsEmpty ? "}"u8 : ","u8);
            if (!inner.IsEmpty)
            {
                buffer.Write(trimmed[1..]);
            }
        }
        else
        {
            buffer.Write(payload);
        }

        buffer.Write(layout.Tail);
        return buffer.WrittenSpan.ToArray();
    }
}
