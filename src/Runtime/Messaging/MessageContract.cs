using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TypedWebSockets.Messaging;

/// <summary>
/// One message contract of a typed client: its kind, where the kind and the payload live, and its format.
/// Generated clients create one per <c>[Sends&lt;T&gt;]</c>/<c>[Receives&lt;T&gt;]</c>; application code does not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class MessageContract
{
    private MessageHead? _head;

    private protected MessageContract(Type clientType, MessageFormat format, MessageKind kind, string? discriminatorProperty, string? envelope)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ArgumentNullException.ThrowIfNull(format);
        ClientType = clientType;
        Format = format;
        Kind = kind;
        DiscriminatorPath = discriminatorProperty is null ? format.DiscriminatorPath : MessagePath.Parse(discriminatorProperty);
        EnvelopePath = envelope is null ? format.EnvelopePath : MessagePath.Parse(envelope);
        if (kind.Type != MessageKindType.None && DiscriminatorPath.IsRoot)
        {
            throw new ArgumentException($"The '{kind}' contract needs a discriminator property; \"\" writes and reads no kind.", nameof(discriminatorProperty));
        }

        if (kind.Type != MessageKindType.None && !EnvelopePath.IsRoot && EnvelopePath.StartsWith(DiscriminatorPath))
        {
            throw new ArgumentException($"The envelope '{EnvelopePath}' of the '{kind}' contract cannot be its discriminator property '{DiscriminatorPath}' or lie inside it.", nameof(envelope));
        }

        KindType = kind.Type;
        KindUtf8 = kind.Utf8;
        KindNumber = kind.NumberValue;
        KindSlot = kind.Type == MessageKindType.None ? -1 : format.SlotOf(DiscriminatorPath);
        EnvelopeSlot = EnvelopePath.IsRoot ? -1 : format.SlotOf(EnvelopePath) is var slot and >= 0 ? slot : NotRead;
    }

    /// <summary>The generated client type.</summary>
    public Type ClientType { get; }

    /// <summary>The client's wire format.</summary>
    public MessageFormat Format { get; }

    /// <summary>The contract's kind.</summary>
    public MessageKind Kind { get; }

    /// <summary>The contract's kind as text (<c>chat</c>, <c>10</c>, <c>orderbook.*</c>; empty for a message without kind).</summary>
    public string Discriminator => Kind.ToString();

    /// <summary>Where this contract's kind lives: its own <c>DiscriminatorProperty</c>, else the format's.</summary>
    public MessagePath DiscriminatorPath { get; }

    /// <summary>Where this contract's payload lives: its own <c>Envelope</c>, else the format's; <see cref="MessagePath.Root"/> for flat.</summary>
    public MessagePath EnvelopePath { get; }

    /// <summary>The contract type.</summary>
    public abstract Type ContractType { get; }

    internal MessageKindType KindType { get; }

    internal byte[] KindUtf8 { get; }

    internal long KindNumber { get; }

    /// <summary>The reader slot of <see cref="DiscriminatorPath"/>, or -1 when the format does not read it (sent-only contracts).</summary>
    internal int KindSlot { get; }

    /// <summary>The reader slot of <see cref="EnvelopePath"/>, -1 for the flat format, or <see cref="NotRead"/>.</summary>
    internal int EnvelopeSlot { get; }

    /// <summary>An <see cref="EnvelopeSlot"/> the format does not read: the contract can be sent, not received.</summary>
    internal const int NotRead = -2;

    /// <summary>
    /// What a sent message of this contract carries around its payload, built when first needed: a received contract
    /// is never written by the client, so its kind may share a name with a constant property.
    /// </summary>
    /// <exception cref="ArgumentException">The constants, the kind and the envelope would need one property twice.</exception>
    internal MessageHead Head => _head ??= MessageHead.Build(Format.SentProperties, Kind, DiscriminatorPath, EnvelopePath);

    /// <summary>
    /// For generated clients without a <c>JsonContext</c>, called before the connection starts: fails at once, saying
    /// what to do, where reflection-based serialization is disabled (NativeAOT, trimmed apps, or
    /// <c>JsonSerializerIsReflectionEnabledByDefault=false</c>), instead of a <see cref="TypeInitializationException"/>
    /// on the first message.
    /// </summary>
    /// <param name="clientType">The generated client type.</param>
    /// <returns><see langword="true"/>.</returns>
    /// <exception cref="InvalidOperationException">Reflection-based serialization is disabled.</exception>
    public static bool EnsureReflectionEnabled(Type clientType)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        if (!JsonSerializer.IsReflectionEnabledByDefault)
        {
            throw new InvalidOperationException(
                $"{clientType.FullName} has no JsonContext, so it serializes its messages with reflection-based System.Text.Json, which this application disables "
                + "(NativeAOT and trimmed apps do, as does JsonSerializerIsReflectionEnabledByDefault=false). "
                + $"Set [WebSocketClient(JsonContext = typeof(...))] on {clientType.Name} to a source-generated JsonSerializerContext with a [JsonSerializable] for each contract.");
        }

        return true;
    }

    internal void ThrowIfNotWritable()
    {
        if (!Kind.IsWritable)
        {
            throw new InvalidOperationException($"The '{Kind}' contract of {ClientType.FullName} is a pattern that matches received kinds; there is no one kind to write.");
        }
    }
}

