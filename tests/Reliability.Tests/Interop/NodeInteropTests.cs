using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests.Interop;

/// <summary>The raw and the typed client against a real outside peer: Node's <c>ws</c> (tests/Interop/server.mjs).</summary>
public sealed class NodeInteropTests(NodeInteropServer node) : IClassFixture<NodeInteropServer>
{
    private const int OneMiB = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Raw_text_and_binary_messages_echo_unchanged()
    {
        var (client, inbox, events) = Raw("/echo");
        await using (client)
        {
            var binary = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
            client.Send("h\u00e9llo \U0001F600");
            client.Send(Data.FromBytes(binary));
            client.Send("");
            Assert.Equal("h\u00e9llo \U0001F600", await inbox.NextTextAsync());
            Assert.Equal(Data.FromBytes(binary), (await inbox.NextAsync()).Data);
            Assert.Equal("", await inbox.NextTextAsync());
            await CloseCleanlyAsync(client, events);
        }
    }

    [Fact]
    public async Task Typed_messages_round_trip_through_ws_in_the_flat_wire_format()
    {
        var inbox = new MessageInbox();
        var received = new List<ChatMessage>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new TypedClient(node.Url("/echo"))
        {
            OnMessage = inbox.Add,
            OnChatMessage = m =>
            {
                received.Add(m);
                if (received.Count == 100)
                {
                    all.TrySetResult();
                }
            },
        };
        var events = ClientEvents.Attach(client, messages: false);
        var sent = Enumerable.Range(0, 100).Select(i => new ChatMessage("ada", $"message {i} \u00e9\"\\", i)).ToArray();
        foreach (var message in sent)
        {
            await client.SendAsync(message).AsTask().WaitAsync(Timeout);
        }

        await all.Task.WaitAsync(Timeout);
        Assert.Equal(sent, received);
        using var wire = JsonDocument.Parse(await inbox.NextTextAsync());
        Assert.Equal("chat", wire.RootElement.GetProperty("type").GetString());
        Assert.Equal("ada", wire.RootElement.GetProperty("user").GetString());
        await CloseCleanlyAsync(client, events);
        SuiteFigures.MessagesMoved(200);
    }

