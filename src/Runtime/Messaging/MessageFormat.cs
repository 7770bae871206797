using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;

namespace TypedWebSockets.Messaging;

/// <summary>
/// The wire format of a typed client: where the message kind and the payload live by default, which paths received
/// messages are read at, and what every sent message carries. Generated clients create one; application code does
/// not need it.
/// </summary>
/// <remarks>
/// Flat format (no envelope): <c>{"type":"chat","user":"ada"}</c>. Envelope format: <c>{"type":"chat","data":{"user":"ada"}}</c>.
/// Each contract may put its kind and payload elsewhere (<see cref="MessageContract"/>); the format reads all of
/// their paths in one pass over a received message. See <c>docs/wire-format.md</c>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageFormat
{
    private readonly byte[][] _plainTextMessages;
    private JsonSerializerOptions? _reflectionOptions;
    private CorrelationFormat? _correlation;

    /// <summary>Creates a format.</summary>
    /// <param name="discriminatorProperty">Where the message kind lives: <c>"type"</c>, or a JSON Pointer such as <c>"/metadata/message_type"</c>.</param>
    /// <param name="envelopeProperty">Where the payload lives, or <see langword="null"/> or <c>""</c> for the flat format.</param>
    /// <exception cref="ArgumentException">A path is blank or ill-formed, or the envelope is the discriminator or lies inside it.</exception>
    public MessageFormat(string discriminatorProperty, string? envelopeProperty)
        : this(discriminatorProperty, envelopeProperty, null)
    {
    }

    /// <summary>Creates a format.</summary>
    /// <param name="discriminatorProperty">Where the message kind lives: <c>"type"</c>, or a JSON Pointer such as <c>"/metadata/message_type"</c>.</param>
    /// <param name="envelopeProperty">Where the payload lives, or <see langword="null"/> or <c>""</c> for the flat format.</param>
    /// <param name="options">Read paths, constants, batches, plain-text messages and reflection options; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">A path is blank or ill-formed, or the envelope is the discriminator or lies inside it.</exception>
    public MessageFormat(string discriminatorProperty, string? envelopeProperty, MessageFormatOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(discriminatorProperty);
        if (envelopeProperty is { Length: > 0 })
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(envelopeProperty);
        }

        DiscriminatorPath = MessagePath.Parse(discriminatorProperty);
        EnvelopePath = string.IsNullOrEmpty(envelopeProperty) ? MessagePath.Root : MessagePath.Parse(envelopeProperty);
        if (!EnvelopePath.IsRoot && EnvelopePath.StartsWith(DiscriminatorPath))
        {
            throw new ArgumentException(
                $"The envelope '{envelopeProperty}' cannot be the discriminator property '{discriminatorProperty}' or lie inside it.", nameof(envelopeProperty));
        }

        DiscriminatorProperty = discriminatorProperty;
        EnvelopeProperty = EnvelopePath.IsRoot ? null : envelopeProperty;
        EncodedDiscriminatorProperty = TopLevelName(DiscriminatorPath);
        EncodedEnvelopeProperty = EnvelopePath.IsRoot ? default : TopLevelName(EnvelopePath);
        Batches = options?.Batches ?? false;
        SentProperties = options?.SentProperties is { } sent ? [.. sent] : [];
        PropertyNamingPolicy = options?.PropertyNamingPolicy;
        NumberHandling = options?.NumberHandling;
        if (options?.Correlation is { } correlation)
        {
            // Ill-formed correlation paths fail where the format is created, as the others do.
            _correlation = new CorrelationFormat(this, correlation);
        }

        var plainTexts = options?.PlainTextMessages ?? [];
        _plainTextMessages = new byte[plainTexts.Count][];
        for (var i = 0; i < plainTexts.Count; i++)
        {
            _plainTextMessages[i] = Encoding.UTF8.GetBytes(plainTexts[i] ?? throw new ArgumentException("A plain-text message cannot be null.", nameof(options)));
        }

        var readPaths = new List<MessagePath>();
        if (options?.ReadPaths is { } paths)
        {
            foreach (var path in paths)
            {
                AddReadPath(readPaths, MessagePath.Parse(path ?? throw new ArgumentException("A read path cannot be null.", nameof(options))));
            }
        }
        else
        {
            AddReadPath(readPaths, DiscriminatorPath);
            AddReadPath(readPaths, EnvelopePath);
        }

        ReadPaths = readPaths;
        ReadPathCount = readPaths.Count;
        ReadPlan = PathNode.Build(readPaths);
        DiscriminatorSlot = SlotOf(DiscriminatorPath);
    }

    /// <summary>Where the message kind lives, as written (<c>"type"</c>, <c>"/metadata/message_type"</c>).</summary>
    public string DiscriminatorProperty { get; }

    /// <summary>Where the payload lives, as written; <see langword="null"/> for the flat format.</summary>
    public string? EnvelopeProperty { get; }

    /// <summary><see langword="true"/> when the payload is nested (<see cref="EnvelopeProperty"/> is set).</summary>
    public bool IsEnvelope => EnvelopeProperty is not null;

    /// <summary>Where the message kind lives.</summary>
    public MessagePath DiscriminatorPath { get; }

    /// <summary>Where the payload lives; <see cref="MessagePath.Root"/> for the flat format.</summary>
    public MessagePath EnvelopePath { get; }

    /// <summary>Whether a received JSON array is a batch of messages.</summary>
    public bool Batches { get; }

    /// <summary>The paths received messages are read at, in the order of their slots.</summary>
    public IReadOnlyList<MessagePath> ReadPaths { get; }

    // ReadPaths.Count without an interface call, for the reader's per-message checks.
    internal int ReadPathCount { get; }

    /// <summary>The constant properties written at the top level of every message sent.</summary>
    public IReadOnlyList<MessageProperty> SentProperties { get; }

    /// <summary>The naming policy of reflection-based serialization; <see langword="null"/> for camelCase.</summary>
    public JsonKnownNamingPolicy? PropertyNamingPolicy { get; }

    /// <summary>The number handling of reflection-based serialization; <see langword="null"/> for the web default.</summary>
    public JsonNumberHandling? NumberHandling { get; }

    /// <summary>The discriminator's top-level property name (requests and the fake server read and write it there).</summary>
    internal JsonEncodedText EncodedDiscriminatorProperty { get; }

    /// <summary>The envelope's top-level property name, when there is one.</summary>
    internal JsonEncodedText EncodedEnvelopeProperty { get; }

    /// <summary>The paths to read, as a tree walked once per received message.</summary>
    internal PathNode ReadPlan { get; }

    /// <summary>
    /// The slot of <see cref="DiscriminatorPath"/>, or -1 when no received contract reads it. Every message is expected
    /// to carry its kind there, so a value no contract can match (a <c>null</c>, an object, a number where only string
    /// kinds are declared) makes the message malformed; at a contract's own path it only means "not this contract".
    /// </summary>
    internal int DiscriminatorSlot { get; }

    /// <summary>Where requests and subscriptions of this format carry their id, errors and payloads (built on first use when defaulted).</summary>
    internal CorrelationFormat Correlation
    {
        get
        {
            if (Volatile.Read(ref _correlation) is { } existing)
            {
                return existing;
            }

            var created = new CorrelationFormat(this, new CorrelationOptions());
            return Interlocked.CompareExchange(ref _correlation, created, null) ?? created;
        }
    }

    /// <summary>The slot of <paramref name="path"/>, or -1 when the format does not read it.</summary>
    internal int SlotOf(MessagePath path)
    {
        for (var i = 0; i < ReadPathCount; i++)
        {
            if (ReadPaths[i].Equals(path))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether a text message is one of the plain-text messages the protocol sends on purpose.</summary>
    internal bool IsPlainText(ReadOnlySpan<byte> message)
    {
        foreach (var text in _plainTextMessages)
        {
            if (message.SequenceEqual(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The options of reflection-based serialization: <see cref="JsonSerializerOptions.Web"/>, or a copy of it with this
    /// format's naming policy and number handling. Created once per format.
    /// </summary>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    internal JsonSerializerOptions GetReflectionOptions()
    {
        if (PropertyNamingPolicy is null && NumberHandling is null)
        {
            return JsonSerializerOptions.Web;
        }

        if (Volatile.Read(ref _reflectionOptions) is { } existing)
        {
            return existing;
        }

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        if (PropertyNamingPolicy is { } naming)
        {
            options.PropertyNamingPolicy = naming switch
            {
                JsonKnownNamingPolicy.Unspecified => null,
                JsonKnownNamingPolicy.CamelCase => JsonNamingPolicy.CamelCase,
                JsonKnownNamingPolicy.SnakeCaseLower => JsonNamingPolicy.SnakeCaseLower,
                JsonKnownNamingPolicy.SnakeCaseUpper => JsonNamingPolicy.SnakeCaseUpper,
                JsonKnownNamingPolicy.KebabCaseLower => JsonNamingPolicy.KebabCaseLower,
                JsonKnownNamingPolicy.KebabCaseUpper => JsonNamingPolicy.KebabCaseUpper,
                _ => throw new ArgumentOutOfRangeException(nameof(PropertyNamingPolicy), naming, "Not a known naming policy."),
            };
        }

        if (NumberHandling is { } numbers)
        {
            options.NumberHandling = numbers;
        }

        options.MakeReadOnly();
        return Interlocked.CompareExchange(ref _reflectionOptions, options, null) ?? options;
    }

    private static void AddReadPath(List<MessagePath> paths, MessagePath path)
    {
        if (!path.IsRoot && !paths.Contains(path))
        {
            paths.Add(path);
        }
    }

    // Requests, replies and the fake server read the discriminator and envelope at the top level only.
    private static JsonEncodedText TopLevelName(MessagePath path)
        => JsonEncodedText.Encode(path.IsTopLevel ? path.Segments[0] : path.Text);
}
