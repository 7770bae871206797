using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Testing;

/// <summary>
/// A request a client sent to a <see cref="FakeWebSocketServer"/> through a generated <c>RequestAsync</c>, as read by
/// <see cref="FakeWebSocketConnection.ReceiveRequestAsync{TRequest, TResponse}"/>: the typed request, its correlation
/// id, and replies that carry that id in the client's wire format.
/// </summary>
/// <typeparam name="TRequest">The request type of the client's <c>[Requests&lt;TRequest, TResponse&gt;]</c>.</typeparam>
/// <typeparam name="TResponse">The response type of that attribute.</typeparam>
/// <remarks>
/// A reply starts with the response discriminator (the attribute's <c>ResponseDiscriminator</c>, else the request's) and
/// the correlation id, as a server that echoes them would write it: <c>{"type":"getUser","id":7,"name":"ada"}</c>, or
/// <c>{"type":"getUser","id":7,"data":{"name":"ada"}}</c> in the envelope format. Each reply method sends one message;
/// calling them again sends a duplicate reply, which the client, its call already settled, dispatches as an ordinary
/// message (the way to test that case).
/// </remarks>
public sealed class FakeWebSocketRequest<TRequest, TResponse>
{
    private readonly FakeWebSocketConnection _connection;
    private readonly RequestWireFormat<TRequest, TResponse> _wire;

    internal FakeWebSocketRequest(FakeWebSocketConnection connection, RequestWireFormat<TRequest, TResponse> wire, TRequest message, long correlationId, string text)
    {
        _connection = connection;
        _wire = wire;
        Message = message;
        CorrelationId = correlationId;
        Text = text;
    }

    /// <summary>The request, deserialized as the client's contract.</summary>
    public TRequest Message { get; }

    /// <summary>The correlation id the client gave the request (the value of its <c>CorrelationId</c> property).</summary>
    public long CorrelationId { get; }

    /// <summary>The request as the client sent it (raw JSON).</summary>
    public string Text { get; }

    /// <summary>Answers the request with <paramref name="response"/>: the client's <c>RequestAsync</c> completes with it.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the reply was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">
    /// In the flat format, <paramref name="response"/> does not serialize as a JSON object (the correlation id has no
    /// object to stand in).
    /// </exception>
    public Task ReplyAsync(TResponse response, CancellationToken cancellationToken = default)
    {
        if (response is null)
        {
            throw new ArgumentNullException(nameof(response), $"A reply needs a {typeof(TResponse).Name}. To test a reply with a null payload, send its raw JSON with FakeWebSocketConnection.SendAsync(string).");
        }

        // Written by the runtime's own serializer, as the client writes a request: the reply is what a real server
        // that echoes the discriminator and id would send, with the same flat-format rules.
        var replyHead = _wire.ReplyHead;
        Span<byte> head = stackalloc byte[replyHead.MaxLength];
        var length = replyHead.Write(CorrelationId, head);
        return _connection.SendSerializedAsync(MessageSerializer.Serialize(_wire.Response, replyHead.Layout, head[..length], response), cancellationToken);
    }

    /// <summary>
    /// Answers the request with an error reply whose error property holds <paramref name="error"/> as it is: the client's
    /// <c>RequestAsync</c> fails with a <see cref="WebSocketRequestException"/> carrying it.
    /// </summary>
    /// <param name="error">The error value: an object (its <c>code</c> and <c>message</c> are read), a string, or any other JSON value but <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the reply was written.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="error"/> is JSON <c>null</c> (the client takes a null error property for no error) or a default
    /// <see cref="JsonElement"/>.
    /// </exception>
    public Task ReplyErrorAsync(JsonElement error, CancellationToken cancellationToken = default)
    {
        if (error.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw new ArgumentException(
                $"An error reply needs an error value; {(error.ValueKind == JsonValueKind.Null ? "a null one means no error to the client" : "this JsonElement holds none")}.",
                nameof(error));
        }

        return SendAsync(
            writer =>
            {
                writer.WritePropertyName(TopLevel(_wire.Correlation.ErrorPath));
                error.WriteTo(writer);
            },
            cancellationToken);
    }

    /// <summary>
    /// Answers the request with an error reply <c>{"code":<paramref name="code"/>,"message":<paramref name="message"/>}</c>:
    /// the client's <c>RequestAsync</c> fails with a <see cref="WebSocketRequestException"/> whose <c>Code</c> and
    /// <c>ErrorMessage</c> are these.
    /// </summary>
    /// <param name="code">The error code, written as a JSON number.</param>
    /// <param name="message">The error message.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the reply was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public Task ReplyErrorAsync(int code, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(
            writer =>
            {
                writer.WriteStartObject(TopLevel(_wire.Correlation.ErrorPath));
                writer.WriteNumber("code", code);
                writer.WriteString("message", message);
                writer.WriteEndObject();
            },
            cancellationToken);
    }

    // {"type":"<response discriminator>","id":<id>, what writeBody writes, }
    private Task SendAsync(Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(_wire.Response.Format.DiscriminatorProperty, _wire.Response.Discriminator);
            var id = TopLevel(_wire.Correlation.ReplyIdPath);
            if (_wire.Correlation.IdFormat == CorrelationIdFormat.String)
            {
                writer.WriteString(id, CorrelationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                writer.WriteNumber(id, CorrelationId);
            }

            writeBody(writer);
            writer.WriteEndObject();
        }

        return _connection.SendRawAsync(buffer.WrittenMemory, WebSocketMessageType.Text, cancellationToken);
    }

    // Error replies are written with the id and the error at the top level (nested ones: send raw JSON).
    private static string TopLevel(MessagePath path)
        => path.IsTopLevel
            ? path.Segments[0]
            : throw new NotSupportedException($"The fake server writes error replies with '{path}' at the top level only; send the reply's raw JSON with FakeWebSocketConnection.SendAsync(string).");
}
