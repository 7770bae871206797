using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

/// <summary>
/// One way for a server to misbehave, and what the client must report for it: whether it opens, the exact sequence of
/// error types (then exactly one close), the close code and <see cref="ClientSocket.WasClean"/>.
/// </summary>
internal sealed record HostileScenario(
    string Name,
    Func<HostileConnection, Task> Server,
    bool Opens,
    Type[] Errors,
    int CloseCode,
    bool WasClean = false,
    Action<WebSocketOptions>? Options = null,
    Action<ClientSocket>? AfterOpen = null,
    int? CloseCodeTheServerMustReceive = null);

internal static class HostileScenarios
{
    public const int SmallMaxMessageSize = 64 * 1024;

    private static readonly Dictionary<string, HostileScenario> s_all = Build().ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => s_all.Keys.Order(StringComparer.Ordinal);

    public static HostileScenario Get(string name) => s_all[name];

    private static IEnumerable<HostileScenario> Build()
    {
        var ws = typeof(WebSocketException);
        var timeout = typeof(TimeoutException);

        // After the handshake, a frame the protocol forbids: the transport fails the connection; one error, then close 1006.
        foreach (var (name, frames) in ProtocolViolations())
        {
            yield return new HostileScenario(name, OpenThen(frames), Opens: true, [ws], CloseCode: 1006);
        }

        yield return new HostileScenario("reset-mid-frame", async c =>
        {
            await Handshake(c);
            await c.WriteFrameAsync(0x2, new byte[10], declaredLength: 1000);
            c.Reset();
        }, Opens: true, [ws], CloseCode: 1006);

        yield return new HostileScenario("fin-without-close-frame", async c =>
        {
            await Handshake(c);
            await c.WriteTextAsync("one good message first");
            c.Shutdown();
            await c.DrainUntilEndAsync();
        }, Opens: true, [ws], CloseCode: 1006);

        // Handshake failures: the connect fails, OnOpen never runs.
        yield return new HostileScenario("never-answer-handshake", async c =>
        {
            await c.ReadHandshakeAsync();
            await c.DrainUntilEndAsync();
        }, Opens: false, [timeout], CloseCode: 1006, Options: o => o.ConnectTimeout = TimeSpan.FromSeconds(1));

        yield return new HostileScenario("reset-instead-of-handshake-response", async c =>
        {
            await c.ReadHandshakeAsync();
            c.Reset();
        }, Opens: false, [ws], CloseCode: 1006);

        foreach (var (status, text) in new[] { (404, "Not Found"), (500, "Internal Server Error"), (200, "OK"), (302, "Found") })
        {
            yield return new HostileScenario($"handshake-{status}", async c =>
            {
                await c.ReadHandshakeAsync();
                await c.RespondStatusAsync(status, text);
                await c.DrainUntilEndAsync();
            }, Opens: false, [ws], CloseCode: 1006);
        }

        yield return new HostileScenario("handshake-wrong-accept", async c =>
        {
            await c.ReadHandshakeAsync();
            await c.AcceptHandshakeAsync(HostileConnection.ComputeAccept("not the key the client sent"));
            await c.DrainUntilEndAsync();
        }, Opens: false, [ws], CloseCode: 1006);

        // A 101 the client must not trust: a subprotocol it never offered, or no Upgrade header.
        foreach (var (name, extra, upgrade) in new[]
        {
            ("handshake-unrequested-subprotocol", "Sec-WebSocket-Protocol: admin\r\n", true),
            ("handshake-missing-upgrade", "", false),
        })
        {
            yield return new HostileScenario(name, async c =>
            {
                await c.ReadHandshakeAsync();
                await c.AcceptHandshakeAsync(extraHeaders: extra, upgradeHeader: upgrade);
                await c.DrainUntilEndAsync();
            }, Opens: false, [ws], CloseCode: 1006);
        }

        // ClientWebSocket does not fail a 101 that names an extension the client never offered (RFC 6455 4.1 says it
        // must); what keeps it safe is that it still refuses the compressed (RSV1) frames such a server then sends.
        yield return new HostileScenario("handshake-unrequested-extension-then-compressed-frame", async c =>
        {
            await c.ReadHandshakeAsync();
            await c.AcceptHandshakeAsync(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate\r\n");
            await c.WriteFrameAsync(0x1, new byte[] { 0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00 }, rsv: 4);
            await c.DrainUntilEndAsync();
        }, Opens: true, [ws], CloseCode: 1006);

        yield return new HostileScenario("handshake-garbage", async c =>
        {
            await c.ReadHandshakeAsync();
            await c.WriteRawAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
            await c.DrainUntilEndAsync();
        }, Opens: false, [ws], CloseCode: 1006);

        yield return new HostileScenario("handshake-endless-headers", async c =>
        {
            await c.ReadHandshakeAsync();
            await c.WriteRawAsync(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\n"));
            var header = Encoding.ASCII.GetBytes($"X-Filler: {new string('x', 1000)}\r\n");
            try
            {
                // The client gives up long before 4 MiB of headers; the write then fails, which is the point.
                for (var i = 0; i < 4096; i++)
                {
                    await c.WriteRawAsync(header);
                }
            }
            catch (System.IO.IOException)
            {
                return;
            }

            await c.DrainUntilEndAsync();
        }, Opens: false, [ws], CloseCode: 1006);

        // Messages over MaxMessageSize: error, close frame 1009; the close code is 1009 when the server answers it.
        yield return new HostileScenario("too-big-one-frame-echoed", TooBig(fragments: 1, fragmentSize: 4 * SmallMaxMessageSize, echoClose: true),
            Opens: true, [ws], CloseCode: 1009, WasClean: true, Options: SmallMessages, CloseCodeTheServerMustReceive: 1009);
        yield return new HostileScenario("too-big-fragmented-echoed", TooBig(fragments: 300, fragmentSize: 1024, echoClose: true),
            Opens: true, [ws], CloseCode: 1009, WasClean: true, Options: SmallMessages, CloseCodeTheServerMustReceive: 1009);
        yield return new HostileScenario("too-big-one-frame-close-ignored", TooBig(fragments: 1, fragmentSize: 4 * SmallMaxMessageSize, echoClose: false),
            Opens: true, [ws, timeout], CloseCode: 1006, Options: o => { SmallMessages(o); o.CloseTimeout = TimeSpan.FromSeconds(1); });
        yield return new HostileScenario("too-big-fragmented-close-ignored", TooBig(fragments: 300, fragmentSize: 1024, echoClose: false),
            Opens: true, [ws, timeout], CloseCode: 1006, Options: o => { SmallMessages(o); o.CloseTimeout = TimeSpan.FromSeconds(1); });

        yield return new HostileScenario("never-answer-our-close", async c =>
        {
            await Handshake(c);
            await c.DrainUntilEndAsync();
        }, Opens: true, [timeout], CloseCode: 1006, Options: o => o.CloseTimeout = TimeSpan.FromSeconds(1), AfterOpen: s => s.Close(1000, "bye"));

        yield return new HostileScenario("close-echo-then-reset", async c =>
        {
            await Handshake(c);
            var close = await c.ReadUntilCloseAsync();
            await c.WriteCloseAsync(close!.CloseCode!.Value);
            c.Reset();
        }, Opens: true, [], CloseCode: 4000, WasClean: true, AfterOpen: s => s.Close(4000), CloseCodeTheServerMustReceive: 4000);

        // A well-behaved server closing: the control case that proves the harness can see a clean close.
        yield return new HostileScenario("polite-server-close", async c =>
        {
            await Handshake(c);
            await c.WriteCloseAsync(1001, "going away");
            await c.ReadUntilCloseAsync();
        }, Opens: true, [], CloseCode: 1001, WasClean: true);
    }

    private static IEnumerable<(string Name, Func<HostileConnection, Task> Frames)> ProtocolViolations()
    {
        yield return ("invalid-utf8-text", c => c.WriteFrameAsync(0x1, new byte[] { 0x48, 0x69, 0xC3, 0x28 }));
        yield return ("invalid-utf8-across-fragments", async c =>
        {
            await c.WriteFrameAsync(0x1, new byte[] { 0x41, 0xE2, 0x82 }, fin: false);
            await c.WriteFrameAsync(0x0, new byte[] { 0x28 }, fin: true);
        });
        yield return ("overlong-utf8-text", c => c.WriteFrameAsync(0x1, new byte[] { 0xC0, 0xAF }));
        yield return ("utf16-surrogate-in-utf8-text", c => c.WriteFrameAsync(0x1, new byte[] { 0xED, 0xA0, 0x80 }));
        yield return ("reserved-bit-1", c => c.WriteFrameAsync(0x1, "x"u8.ToArray(), rsv: 4));
        yield return ("reserved-bit-2", c => c.WriteFrameAsync(0x2, "x"u8.ToArray(), rsv: 2));
        yield return ("reserved-bit-3", c => c.WriteFrameAsync(0x2, "x"u8.ToArray(), rsv: 1));
        yield return ("unknown-data-opcode", c => c.WriteFrameAsync(0x3, "x"u8.ToArray()));
        yield return ("unknown-control-opcode", c => c.WriteFrameAsync(0xB, "x"u8.ToArray()));
        yield return ("masked-server-frame", c => c.WriteFrameAsync(0x1, "masked"u8.ToArray(), mask: true));
        yield return ("continuation-without-start", c => c.WriteFrameAsync(0x0, "x"u8.ToArray()));
        yield return ("new-message-inside-fragmented-message", async c =>
        {
            await c.WriteFrameAsync(0x1, "first half"u8.ToArray(), fin: false);
            await c.WriteFrameAsync(0x1, "a new message"u8.ToArray(), fin: true);
        });
        yield return ("fragmented-ping", c => c.WriteFrameAsync(0x9, "x"u8.ToArray(), fin: false));
        yield return ("oversized-ping", c => c.WriteFrameAsync(0x9, new byte[126]));
        yield return ("close-code-1005", c => c.WriteCloseAsync(1005));
        yield return ("close-code-1006", c => c.WriteCloseAsync(1006));
        yield return ("close-code-999", c => c.WriteCloseAsync(999));
        yield return ("close-code-1004", c => c.WriteCloseAsync(1004));
        yield return ("close-code-5000", c => c.WriteCloseAsync(5000));
        yield return ("close-one-byte-payload", c => c.WriteFrameAsync(0x8, new byte[] { 0x03 }));
        yield return ("close-reason-invalid-utf8", c => c.WriteFrameAsync(0x8, new byte[] { 0x03, 0xE8, 0xC3, 0x28 }));
        yield return ("length-with-high-bit", c => c.WriteFrameAsync(0x2, ReadOnlyMemory<byte>.Empty, declaredLength: long.MinValue));
    }

    private static void SmallMessages(WebSocketOptions options) => options.MaxMessageSize = SmallMaxMessageSize;

    private static async Task Handshake(HostileConnection c)
    {
        await c.ReadHandshakeAsync();
        await c.AcceptHandshakeAsync();
    }

    private static Func<HostileConnection, Task> OpenThen(Func<HostileConnection, Task> frames) => async c =>
    {
        await c.ReadHandshakeAsync();
        await c.AcceptHandshakeAsync();
        await frames(c);
        await c.DrainUntilEndAsync();
    };

    private static Func<HostileConnection, Task> TooBig(int fragments, int fragmentSize, bool echoClose) => async c =>
    {
        await c.ReadHandshakeAsync();
        await c.AcceptHandshakeAsync();
        var chunk = new byte[fragmentSize];
        for (var i = 0; i < fragments; i++)
        {
            await c.WriteFrameAsync(i == 0 ? 0x2 : 0x0, chunk, fin: i == fragments - 1);
        }

        if (echoClose)
        {
            var close = await c.ReadUntilCloseAsync() ?? throw new InvalidOperationException("The client ended the connection without sending a close frame.");
            await c.WriteCloseAsync(close.CloseCode ?? 1000);
        }

        await c.DrainUntilEndAsync();
    };
}
