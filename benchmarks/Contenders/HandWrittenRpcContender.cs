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
/// The limit of the request round trip: <see cref="ClientWebSocket"/> driven directly. The request is a constant
/// prefix, the params serialized by source-generated STJ through a reused writer, and the id formatted in place, all
/// in one reused buffer; the reply is read with a <see cref="Utf8JsonReader"/> that finds <c>result</c> and compares
/// <c>id</c> as a number (no string), then STJ deserializes the result. One request in flight; pooled state machines.
/// </summary>
public sealed class HandWrittenRpcContender : RequestContender
{
    private readonly ClientWebSocket _socket = new();
    private readonly MessageBuffer _reply = new();
    private readonly ArrayBufferWriter<byte> _request = new(64 * 1024);
    private readonly Utf8JsonWriter _writer;
    private long _lastId;

    public HandWrittenRpcContender()
    {
        _writer = new Utf8JsonWriter(_request, new JsonWriterOptions { SkipValidation = true });
    }

    public override Task ConnectAsync(EchoServer server) => _socket.ConnectAsync(ProtocolEndpoints.JsonRpcUrl(server), CancellationToken.None);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask RoundTripAsync(EchoMessage message)
    {
        var id = ++_lastId;
        await _socket.SendAsync(WriteRequest(message, id), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        if (!await _reply.ReceiveAsync(_socket, CancellationToken.None).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The JSON-RPC endpoint closed the connection.");
        }

        LastResult = ReadResult(_reply.Message, id);
    }

    /// <summary><c>{"jsonrpc":"2.0","method":"echo","params":{...},"id":N}</c>; valid until the next call.</summary>
    private ReadOnlyMemory<byte> WriteRequest(EchoMessage message, long id)
    {
        _request.ResetWrittenCount();
        _request.Write("""{"jsonrpc":"2.0","method":"echo","params":"""u8);
        _writer.Reset(_request);
        JsonSerializer.Serialize(_writer, message, ProtocolJsonContext.Default.EchoMessage);
        _writer.Flush();
        _request.Write(""","id":"""u8);
        id.TryFormat(_request.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        _request.Advance(written);
        _request.Write("}"u8);
        return _request.WrittenMemory;
    }

    private static EchoMessage ReadResult(ReadOnlySpan<byte> reply, long expectedId)
    {
        var (resultStart, resultEnd) = (0, 0);
        long? id = null;
        var reader = new Utf8JsonReader(reply);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                resultStart = (int)reader.TokenStartIndex;
                reader.Skip();
                resultEnd = (int)reader.BytesConsumed;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                throw new InvalidOperationException($"The request {expectedId} failed: {System.Text.Encoding.UTF8.GetString(reply)}");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id != expectedId || resultEnd == 0)
        {
            throw new InvalidOperationException($"Expected the result of request {expectedId}: {System.Text.Encoding.UTF8.GetString(reply)}");
        }

        return JsonSerializer.Deserialize(reply[resultStart..resultEnd], ProtocolJsonContext.Default.EchoMessage)
            ?? throw new InvalidOperationException("The result is null.");
    }

    public override async ValueTask DisposeAsync()
    {
        if (_socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }

        _socket.Dispose();
        _writer.Dispose();
        _reply.Dispose();
    }
}
