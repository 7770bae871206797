using System;
using System.Text.Json.Serialization;

namespace TypedWebSockets;

/// <summary>
/// Marks a <see langword="partial"/> class as a typed WebSocket client. The TypedWebSockets source generator
/// completes the class as a subclass of <see cref="WebSocket"/> with typed <c>Send</c>/<c>SendAsync</c> methods
/// for each <see cref="SendsAttribute{T}"/> and typed <c>On{T}</c> handlers for each <see cref="ReceivesAttribute{T}"/>.
/// </summary>
/// <remarks>
/// Values that say where something lives in a message (<see cref="Discriminator"/>, <see cref="Envelope"/>,
/// <see cref="CorrelationId"/>, <see cref="ErrorProperty"/>, and the contracts' <c>DiscriminatorProperty</c> and
/// <c>Envelope</c>) are paths: a property name (<c>"type"</c>, a top-level property), or an RFC 6901 JSON Pointer that
/// starts with <c>/</c> (<c>"/metadata/message_type"</c>, inside nested objects; <c>~1</c> and <c>~0</c> escape
/// <c>/</c> and <c>~</c>). See docs/wire-format.md.
/// </remarks>
/// <example>
/// <code>
/// [WebSocketClient]
/// [Sends&lt;JoinRoom&gt;("join")]
/// [Receives&lt;ChatMessage&gt;("chat")]
/// public partial class ChatClient;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WebSocketClientAttribute : Attribute
{
    /// <summary>
    /// Where the kind of each message lives (a path): its value names the contract. Default: <c>"type"</c>. A contract
    /// can keep its kind elsewhere with its own <c>DiscriminatorProperty</c>.
    /// </summary>
    public string Discriminator { get; set; } = "type";

    /// <summary>
    /// <see langword="null"/> or <c>""</c> (the default) for the flat format, where the message's own properties stand beside
    /// the discriminator (<c>{"type":"chat","user":"ada"}</c>); or the path of the value that holds the message in the
    /// envelope format (<c>"data"</c>: <c>{"type":"chat","data":{"user":"ada"}}</c>). A contract can override it with
    /// its own <c>Envelope</c>.
    /// </summary>
    public string? Envelope { get; set; }

    /// <summary>
    /// A <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> type that knows every contract type
    /// (<c>[JsonSerializable(typeof(T))]</c>). With it, serialization uses no reflection and is trim- and NativeAOT-safe.
    /// Without it, contracts are serialized with <see cref="System.Text.Json.JsonSerializerOptions.Web"/> (adjusted by
    /// <see cref="PropertyNamingPolicy"/> and <see cref="NumberHandling"/>).
    /// </summary>
    public Type? JsonContext { get; set; }

    /// <summary>
    /// Where a request (<see cref="RequestsAttribute{TRequest, TResponse}"/>, <see cref="SubscribesAttribute{TRequest, TItem}"/>)
    /// carries its correlation id (a path; OBS: <c>"/d/requestId"</c>), and its replies too unless
    /// <see cref="ReplyCorrelationId"/> says otherwise. Default: <c>"id"</c>. Written as <see cref="CorrelationIdFormat"/> says;
    /// a reply's may be a number or a string of the same digits.
    /// </summary>
    public string CorrelationId { get; set; } = "id";

    /// <summary>
    /// How correlation ids are written: <see cref="TypedWebSockets.CorrelationIdFormat.Number"/> (<c>"id":7</c>, the default)
    /// or <see cref="TypedWebSockets.CorrelationIdFormat.String"/> (<c>"id":"7"</c>, as graphql-transport-ws requires).
    /// Replies match either way.
    /// </summary>
    public CorrelationIdFormat CorrelationIdFormat { get; set; }

    /// <summary>
    /// Where replies carry the correlation id (a path), when not where requests do (Mattermost: <c>seq</c> out,
    /// <c>seq_reply</c> back). Default (<see langword="null"/>): <see cref="CorrelationId"/>.
    /// </summary>
    public string? ReplyCorrelationId { get; set; }

    /// <summary>
    /// Where replies carry their payload (a path; JSON-RPC 2.0: <c>"result"</c>); <c>""</c> for the whole reply (flat).
    /// Default (<see langword="null"/>): <see cref="Envelope"/>. A <c>[Requests]</c> or <c>[Subscribes]</c> can override it.
    /// </summary>
    public string? ResponseEnvelope { get; set; }

    /// <summary>
    /// Where an error reply carries its error (a path): a reply with a non-null value there
    /// (<c>{"id":7,"error":{"code":404,"message":"no such user"}}</c>) fails the request or subscription with a
    /// <see cref="WebSocketRequestException"/> carrying the value's raw JSON. Default: <c>"error"</c>.
    /// </summary>
    public string ErrorProperty { get; set; } = "error";

    /// <summary>
    /// Whether a received message that is a JSON array is a batch: each element is dispatched as a message of its own,
    /// in order (Polygon and Alpaca market data, Home Assistant's coalesced messages). Default: <see langword="false"/>
    /// (an array is not a message and is reported to <see cref="WebSocket.OnError"/>).
    /// </summary>
    public bool Batches { get; set; }

    /// <summary>
    /// Text messages the server sends on purpose that are not JSON (OKX and BitMEX answer <c>ping</c> with the text
    /// <c>pong</c>), compared whole and ordinally: they reach raw listeners and <see cref="WebSocket.OnUnhandledMessage"/>,
    /// never <see cref="WebSocket.OnError"/>. Any other text that is not a JSON message is still reported as an error.
    /// </summary>
    public string[]? PlainTextMessages { get; set; }

    /// <summary>
    /// Without a <see cref="JsonContext"/>: how contract property names are written and read. Default:
    /// <see cref="JsonKnownNamingPolicy.CamelCase"/>, as <see cref="System.Text.Json.JsonSerializerOptions.Web"/>;
    /// <see cref="JsonKnownNamingPolicy.SnakeCaseLower"/> for <c>product_id</c>-style APIs. With a JSON context, set the
    /// naming policy on its <c>[JsonSourceGenerationOptions]</c> instead (TWS0042).
    /// </summary>
    public JsonKnownNamingPolicy PropertyNamingPolicy { get; set; } = JsonKnownNamingPolicy.CamelCase;

    /// <summary>
    /// Without a <see cref="JsonContext"/>: how numbers are read and written. Default:
    /// <see cref="JsonNumberHandling.AllowReadingFromString"/>, as <see cref="System.Text.Json.JsonSerializerOptions.Web"/>
    /// (exchanges send prices as strings). With a JSON context, set it on its <c>[JsonSourceGenerationOptions]</c> instead.
    /// </summary>
    public JsonNumberHandling NumberHandling { get; set; } = JsonNumberHandling.AllowReadingFromString;
}