    [Fact]
    public async Task Fragmented_messages_from_ws_are_joined_for_raw_and_typed_handlers()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => (char)('a' + (i % 26)))) + " \u00e9\u65e5\U0001F600";
        var json = JsonSerializer.Serialize(new { type = "chat", user = "fragments", text, seq = 7 });
        var (raw, rawInbox, rawEvents) = Raw("/fragmented");
        await using (raw)
        {
            // ws splits by bytes, so fragment boundaries fall inside multi-byte characters too.
            raw.Send($"frag:9:{text}");
            Assert.Equal(text, await rawInbox.NextTextAsync());
            await CloseCleanlyAsync(raw, rawEvents);
        }

        var typed = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = new MessageInbox();
        await using var client = new TypedClient(node.Url("/fragmented"))
        {
            OnMessage = inbox.Add,
            OnChatMessage = m => typed.TrySetResult(m),
        };
        var events = ClientEvents.Attach(client, messages: false);
        client.Send($"frag:13:{json}");
        Assert.Equal(json, await inbox.NextTextAsync());
        Assert.Equal(new ChatMessage("fragments", text, 7), await typed.Task.WaitAsync(Timeout));
        await CloseCleanlyAsync(client, events);
    }

    [Fact]
    public async Task Pings_from_ws_are_answered_and_keep_alive_pings_reach_ws()
    {
        var (client, inbox, events) = Raw("/ping", o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
            o.Configure = c => c.KeepAliveTimeout = TimeSpan.FromSeconds(20);
        });
        await using (client)
        {
            var seen = new HashSet<string> { await inbox.NextTextAsync(), await inbox.NextTextAsync() };
            Assert.Contains("pong:hello", seen);
            Assert.Contains(seen, s => s.StartsWith("ping:", StringComparison.Ordinal));
            await CloseCleanlyAsync(client, events);
        }
    }

    [Fact]
    public async Task Permessage_deflate_is_negotiated_through_Configure_and_carries_large_messages()
    {
        var (client, inbox, events) = Raw("/deflate", o => o.Configure = c => c.DangerousDeflateOptions = new WebSocketDeflateOptions());
        await using (client)
        {
            client.Send("ext?");
            Assert.StartsWith("ext:permessage-deflate", await inbox.NextTextAsync(), StringComparison.Ordinal);
            var compressible = string.Concat(Enumerable.Repeat("typed websockets ", OneMiB / 17));
            var random = new byte[OneMiB];
            new Random(42).NextBytes(random);
            client.Send(compressible);
            client.Send(Data.FromBytes(random));
            Assert.Equal(compressible, await inbox.NextTextAsync());
            Assert.Equal(Data.FromBytes(random), (await inbox.NextAsync()).Data);
            await CloseCleanlyAsync(client, events);
            SuiteFigures.MessagesMoved(4);
        }

        // Without Configure nothing is negotiated: the extension above was real.
        var (plain, plainInbox, plainEvents) = Raw("/deflate");
        await using (plain)
        {
            plain.Send("ext?");
            Assert.Equal("ext:", await plainInbox.NextTextAsync());
            await CloseCleanlyAsync(plain, plainEvents);
        }
    }

    [Fact]
    public async Task Typed_messages_cross_a_deflated_connection()
    {
        var received = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new WebSocketOptions { Configure = c => c.DangerousDeflateOptions = new WebSocketDeflateOptions() };
        await using var client = new TypedClient(node.Url("/deflate"), options) { OnChatMessage = m => received.TrySetResult(m) };
        var events = ClientEvents.Attach(client, messages: false);
        var message = new ChatMessage("deflate", string.Concat(Enumerable.Repeat("abc", 100_000)), 1);
        client.Send(message);
        Assert.Equal(message, await received.Task.WaitAsync(Timeout));
        await CloseCleanlyAsync(client, events);
    }

    [Fact]
    public async Task A_close_code_and_reason_from_ws_reach_the_client()
    {
        var (client, _, events) = Raw("/close");
        await using (client)
        {
            await client.WaitOpenAsync().WaitAsync(Timeout);
            client.Send("close:4321:server says bye");
            await events.WaitClosedAsync(Timeout);
            Assert.Empty(events.AssertSingleCloseAfterErrors());
            Assert.Equal("server says bye", events.Snapshot[^1].Reason);
            Assert.Equal(4321, client.CloseCode);
            Assert.Equal("server says bye", client.CloseReason);
            Assert.True(client.WasClean);
        }
    }

    [Theory]
    [InlineData(1000, "")]
    [InlineData(1001, "going away")]
    [InlineData(4002, "client bye \u00e9")]
    public async Task A_close_code_and_reason_from_the_client_reach_ws(int code, string reason)
    {
        var id = Guid.NewGuid().ToString("N");
        var (client, _, events) = Raw($"/close?id={id}");
        await using (client)
        {
            await client.WaitOpenAsync().WaitAsync(Timeout);
            await client.CloseAsync(code, reason.Length == 0 ? null : reason).WaitAsync(Timeout);
            Assert.Empty(events.AssertSingleCloseAfterErrors());
            Assert.Equal(code, client.CloseCode);
            Assert.True(client.WasClean);
        }

        var (probe, inbox, probeEvents) = Raw($"/last-close?id={id}");
        await using (probe)
        {
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"last:{code}:{reason}"), await inbox.NextTextAsync());
            await CloseCleanlyAsync(probe, probeEvents);
        }
    }

    [Fact]
    public async Task A_terminated_connection_is_an_error_then_one_close_with_1006()
    {
        var (client, _, events) = Raw("/terminate");
        await using (client)
        {
            await client.WaitOpenAsync().WaitAsync(Timeout);
            client.Send("terminate");
            await events.WaitClosedAsync(Timeout);
            var error = Assert.Single(events.AssertSingleCloseAfterErrors());
            Assert.IsType<WebSocketException>(error);
            Assert.Equal(1006, client.CloseCode);
            Assert.False(client.WasClean);
            SuiteFigures.FaultsSurvived(1);
        }
    }

    [Fact]
    public async Task One_MiB_messages_cross_in_both_directions()
    {
        var (client, inbox, events) = Raw("/big");
        await using (client)
        {
            client.Send(string.Create(CultureInfo.InvariantCulture, $"big:{OneMiB}"));
            var data = (await inbox.NextAsync()).Data!;
            Assert.Equal(OneMiB, data.Length);
            Assert.True(data.Span.ToArray().Select((b, i) => b == i % 251).All(ok => ok), "The 1 MiB message from ws arrived altered.");
            await CloseCleanlyAsync(client, events);
        }

        var (echo, echoInbox, echoEvents) = Raw("/echo");
        await using (echo)
        {
            var text = new string('\u00e9', OneMiB / 2);
            echo.Send(text);
            Assert.Equal(text, await echoInbox.NextTextAsync());
            await CloseCleanlyAsync(echo, echoEvents);
        }

        SuiteFigures.MessagesMoved(3);
    }

    [Fact]
    public async Task A_message_from_ws_over_MaxMessageSize_closes_with_1009()
    {
        var (client, _, events) = Raw("/big", o => o.MaxMessageSize = OneMiB / 2);
        await using (client)
        {
            client.Send(string.Create(CultureInfo.InvariantCulture, $"big:{OneMiB}"));
            await events.WaitClosedAsync(Timeout);
            var error = Assert.Single(events.AssertSingleCloseAfterErrors());
            Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
            Assert.Equal(1009, client.CloseCode);
            Assert.True(client.WasClean);
            SuiteFigures.FaultsSurvived(1);
        }
    }

    [Theory]
    [InlineData(new[] { "v1.typed", "v2.typed" }, "v2.typed")]
    [InlineData(new[] { "v1.typed" }, "v1.typed")]
    [InlineData(new[] { "v9.unknown" }, null)]
    public async Task The_subprotocol_ws_selects_is_reported(string[] offered, string? selected)
    {
        var (client, inbox, events) = Raw("/protocol", o =>
        {
            foreach (var protocol in offered)
            {
                o.SubProtocols.Add(protocol);
            }
        });
        await using (client)
        {
            await client.WaitOpenAsync().WaitAsync(Timeout);
            Assert.Equal(selected, client.Protocol);
            client.Send("protocol?");
            Assert.Equal($"protocol:{selected}", await inbox.NextTextAsync());
            await CloseCleanlyAsync(client, events);
        }
    }

    private (ClientSocket Client, MessageInbox Inbox, ClientEvents Events) Raw(string path, Action<WebSocketOptions>? configure = null)
    {
        var options = new WebSocketOptions { ConnectTimeout = Timeout };
        configure?.Invoke(options);
        var inbox = new MessageInbox();
        var client = new ClientSocket(node.Url(path), options) { OnMessage = inbox.Add };
        return (client, inbox, ClientEvents.Attach(client, messages: false));
    }

    private async Task CloseCleanlyAsync(ClientSocket client, ClientEvents events)
    {
        await client.CloseAsync(1000, "done").WaitAsync(Timeout);
        var errors = events.AssertSingleCloseAfterErrors();
        Assert.True(errors.Count == 0, $"Unexpected errors: {string.Join("; ", errors.Select(e => e.Message))}. ws stderr: {node.Diagnostics}");
        Assert.Equal(1000, client.CloseCode);
        Assert.True(client.WasClean);
        SuiteFigures.CasesTried(1);
    }
}
