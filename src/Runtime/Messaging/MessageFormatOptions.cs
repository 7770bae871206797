using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace TypedWebSockets.Messaging;

/// <summary>
/// What a <see cref="MessageFormat"/> needs besides its discriminator and envelope: the paths received messages are
/// read at, constant properties, batches, plain-text messages and reflection-mode serializer options.
/// Generated clients set the ones their attributes declare; application code does not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MessageFormatOptions
{
    /// <summary>
    /// Every path (other than <c>""</c>) that a received contract reads: its discriminator path and its envelope.
    /// <see langword="null"/>: the format's discriminator and, when set, its envelope.
    /// </summary>
    public IReadOnlyList<string>? ReadPaths { get; init; }

    /// <summary>Constant properties written at the top level of every message sent (<c>[SendsProperty]</c>), in order.</summary>
    public IReadOnlyList<MessageProperty>? SentProperties { get; init; }

    /// <summary>Whether a received JSON array is a batch whose elements are dispatched one by one (<c>[WebSocketClient(Batches = true)]</c>).</summary>
    public bool Batches { get; init; }

    /// <summary>Text messages that are not JSON but sent on purpose (<c>[WebSocketClient(PlainTextMessages = ...)]</c>): not reported as errors.</summary>
    public IReadOnlyList<string>? PlainTextMessages { get; init; }

    /// <summary>The naming policy of a client without a JSON context; <see langword="null"/>: camelCase, as <c>JsonSerializerOptions.Web</c>.</summary>
    public JsonKnownNamingPolicy? PropertyNamingPolicy { get; init; }

    /// <summary>
    /// How requests and subscriptions carry their correlation id and how their replies are read; <see langword="null"/>:
    /// the defaults (<c>"id"</c> as a number, <c>"error"</c>, replies' payload at the envelope).
    /// </summary>
    public CorrelationOptions? Correlation { get; init; }

    /// <summary>The number handling of a client without a JSON context; <see langword="null"/>: numbers may be read from strings, as <c>JsonSerializerOptions.Web</c>.</summary>
    public JsonNumberHandling? NumberHandling { get; init; }
}
