using System;
using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NetWebSocket = System.Net.WebSockets.WebSocket;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// The server side of the protocol scenarios, mapped into <see cref="EchoServer"/>: <c>/jsonrpc</c> answers each
/// JSON-RPC request with its <c>params</c> as the <c>result</c> under the same <c>id</c>; <c>/graphql</c> speaks enough
/// graphql-transport-ws to acknowledge <c>connection_init</c>, answer <c>ping</c>, and stream <c>variables.count</c>
/// <c>next</c> items and a <c>complete</c> for each <c>subscribe</c> (the wire is in ProtocolContracts.cs). Both copy
/// the bytes they echo with <see cref="Utf8JsonReader"/> and write into a reused buffer: nothing is allocated per
/// message, so the contenders' figures are theirs.
/// </summary>
public static class ProtocolEndpoints
{
    public const string GraphQLSubprotocol = "graphql-transport-ws";

    private static readonly byte[] s_connectionAck = """{"type":"connection_ack"}"""u8.ToArray();
    private static readonly byte[] s_pong = """{"type":"pong"}"""u8.ToArray();

    public static Uri JsonRpcUrl(EchoServer server) => new($"ws://{server.BaseAddress.Authority}/jsonrpc");

    public static Uri GraphQLUrl(EchoServer server) => new($"ws://{server.BaseAddress.Authority}/graphql");

    public static void Map(WebApplication app)
    {
        app.Map("/jsonrpc", context => ServeAsync(context, subprotocol: null, JsonRpcAsync));
        app.Map("/graphql", context => ServeAsync(context, GraphQLSubprotocol, GraphQLAsync));
    }

    private static async Task ServeAsync(HttpContext context, string? subprotocol, Func<NetWebSocket, CancellationToken, Task> serve)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var offered = subprotocol is not null && context.WebSockets.WebSocketRequestedProtocols.Contains(subprotocol);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(offered ? subprotocol : null).ConfigureAwait(false);
        try
        {
            await serve(socket, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away without a close handshake (a benchmark process ending): nothing to answer.
        }
    }

    private static async Task JsonRpcAsync(NetWebSocket socket, CancellationToken cancellationToken)
    {
        using var request = new MessageBuffer();
        var reply = new ArrayBufferWriter<byte>(64 * 1024);
        while (await request.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false))
        {
            if (!WriteJsonRpcReply(request.Message, reply))
            {
                continue; // A notification: no reply.
            }

            await socket.SendAsync(reply.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Writes <c>{"jsonrpc":"2.0","result":&lt;params&gt;,"id":&lt;id&gt;}</c>; false for a request without an id.</summary>
    private static bool WriteJsonRpcReply(ReadOnlySpan<byte> request, ArrayBufferWriter<byte> reply)
    {
        var (paramsStart, paramsEnd) = (0, 0);
        var (idStart, idEnd) = (0, 0);
        var reader = new Utf8JsonReader(request);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isParams = reader.ValueTextEquals("params"u8);
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            if (isParams)
            {
                (paramsStart, paramsEnd) = (start, end);
            }
            else if (isId)
            {
                (idStart, idEnd) = (start, end);
            }
        }

        if (idEnd == 0)
        {
            return false;
        }

        reply.ResetWrittenCount();
        reply.Write("""{"jsonrpc":"2.0","result":"""u8);
        reply.Write(paramsEnd == 0 ? "null"u8 : request[paramsStart..paramsEnd]);
        reply.Write(""","id":"""u8);
        reply.Write(request[idStart..idEnd]);
        reply.Write("}"u8);
        return true;
    }

    private static async Task GraphQLAsync(NetWebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MessageBuffer();
        var output = new ArrayBufferWriter<byte>(4 * 1024);
        var id = new byte[256];
        while (await message.ReceiveAsync(socket, cancellationToken).ConfigureAwait(false))
        {
            var (kind, idLength, count) = ReadGraphQLMessage(message.Message, id);
            switch (kind)
            {
                case GraphQLKind.ConnectionInit:
                    await socket.SendAsync(s_connectionAck, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                    break;
                case GraphQLKind.Ping:
                    await socket.SendAsync(s_pong, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                    break;
                case GraphQLKind.Subscribe:
                    for (var n = 1; n <= count; n++)
                    {
                        WriteNext(output, id.AsSpan(0, idLength), n);
                        await socket.SendAsync(output.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                    }

                    output.ResetWrittenCount();
                    output.Write("""{"id":"""u8);
                    output.Write(id.AsSpan(0, idLength));
                    output.Write(""","type":"complete"}"""u8);
                    await socket.SendAsync(output.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // complete from the client (the stream was already sent whole) or anything else: nothing to answer.
                    break;
            }
        }

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
    }

    private enum GraphQLKind
    {
        Other,
        ConnectionInit,
        Ping,
        Subscribe,
    }

    /// <summary>The message's type, its raw <c>id</c> token (quotes included) copied into <paramref name="id"/>, and <c>payload.variables.count</c>.</summary>
    private static (GraphQLKind Kind, int IdLength, int Count) ReadGraphQLMessage(ReadOnlySpan<byte> message, Span<byte> id)
    {
        var kind = GraphQLKind.Other;
        var (idLength, count) = (0, 0);
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                kind = reader.ValueTextEquals("connection_init"u8) ? GraphQLKind.ConnectionInit
                    : reader.ValueTextEquals("ping"u8) ? GraphQLKind.Ping
                    : reader.ValueTextEquals("subscribe"u8) ? GraphQLKind.Subscribe
                    : GraphQLKind.Other;
            }
            else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = message[start..(int)reader.BytesConsumed];
                if (raw.Length > id.Length)
                {
                    throw new InvalidOperationException($"This endpoint keeps ids of up to {id.Length} bytes; the subscribe's id has {raw.Length}.");
                }

                raw.CopyTo(id);
                idLength = raw.Length;
            }
            else if (reader.CurrentDepth == 3 && reader.ValueTextEquals("count"u8))
            {
                reader.Read();
                count = reader.GetInt32();
            }
        }

        return (kind, idLength, count);
    }

    private static void WriteNext(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> id, int n)
    {
        output.ResetWrittenCount();
        output.Write("""{"id":"""u8);
        output.Write(id);
        output.Write(""","type":"next","payload":{"data":{"ticks":{"n":"""u8);
        Format(output, n);
        output.Write(""","symbol":"MSFT","price":"""u8);
        Format(output, 100 + (n % 100 * 0.25));
        output.Write("}}}}"u8);
    }

    private static void Format<T>(ArrayBufferWriter<byte> output, T value)
        where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(32);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit in 32 bytes.");
        }

        output.Advance(written);
    }
}
