using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests.Infrastructure;

/// <summary>Where the server puts the discriminator among the top-level properties of a message it sends.</summary>
public enum DiscriminatorPosition
{
    First,
    Middle,
    Last,
}

/// <summary>Writes the server's messages and reads the client's, in each client kind's wire format, without the library's serializer.</summary>
public static class Wire
{
    /// <summary>
    /// The message a server sends: <paramref name="bodyJson"/> (a JSON object for the flat format, any value in an envelope)
    /// with the discriminator <paramref name="discriminatorToken"/> (a raw JSON string token, quotes and escapes included).
    /// </summary>
    public static string Compose(ClientKind kind, string discriminatorToken, string bodyJson, DiscriminatorPosition position = DiscriminatorPosition.First)
    {
        var discriminator = JsonSerializer.Serialize(ChatClients.DiscriminatorProperty(kind)) + ":" + discriminatorToken;
        List<string> properties;
        if (ChatClients.EnvelopeProperty(kind) is { } envelope)
        {
            // A property the client ignores, so that "middle" has something on both sides.
            properties = [JsonSerializer.Serialize(envelope) + ":" + bodyJson, "\"note\":\"ignored\""];
        }
        else
        {
            using var body = JsonDocument.Parse(bodyJson);
            properties = body.RootElement.EnumerateObject().Select(p => JsonSerializer.Serialize(p.Name) + ":" + p.Value.GetRawText()).ToList();
        }

        var index = position switch
        {
            DiscriminatorPosition.First => 0,
            DiscriminatorPosition.Middle => Math.Max(1, properties.Count / 2),
            DiscriminatorPosition.Last => properties.Count,
            _ => throw new ArgumentOutOfRangeException(nameof(position), position, "Unknown position."),
        };
        properties.Insert(index, discriminator);
        return "{" + string.Join(",", properties) + "}";
    }

    /// <summary>The same, with a plain discriminator value.</summary>
    public static string Message(ClientKind kind, string discriminator, string bodyJson, DiscriminatorPosition position = DiscriminatorPosition.First)
        => Compose(kind, JsonSerializer.Serialize(discriminator), bodyJson, position);

    /// <summary>
    /// Checks the shape of a message a client sent (discriminator property first with <paramref name="discriminator"/>; in
    /// the envelope format exactly one more property, the envelope) and returns the contract's JSON: the envelope's value,
    /// or the top-level object whose properties other than the discriminator are the contract's.
    /// </summary>
    public static Body Open(ClientKind kind, string json, string discriminator)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var properties = root.EnumerateObject().ToArray();
        Assert.NotEmpty(properties);
        var property = ChatClients.DiscriminatorProperty(kind);
        Assert.Equal(property, properties[0].Name);
        Assert.Equal(discriminator, properties[0].Value.GetString());
        Assert.Single(properties, p => p.Name == property);
        if (ChatClients.EnvelopeProperty(kind) is { } envelope)
        {
            Assert.Equal([property, envelope], properties.Select(p => p.Name));
            var value = properties[1].Value.Clone();
            return new Body(value, value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Select(p => p.Name).ToArray() : []);
        }

        return new Body(root.Clone(), properties.Skip(1).Select(p => p.Name).ToArray());
    }

    /// <summary>A contract's JSON as a client sent it, with the names of its own properties in order.</summary>
    public sealed record Body(JsonElement Element, IReadOnlyList<string> PropertyNames)
    {
        public JsonElement this[string name] => Element.GetProperty(name);
    }
}
