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

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static MessageFormat GetFormat(Type clientType)
    {
        var client = clientType.GetCustomAttribute<WebSocketClientAttribute>()
            ?? throw new InvalidOperationException($"{clientType.FullName} has no [WebSocketClient] attribute: typed messages need a generated client. Send raw JSON instead.");
        return new MessageFormat(client.Discriminator, client.Envelope);
    }

    // received: the client receives it (the server sends it): [Receives<T>] or the response of [Requests<, T>].
    // Otherwise the client sends it: [Sends<T>] or the request of [Requests<T, >].
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static MessageContract<T> Get<T>(Type clientType, bool received)
        => (MessageContract<T>)s_contracts.GetOrAdd((clientType, typeof(T), received), static key => Create<T>(key.Client, key.Received));

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static MessageContract<T> Create<T>(Type clientType, bool received)
    {
        var client = clientType.GetCustomAttribute<WebSocketClientAttribute>()
            ?? throw new InvalidOperationException($"{clientType.FullName} has no [WebSocketClient] attribute: typed messages need a generated client. Send raw JSON instead.");
        var format = new MessageFormat(client.Discriminator, client.Envelope);
        var discriminator = FindDiscriminator(clientType, typeof(T), received)
            ?? throw new InvalidOperationException(received
                ? $"{clientType.FullName} does not receive {typeof(T).FullName}: it has no [Receives<{typeof(T).Name}>] (nor [Requests<, {typeof(T).Name}>])."
                : $"{clientType.FullName} does not send {typeof(T).FullName}: it has no [Sends<{typeof(T).Name}>] (nor [Requests<{typeof(T).Name}, >]).");
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
