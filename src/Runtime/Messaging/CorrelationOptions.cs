using System.Collections.Generic;
using System.ComponentModel;

namespace TypedWebSockets.Messaging;

/// <summary>
/// How a typed client's requests and subscriptions carry their correlation id and how replies are read
/// (<c>[WebSocketClient(CorrelationId = ..., ReplyCorrelationId = ..., ErrorProperty = ..., CorrelationIdFormat = ...,
/// ResponseEnvelope = ...)]</c>). Generated clients set it on <see cref="MessageFormatOptions.Correlation"/>; application
/// code does not need it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CorrelationOptions
{
    /// <summary>Where requests carry their id (a path). Default: <c>"id"</c>.</summary>
    public string CorrelationId { get; init; } = "id";

    /// <summary>Where replies carry the id (a path); <see langword="null"/>: <see cref="CorrelationId"/>.</summary>
    public string? ReplyCorrelationId { get; init; }

    /// <summary>Where an error reply carries its error (a path). Default: <c>"error"</c>.</summary>
    public string ErrorProperty { get; init; } = "error";

    /// <summary>Whether ids are written as JSON numbers or strings.</summary>
    public CorrelationIdFormat IdFormat { get; init; }

    /// <summary>Where replies carry their payload (a path; <c>""</c> for flat); <see langword="null"/>: the format's envelope.</summary>
    public string? ResponseEnvelope { get; init; }

    /// <summary>
    /// The paths replies are read at besides the reply id, the error, the format's discriminator and the response
    /// envelope: each correlated contract's own kind and payload paths.
    /// </summary>
    public IReadOnlyList<string>? ReadPaths { get; init; }
}
