using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace TypedWebSockets.TestServer;

/// <summary>
/// The paths the test server answers and what each does. Every path takes an optional <c>id</c> query parameter
/// (<see cref="ServerSession.Query"/>) under which the server records headers, offered subprotocols and every message
/// and close frame it receives.
/// </summary>
/// <remarks>
/// "Then echoes" means: every message received is sent back as one message of the same type (text or binary) with
/// the same bytes, and a close frame is answered with the same code and reason.
/// Server-initiated messages (<see cref="Push"/>, <see cref="Close"/>, <see cref="Abort"/>) are chosen with:
/// <list type="bullet">
/// <item><c>count=N</c>: N text messages <c>"0"</c>, <c>"1"</c>, … <c>"N-1"</c>;</item>
/// <item><c>msg=t:TEXT</c> / <c>msg=b:BASE64</c> (repeatable, in order): a text or binary message;</item>
/// <item><c>size=S</c> (with <c>binary=1</c> for binary): one message of S bytes of <see cref="Pattern"/>.</item>
/// </list>
/// </remarks>
public static class TestEndpoints
{
    /// <summary>Accepts, then echoes.</summary>
    public const string Echo = "/echo";

    /// <summary>Accepts, sends the server-initiated messages at once, then echoes.</summary>
    public const string Push = "/push";

    /// <summary>
    /// Accepts, sends one message in <c>parts=N</c> frames (endOfMessage false but for the last), then echoes. The message
    /// is <c>text=...</c> (its UTF-8 bytes split anywhere, even inside a character) or <c>size=S</c> bytes of
    /// <see cref="Pattern"/> (<c>binary=1</c> for binary).
    /// </summary>
    public const string Fragmented = "/fragmented";

    /// <summary>
    /// Accepts, sends the server-initiated messages, then starts the closing handshake with <c>code=C</c> (default 1000)
    /// and <c>reason=R</c>, and records the client's answer.
    /// </summary>
    public const string Close = "/close";

    /// <summary>
    /// Accepts, sends the server-initiated messages, with <c>wait=1</c> waits for one message from the client (so the
    /// test knows the client is open and read what came before), then aborts the TCP connection (no close frame).
    /// </summary>
    public const string Abort = "/abort";

    /// <summary>Refuses the handshake with HTTP <c>status=S</c> (default 403) before any upgrade.</summary>
    public const string Refuse = "/refuse";

    /// <summary>
    /// Waits before accepting: <c>delayMs=D</c> milliseconds and/or, with <c>gate=1</c>, until the test calls
    /// <see cref="ServerSession.OpenGate"/>; then accepts and echoes.
    /// </summary>
    public const string Slow = "/slow";

    /// <summary>
    /// Accepts with the first subprotocol the client offered that is among <c>accept=P</c> (repeatable; without any, the
    /// first one offered), or none; then echoes.
    /// </summary>
    public const string Subprotocol = "/subprotocol";

    /// <summary>Accepts, records what it receives, and never answers the close frame (nor closes) until the client goes away.</summary>
    public const string NeverAnswersClose = "/silent";

    /// <summary>Accepts and never reads anything (so the client's writes back up), until the client goes away.</summary>
    public const string NeverReads = "/stall";

    /// <summary>Accepts, records what it receives without answering messages, and answers the close frame.</summary>
    public const string Sink = "/sink";

