using System;
using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// The limit of subscription throughput: <see cref="ClientWebSocket"/> driven directly. Each message is read with a
/// <see cref="Utf8JsonReader"/> that compares <c>id</c> with the subscription's id bytes (no string), switches on
/// <c>type</c>, and hands the <c>payload</c> span to source-generated STJ. One subscription at a time; pooled state machines.
/// </summary>
public sealed class HandWrittenSubscriptionContender : SubscriptionContender
{
    private readonly ClientWebSocket _socket = new();
    private readonly MessageBuffer _received = new();
    private readonly ArrayBufferWriter<byte> _request = new(4 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly byte[] _id = new byte[20];
    private long _lastId;

    public HandWrittenSubscriptionContender()
    {
        _writer = new Utf8JsonWriter(_request, new JsonWriterOptions { SkipValidation = true });
        _socket.Options.AddSubProtocol(ProtocolEndpoints.GraphQLSubprotocol);
    }

    public override async Task ConnectAsync(EchoServer server)
    {
        await _socket.ConnectAsync(ProtocolEndpoints.GraphQLUrl(server), CancellationToken.None).ConfigureAwait(false);
        await _socket.SendAsync("""{"type":"connection_init"}"""u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        if (!await _received.ReceiveAsync(_socket, CancellationToken.None).ConfigureAwait(false)
            || !_received.Message.SequenceEqual("""{"type":"connection_ack"}"""u8))
        {
            throw new InvalidOperationException("The graphql-transport-ws endpoint did not acknowledge connection_init.");
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask SubscribeToEndAsync(int count)
    {
        var idLength = WriteSubscribe(count);
        await _socket.SendAsync(_request.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        var items = 0;
        while (true)
        {
            if (!await _received.ReceiveAsync(_socket, CancellationToken.None).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The graphql-transport-ws endpoint closed the connection.");
            }

            var item = ReadItem(_received.Message, _id.AsSpan(0, idLength));
            if (item is null)
            {
                ItemsReceived = items;
                return;
            }

            LastItem = item;
            items++;
        }
    }

    /// <summary>Writes <c>{"id":"N","type":"subscribe","payload":{...}}</c> for a new id; returns the id's length.</summary>
    private int WriteSubscribe(int count)
    {
        (++_lastId).TryFormat(_id, out var idLength, default, CultureInfo.InvariantCulture);
        _request.ResetWrittenCount();
        _request.Write("{\"id\":\""u8);
        _request.Write(_id.AsSpan(0, idLength));
        _request.Write("\",\"type\":\"subscribe\",\"payload\":"u8);
        _writer.Reset(_request);
        JsonSerializer.Serialize(_writer, TicksSubscription.Of(count), ProtocolJsonContext.Default.TicksSubscription);
        _writer.Flush();
        _request.Write("}"u8);
        return idLength;
    }

    /// <summary>The tick of a <c>next</c> for <paramref name="id"/>; null for its <c>complete</c>; throws on anything else.</summary>
    private static Tick? ReadItem(ReadOnlySpan<byte> message, ReadOnlySpan<byte> id)
    {
        var (payloadStart, payloadEnd) = (0, 0);
        var (isOurs, isNext, isComplete) = (false, false, false);
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                isOurs = reader.ValueTextEquals(id);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isNext = reader.ValueTextEquals("next"u8);
                isComplete = reader.ValueTextEquals("complete"u8);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                payloadStart = (int)reader.TokenStartIndex;
                reader.Skip();
                payloadEnd = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isOurs && isComplete)
        {
            return null;
        }

        if (!isOurs || !isNext || payloadEnd == 0)
        {
            throw new InvalidOperationException($"Expected a next or complete for this subscription: {System.Text.Encoding.UTF8.GetString(message)}");
        }

        var result = JsonSerializer.Deserialize(message[payloadStart..payloadEnd], ProtocolJsonContext.Default.TicksResult)
            ?? throw new InvalidOperationException("The payload is null.");
        return result.Data.Ticks;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }

        _socket.Dispose();
        _writer.Dispose();
        _received.Dispose();
    }
}
