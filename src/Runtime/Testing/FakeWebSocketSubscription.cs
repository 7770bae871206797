using System;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Testing;

/// <summary>
/// A subscription a client opened on a <see cref="FakeWebSocketServer"/> through a generated <c>SubscribeAsync</c>, as
/// read by <see cref="FakeWebSocketConnection.ReceiveSubscriptionAsync{TRequest, TItem}"/>: the typed request, its
/// correlation id, and the messages a server sends to it (items, completion, error) in the client's wire format.
/// </summary>
/// <typeparam name="TRequest">The request type of the client's <c>[Subscribes&lt;TRequest, TItem&gt;]</c>.</typeparam>
/// <typeparam name="TItem">The item type of that attribute.</typeparam>
/// <remarks>
/// Items carry the attribute's <c>ItemDiscriminator</c> (else the request's kind) and the id where replies carry it, the
/// item under <c>ItemEnvelope</c> (else the response envelope): graphql-transport-ws
/// <c>{"type":"next","id":"1","payload":{...}}</c>. Each method sends one message; sending after the completion is how
/// to test a late message.
/// </remarks>
public sealed class FakeWebSocketSubscription<TRequest, TItem>
{
    private readonly FakeWebSocketConnection _connection;
    private readonly SubscriptionWireFormat<TRequest, TItem> _wire;

    internal FakeWebSocketSubscription(FakeWebSocketConnection connection, SubscriptionWireFormat<TRequest, TItem> wire, TRequest message, long correlationId, string text)
    {
        _connection = connection;
        _wire = wire;
        Message = message;
        CorrelationId = correlationId;
        Text = text;
    }

    /// <summary>The subscription request, deserialized as the client's contract.</summary>
    public TRequest Message { get; }

    /// <summary>The correlation id the client gave the subscription.</summary>
    public long CorrelationId { get; }

    /// <summary>The request as the client sent it (raw JSON).</summary>
    public string Text { get; }

    /// <summary>Sends one item: the client's enumeration yields it.</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is <see langword="null"/>.</exception>
    public Task SendItemAsync(TItem item, CancellationToken cancellationToken = default)
    {
        if (item is null)
        {
            throw new ArgumentNullException(nameof(item), $"An item needs a {typeof(TItem).Name}; to test a null item, send its raw JSON with FakeWebSocketConnection.SendAsync(string).");
        }

        var head = _wire.ItemHead;
        Span<byte> bytes = stackalloc byte[head.MaxLength];
        var length = head.Write(CorrelationId, bytes);
        return _connection.SendSerializedAsync(MessageSerializer.Serialize(_wire.Item, head.Layout, bytes[..length], item), cancellationToken);
    }

    /// <summary>Sends the completion (<c>CompleteDiscriminator</c> and the id): the client's enumeration ends.</summary>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was written.</returns>
    /// <exception cref="InvalidOperationException">The client's <c>[Subscribes]</c> declares no <c>CompleteDiscriminator</c>.</exception>
    public Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        var head = _wire.CompleteHead
            ?? throw new InvalidOperationException($"[Subscribes<{typeof(TRequest).Name}, {typeof(TItem).Name}>] of {_wire.Request.ClientType.Name} declares no CompleteDiscriminator: its server cannot complete it.");
        return SendAsync(CorrelatedWire.Write(head, CorrelationId, default), cancellationToken);
    }

    /// <summary>
    /// Fails the subscription with <paramref name="error"/>: sent as the payload of the <c>ErrorDiscriminator</c> kind, or,
    /// without one, as the client's error property. The client's enumeration throws a
    /// <see cref="WebSocketRequestException"/> carrying it.
    /// </summary>
    /// <param name="error">The error value (not JSON <c>null</c>).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the message was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="error"/> is JSON <c>null</c> or a default <see cref="JsonElement"/>.</exception>
    public Task FailAsync(JsonElement error, CancellationToken cancellationToken = default)
    {
        if (error.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw new ArgumentException("An error needs a value; a null error property means no error to the client.", nameof(error));
        }

        return SendAsync(CorrelatedWire.Write(_wire.ErrorHead, CorrelationId, Encoding.UTF8.GetBytes(error.GetRawText())), cancellationToken);
    }

    /// <summary>
    /// Reads the next message the client sent and checks that it is this subscription's stop message (the
    /// <c>StopDiscriminator</c> kind with the id), as the client sends when its consumer stops early.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The stop message as the client sent it.</returns>
    /// <exception cref="InvalidOperationException">The attribute declares no <c>StopDiscriminator</c>, the next message is another one, or the connection ended.</exception>
    public async Task<string> ReceiveStopAsync(CancellationToken cancellationToken = default)
    {
        var stop = _wire.Stop
            ?? throw new InvalidOperationException($"[Subscribes<{typeof(TRequest).Name}, {typeof(TItem).Name}>] of {_wire.Request.ClientType.Name} declares no StopDiscriminator: the client sends nothing when it stops.");
        var message = await _connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (message.IsText)
        {
            var reader = new MessageReader(Encoding.UTF8.GetBytes(message.Text!), _wire.Stops, _wire.Request.ClientType);
            if (reader.Read() && reader.TryGetRawValue(0, out var kind) && CorrelationFormat.IsString(kind, Encoding.UTF8.GetBytes(stop))
                && reader.TryGetRawValue(1, out var id) && CorrelationFormat.TryParseId(id, out var value) && value == CorrelationId)
            {
                return message.Text!;
            }
        }

        throw new InvalidOperationException(
            $"Expected the '{stop}' stop message of subscription {CorrelationId} from {_wire.Request.ClientType.Name}, but it sent: {(message.IsText ? message.Text : $"a binary message of {message.Data!.Length} bytes")}");
    }

    private Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => _connection.SendRawAsync(bytes, WebSocketMessageType.Text, cancellationToken);
}