    /// <summary>
    /// The deterministic content of pattern messages: for text, ASCII letters <c>a</c>–<c>z</c> repeated; for binary,
    /// the bytes <c>i % 251</c>.
    /// </summary>
    /// <param name="length">The number of bytes.</param>
    /// <param name="binary">Binary rather than text content.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Pattern(int length, bool binary)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = binary ? (byte)(i % 251) : (byte)('a' + (i % 26));
        }

        return bytes;
    }

    internal static async Task HandleAsync(HttpContext context, WebSocketTestServer server, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var session = query.TryGetValue("id", out var id) && !string.IsNullOrEmpty(id) ? server.Session(id.ToString()) : null;
        session?.RecordRequest(
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            context.WebSockets.WebSocketRequestedProtocols.ToArray());

        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = lifetime.Token;
        try
        {
            var path = context.Request.Path.Value;
            if (path == Refuse)
            {
                context.Response.StatusCode = GetInt(query, "status", 403);
                return;
            }

            if (path is not (Echo or Push or Fragmented or Close or Abort or Slow or Subprotocol or NeverAnswersClose or NeverReads or Sink))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (path == Slow)
            {
                if (GetInt(query, "gate", 0) == 1)
                {
                    if (session is null)
                    {
                        throw new InvalidOperationException($"{Slow}?gate=1 needs an id to find the gate.");
                    }

                    await session.Gate.WaitAsync(token).ConfigureAwait(false);
                }

                var delay = GetInt(query, "delayMs", 0);
                if (delay > 0)
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
            }

            string? subprotocol = null;
            if (path == Subprotocol)
            {
                var offered = context.WebSockets.WebSocketRequestedProtocols;
                var acceptable = query["accept"].Where(p => !string.IsNullOrEmpty(p)).ToArray();
                subprotocol = acceptable.Length == 0
                    ? offered.FirstOrDefault()
                    : offered.FirstOrDefault(p => acceptable.Contains(p, StringComparer.Ordinal));
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = subprotocol }).ConfigureAwait(false);
            session?.RecordAccepted();
            switch (path)
            {
                case Push:
                    await SendInitialMessagesAsync(socket, query, token).ConfigureAwait(false);
                    await EchoAsync(socket, session, token).ConfigureAwait(false);
                    break;

                case Fragmented:
                    await SendFragmentedAsync(socket, query, token).ConfigureAwait(false);
                    await EchoAsync(socket, session, token).ConfigureAwait(false);
                    break;

                case Close:
                    await SendInitialMessagesAsync(socket, query, token).ConfigureAwait(false);
                    var reason = query["reason"].ToString();
                    await socket.CloseOutputAsync((WebSocketCloseStatus)GetInt(query, "code", 1000), reason, token).ConfigureAwait(false);
                    await RecordUntilCloseAsync(socket, session, token).ConfigureAwait(false);
                    break;

                case Abort:
                    await SendInitialMessagesAsync(socket, query, token).ConfigureAwait(false);
                    if (GetInt(query, "wait", 0) == 1)
                    {
                        var received = await ReceiveMessageAsync(socket, new ArrayBufferWriter<byte>(), token).ConfigureAwait(false);
                        session?.Record(received);
                    }

                    context.Abort();
                    break;

                case NeverAnswersClose:
                    await RecordUntilCloseAsync(socket, session, token).ConfigureAwait(false);
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                    break;

                case NeverReads:
                    await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
                    break;

                case Sink:
                    await RecordUntilCloseAsync(socket, session, token).ConfigureAwait(false);
                    await AnswerCloseAsync(socket, token).ConfigureAwait(false);
                    break;

                default:
                    await EchoAsync(socket, session, token).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex)
        {
            // Clients abort on purpose in many tests, so a broken connection is expected here; it is kept for diagnosis.
            server.RecordEndpointError(context.Request.Path + context.Request.QueryString, ex);
        }
        finally
        {
            session?.RecordEnded();
        }
    }

    private static async Task EchoAsync(System.Net.WebSockets.WebSocket socket, ServerSession? session, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var message = await ReceiveMessageAsync(socket, buffer, token).ConfigureAwait(false);
            session?.Record(message);
            if (message.IsClose)
            {
                await AnswerCloseAsync(socket, token).ConfigureAwait(false);
                return;
            }

            await socket.SendAsync(message.Payload, message.Type, endOfMessage: true, token).ConfigureAwait(false);
        }
    }

    private static async Task RecordUntilCloseAsync(System.Net.WebSockets.WebSocket socket, ServerSession? session, CancellationToken token)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var message = await ReceiveMessageAsync(socket, buffer, token).ConfigureAwait(false);
            session?.Record(message);
            if (message.IsClose)
            {
                return;
            }
        }
    }

    private static async Task AnswerCloseAsync(System.Net.WebSockets.WebSocket socket, CancellationToken token)
    {
        if (socket.State == System.Net.WebSockets.WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, token).ConfigureAwait(false);
        }
    }

    private static async Task<ReceivedMessage> ReceiveMessageAsync(System.Net.WebSockets.WebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken token)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedMessage(WebSocketMessageType.Close, [], (int?)socket.CloseStatus, socket.CloseStatusDescription);
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return new ReceivedMessage(result.MessageType, buffer.WrittenSpan.ToArray());
            }
        }
    }

    private static async Task SendInitialMessagesAsync(System.Net.WebSockets.WebSocket socket, IQueryCollection query, CancellationToken token)
    {
        var count = GetInt(query, "count", 0);
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
        }

        foreach (var message in query["msg"])
        {
            if (message is null || message.Length < 2 || message[1] != ':' || message[0] is not ('t' or 'b'))
            {
                throw new ArgumentException($"msg='{message}' must be 't:TEXT' or 'b:BASE64'.");
            }

            var binary = message[0] == 'b';
            var payload = binary ? Convert.FromBase64String(message[2..]) : Encoding.UTF8.GetBytes(message[2..]);
            await socket.SendAsync(payload, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
        }

        if (query.ContainsKey("size"))
        {
            var binary = GetInt(query, "binary", 0) == 1;
            await socket.SendAsync(Pattern(GetInt(query, "size", 0), binary), binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false);
        }
    }

    private static async Task SendFragmentedAsync(System.Net.WebSockets.WebSocket socket, IQueryCollection query, CancellationToken token)
    {
        var binary = GetInt(query, "binary", 0) == 1;
        var payload = query.TryGetValue("text", out var text) ? Encoding.UTF8.GetBytes(text.ToString()) : Pattern(GetInt(query, "size", 0), binary);
        var parts = GetInt(query, "parts", 2);
        if (parts < 1)
        {
            throw new ArgumentException($"parts={parts} must be at least 1.");
        }

        var type = binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        var chunk = payload.Length / parts;
        for (var i = 0; i < parts; i++)
        {
            var start = i * chunk;
            var end = i == parts - 1 ? payload.Length : start + chunk;
            await socket.SendAsync(payload.AsMemory(start, end - start), type, endOfMessage: i == parts - 1, token).ConfigureAwait(false);
        }
    }

    private static int GetInt(IQueryCollection query, string name, int defaultValue)
    {
        var value = query[name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new ArgumentException($"Query parameter {name}='{value}' is not an integer.");
    }
}