/// <summary>
/// One message contract of a typed client with how to serialize it.
/// Generated clients create one per <c>[Sends&lt;T&gt;]</c>/<c>[Receives&lt;T&gt;]</c>; application code does not need it.
/// </summary>
/// <typeparam name="T">The contract type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageContract<T> : MessageContract
{
    private readonly Func<object, object?>[] _requiredGetters;
    private readonly string _requiredNames;

    /// <summary>Creates a contract serialized through <paramref name="typeInfo"/> (reflection-free with a source-generated context).</summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The discriminator value of this contract.</param>
    /// <param name="typeInfo">The serialization metadata of <typeparamref name="T"/>.</param>
    public MessageContract(Type clientType, MessageFormat format, string discriminator, JsonTypeInfo<T> typeInfo)
        : this(clientType, format, MessageKind.String(NotBlank(discriminator)), typeInfo)
    {
    }

    /// <summary>Creates a contract serialized through <paramref name="typeInfo"/>.</summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="kind">The contract's kind.</param>
    /// <param name="typeInfo">The serialization metadata of <typeparamref name="T"/>.</param>
    /// <param name="discriminatorProperty">Where the kind lives, if not at the format's discriminator; <c>""</c> with <see cref="MessageKind.None"/>.</param>
    /// <param name="envelope">Where the payload lives, if not at the format's envelope; <c>""</c> for flat.</param>
    /// <exception cref="ArgumentException">A path is ill-formed, or the kind, the envelope and the constants need one property twice.</exception>
    public MessageContract(Type clientType, MessageFormat format, MessageKind kind, JsonTypeInfo<T> typeInfo, string? discriminatorProperty = null, string? envelope = null)
        : base(clientType, format, kind, discriminatorProperty, envelope)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
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
        (_requiredGetters, _requiredNames) = FindNonNullableProperties(typeInfo);
    }

    /// <summary>
    /// Creates a contract serialized with <see cref="JsonSerializerOptions.Web"/> (or the format's naming policy and
    /// number handling) and reflection-based metadata. Used by clients without a <c>JsonContext</c>; not trim- or NativeAOT-safe.
    /// </summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The discriminator value of this contract.</param>
    /// <param name="discriminatorProperty">Where the kind lives, if not at the format's discriminator.</param>
    /// <param name="envelope">Where the payload lives, if not at the format's envelope; <c>""</c> for flat.</param>
    /// <returns>The contract.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static MessageContract<T> CreateWithReflection(Type clientType, MessageFormat format, string discriminator, string? discriminatorProperty = null, string? envelope = null)
        => CreateWithReflection(clientType, format, MessageKind.String(NotBlank(discriminator)), discriminatorProperty, envelope);

    /// <summary>
    /// Creates a contract serialized with reflection-based metadata (see the overload taking a string discriminator).
    /// </summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="kind">The contract's kind.</param>
    /// <param name="discriminatorProperty">Where the kind lives, if not at the format's discriminator.</param>
    /// <param name="envelope">Where the payload lives, if not at the format's envelope; <c>""</c> for flat.</param>
    /// <returns>The contract.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static MessageContract<T> CreateWithReflection(Type clientType, MessageFormat format, MessageKind kind, string? discriminatorProperty = null, string? envelope = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        return new(clientType, format, kind, (JsonTypeInfo<T>)format.GetReflectionOptions().GetTypeInfo(typeof(T)), discriminatorProperty, envelope);
    }

    /// <summary>
    /// Creates a contract serialized through the metadata a source-generated <see cref="JsonSerializerContext"/> holds
    /// for <typeparamref name="T"/>: no reflection, trim- and NativeAOT-safe.
    /// </summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The discriminator value of this contract.</param>
    /// <param name="context">The client's <c>JsonContext</c> (its <c>Default</c> instance).</param>
    /// <param name="discriminatorProperty">Where the kind lives, if not at the format's discriminator.</param>
    /// <param name="envelope">Where the payload lives, if not at the format's envelope; <c>""</c> for flat.</param>
    /// <returns>The contract.</returns>
    /// <exception cref="InvalidOperationException">The context has no <c>[JsonSerializable]</c> for <typeparamref name="T"/>.</exception>
    public static MessageContract<T> FromContext(Type clientType, MessageFormat format, string discriminator, JsonSerializerContext context, string? discriminatorProperty = null, string? envelope = null)
        => FromContext(clientType, format, MessageKind.String(NotBlank(discriminator)), context, discriminatorProperty, envelope);

    /// <summary>Creates a contract serialized through a source-generated <see cref="JsonSerializerContext"/>.</summary>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="kind">The contract's kind.</param>
    /// <param name="context">The client's <c>JsonContext</c> (its <c>Default</c> instance).</param>
    /// <param name="discriminatorProperty">Where the kind lives, if not at the format's discriminator.</param>
    /// <param name="envelope">Where the payload lives, if not at the format's envelope; <c>""</c> for flat.</param>
    /// <returns>The contract.</returns>
    /// <exception cref="InvalidOperationException">The context has no <c>[JsonSerializable]</c> for <typeparamref name="T"/>.</exception>
    public static MessageContract<T> FromContext(Type clientType, MessageFormat format, MessageKind kind, JsonSerializerContext context, string? discriminatorProperty = null, string? envelope = null)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetTypeInfo(typeof(T)) is not JsonTypeInfo<T> typeInfo)
        {
            throw new InvalidOperationException(
                $"{context.GetType().FullName} has no metadata for {typeof(T).FullName}, a contract of {clientType.FullName}. Add [JsonSerializable(typeof({typeof(T).FullName}))] to it.");
        }

        return new MessageContract<T>(clientType, format, kind, typeInfo, discriminatorProperty, envelope);
    }

    /// <inheritdoc/>
    public override Type ContractType => typeof(T);

    /// <summary>The serialization metadata of <typeparamref name="T"/>.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    internal JsonWriterOptions WriterOptions { get; }

    /// <summary>The size of the last message written, a hint for the next buffer (races are harmless).</summary>
    internal int LastSize { get; set; }

    /// <summary>The UTF-8 bytes written before the serialized contract of a message that is not a request.</summary>
    internal byte[] Prefix => Head.Prefix;

    /// <summary>
    /// When every non-nullable reference-type property of a received message came back <see langword="null"/> (missing
    /// from the JSON, or null there), the reason to report; otherwise <see langword="null"/>. Such a message almost
    /// always means the JSON names do not match the contract's (snake_case on the wire, camelCase in the options), and
    /// would otherwise reach the handler as an object of nulls. Stops at the first property that is set.
    /// </summary>
    internal string? FindMissingProperties(T value)
    {
        if (_requiredGetters.Length == 0)
        {
            return null;
        }

        object boxed = value!;
        foreach (var getter in _requiredGetters)
        {
            if (getter(boxed) is not null)
            {
                return null;
            }
        }

        return $"none of its non-nullable properties ({_requiredNames}) is in the message; if the server names them differently (snake_case, for example), set the naming policy: [WebSocketClient(PropertyNamingPolicy = ...)] or the JsonContext's [JsonSourceGenerationOptions]";
    }

    private static string NotBlank(string discriminator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(discriminator);
        return discriminator;
    }

    // Reference-type properties the contract declares non-nullable (nullable annotations; oblivious code has none).
    // Only classes: reading a struct's property through JsonPropertyInfo.Get would box it on every message.
    private static (Func<object, object?>[] Getters, string Names) FindNonNullableProperties(JsonTypeInfo<T> typeInfo)
    {
        if (typeof(T).IsValueType || typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return ([], string.Empty);
        }

        var getters = new List<Func<object, object?>>();
        var names = new List<string>();
        foreach (var property in typeInfo.Properties)
        {
            if (!property.PropertyType.IsValueType && property.Get is { } get && !property.IsExtensionData
                && !property.IsSetNullable && (property.Set is not null || property.AssociatedParameter is not null))
            {
                getters.Add(get);
                names.Add("'" + property.Name + "'");
            }
        }

        return ([.. getters], string.Join(", ", names));
    }
}
