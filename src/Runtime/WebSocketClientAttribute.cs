using System;

namespace TypedWebSockets;

/// <summary>
/// Marks a <see langword="partial"/> class as a typed WebSocket client. The TypedWebSockets source generator
/// completes the class as a subclass of <see cref="WebSocket"/> with typed <c>Send</c>/<c>SendAsync</c> methods
/// for each <see cref="SendsAttribute{T}"/> and typed <c>On{T}</c> handlers for each <see cref="ReceivesAttribute{T}"/>.
/// </summary>
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
    /// The JSON property whose string value names the kind of each message. Default: <c>"type"</c>.
    /// </summary>
    public string Discriminator { get; set; } = "type";

    /// <summary>
    /// <see langword="null"/> (the default) for the flat format, where the message's own properties stand beside the
    /// discriminator (<c>{"type":"chat","user":"ada"}</c>); or the name of the property that holds the message in the
    /// envelope format (<c>"data"</c>: <c>{"type":"chat","data":{"user":"ada"}}</c>).
    /// </summary>
    public string? Envelope { get; set; }

    /// <summary>
    /// A <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> type that knows every contract type
    /// (<c>[JsonSerializable(typeof(T))]</c>). With it, serialization uses no reflection and is trim- and NativeAOT-safe.
    /// Without it, contracts are serialized with <see cref="System.Text.Json.JsonSerializerOptions.Web"/>.
    /// </summary>
    public Type? JsonContext { get; set; }

    /// <summary>
    /// The JSON property that carries the correlation id of a request (<see cref="RequestsAttribute{TRequest, TResponse}"/>)
    /// and of its response. Default: <c>"id"</c>. The client writes it as a JSON number; a response's may be a number
    /// or a string of the same digits.
    /// </summary>
    public string CorrelationId { get; set; } = "id";

    /// <summary>
    /// The JSON property of an error reply: a response that has it (<c>{"id":7,"error":{"code":404,"message":"no such user"}}</c>)
    /// fails the request with a <see cref="WebSocketRequestException"/> carrying the property's raw JSON. Default: <c>"error"</c>.
    /// </summary>
    public string ErrorProperty { get; set; } = "error";
}
