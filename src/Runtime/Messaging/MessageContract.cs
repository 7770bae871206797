using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TypedWebSockets.Messaging;

/// <summary>
/// One message contract of a typed client: its discriminator, its format and how to serialize it.
/// Generated clients create one per <c>[Sends&lt;T&gt;]</c>/<c>[Receives&lt;T&gt;]</c>; application code does not need it.
/// </summary>
/// <typeparam name="T">The contract type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageContract<T>
{
    /// <summary>Creates a contract serialized through <paramref name="typeInfo"/> (reflection-free with a source-generated context).</summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The discriminator value of this contract.</param>
    /// <param name="typeInfo">The serialization metadata of <typeparamref name="T"/>.</param>
    public MessageContract(Type clientType, MessageFormat format, string discriminator, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentException.ThrowIfNullOrWhiteSpace(discriminator);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ClientType = clientType;
        Format = format;
        Discriminator = discriminator;
        TypeInfo = typeInfo;
        WriterOptions = new JsonWriterOptions
        {
            Encoder = typeInfo.Options.Encoder,
            Indented = typeInfo.Options.WriteIndented,
            IndentCharacter = typeInfo.Options.IndentCharacter,
            IndentSize = typeInfo.Options.IndentSize,
            NewLine = typeInfo.Options.NewLine,
            MaxDepth = typeInfo.Options.MaxDepth,
            SkipValidation = true,
        };
        Prefix = BuildPrefix(format, discriminator);
    }

    /// <summary>
    /// Creates a contract serialized with <see cref="JsonSerializerOptions.Web"/> and reflection-based metadata.
    /// Used by clients without a <c>JsonContext</c>; not trim- or NativeAOT-safe.
    /// </summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The discriminator value of this contract.</param>
    /// <returns>The contract.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static MessageContract<T> CreateWithReflection(Type clientType, MessageFormat format, string discriminator)
        => new(clientType, format, discriminator, (JsonTypeInfo<T>)JsonSerializerOptions.Web.GetTypeInfo(typeof(T)));

    /// <summary>
    /// Creates a contract serialized through the metadata a source-generated <see cref="JsonSerializerContext"/> holds
    /// for <typeparamref name="T"/>: no reflection, trim- and NativeAOT-safe.
    /// </summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The discriminator value of this contract.</param>
    /// <param name="context">The client's <c>JsonContext</c> (its <c>Default</c> instance).</param>
    /// <returns>The contract.</returns>
    /// <exception cref="InvalidOperationException">The context has no <c>[JsonSerializable]</c> for <typeparamref name="T"/>.</exception>
    public static MessageContract<T> FromContext(Type clientType, MessageFormat format, string discriminator, JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetTypeInfo(typeof(T)) is not JsonTypeInfo<T> typeInfo)
        {
            throw new InvalidOperationException(
                $"{context.GetType().FullName} has no metadata for {typeof(T).FullName}, a contract of {clientType.FullName}. Add [JsonSerializable(typeof({typeof(T).FullName}))] to it.");
        }

        return new MessageContract<T>(clientType, format, discriminator, typeInfo);
    }

    /// <summary>The generated client type.</summary>
    public Type ClientType { get; }

    /// <summary>The client's wire format.</summary>
    public MessageFormat Format { get; }

    /// <summary>The discriminator value of this contract.</summary>
    public string Discriminator { get; }

    /// <summary>The serialization metadata of <typeparamref name="T"/>.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    internal JsonWriterOptions WriterOptions { get; }

    /// <summary>The size of the last message written, a hint for the next buffer (races are harmless).</summary>
    internal int LastSize { get; set; }

    /// <summary>
    /// The UTF-8 bytes written before the serialized contract: <c>{"type":"chat"</c> (flat: the contract's own
    /// <c>{</c> then becomes a <c>,</c>) or <c>{"type":"chat","data":</c> (envelope).
    /// </summary>
    internal byte[] Prefix { get; }

    private static byte[] BuildPrefix(MessageFormat format, string discriminator)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString(format.EncodedDiscriminatorProperty, discriminator);
            if (format.IsEnvelope)
            {
                writer.WritePropertyName(format.EncodedEnvelopeProperty);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }
}
