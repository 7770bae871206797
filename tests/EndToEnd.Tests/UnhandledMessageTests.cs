using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>
/// <see cref="WebSocket.OnUnhandledMessage"/> and <see cref="WebSocketEvent.UnhandledMessage"/>: the received messages no
/// contract matched, apart from the typed ones and the errors, after the raw listeners.
/// </summary>
public sealed class UnhandledMessageTests(PeerServerFixture fixture) : IClassFixture<PeerServerFixture>
{
    [Fact]
    public async Task Unknown_kinds_and_kind_less_messages_reach_the_handler_and_listeners_and_nothing_else()
    {
        var log = new List<string>();
        var unhandled = new Inbox<WebSocketMessage>("unhandled", log);
        var listened = new Inbox<WebSocketMessage>("listener", log);
        var raw = new Inbox<WebSocketMessage>("raw", log);
        var chat = new Inbox<ChatMessage>("chat", log);
        var errors = new Inbox<Exception>("errors", log);
        await using var connection = await fixture.Server.ConnectAsync(url => new FlatChatClient(url)
        {
            OnChatMessage = chat.Add,
            OnError = errors.Add,
            OnMessage = raw.Add,
            OnUnhandledMessage = unhandled.Add,
        });
        connection.Client.AddEventListener(WebSocketEvent.UnhandledMessage, listened.Add);

        await connection.Peer.SendAsync("""{"type":"shout","text":"HI"}""");
        await connection.Peer.SendAsync(Wire.Message(ClientKind.Flat, "chat", Samples.ChatJson));
        await connection.Peer.SendAsync("""{"text":"no kind"}""");
        await connection.Peer.SendAsync("""{"type":"chat",""");
        await connection.Peer.SendAsync("""{"type":"binary"}""", binary: true);
        await raw.WaitForAsync(5);
        await errors.WaitForAsync(1);
        var items = await unhandled.WaitForAsync(3);
        await listened.WaitForAsync(3);

        Assert.Equal(["""{"type":"shout","text":"HI"}""", """{"text":"no kind"}""", null], items.Select(m => m.Text));
        Assert.Equal("""{"type":"binary"}""", Encoding.UTF8.GetString(items[2].Data!.Span));
        Assert.Equal(items.Select(m => m.Text), listened.Items.Select(m => m.Text));
        Assert.Single(chat.Items);
        Assert.IsType<MessageContractException>(Assert.Single(errors.Items));

        // The raw listener first, then the typed handler, error or unhandled handler (and its listener) of each message.
        Assert.Equal(["raw", "unhandled", "listener", "raw", "chat", "raw", "unhandled", "listener", "raw", "errors", "raw", "unhandled", "listener"], log);
    }

    [Fact]
    public async Task Setting_only_OnUnhandledMessage_consumes_the_messages_held_since_the_socket_opened()
    {
        var (url, accepted) = fixture.Server.Expect("""{"type":"shout","text":"first"}""", Wire.Message(ClientKind.Flat, "chat", Samples.ChatJson), """{"type":"shout","text":"last"}""");
        var unhandled = new Inbox<WebSocketMessage>("unhandled");
        using var client = new FlatChatClient(url, new WebSocketOptions { AutoConnect = false });
        client.Connect();
        await accepted.WaitAsync(TestTimeouts.Default);

        client.OnUnhandledMessage = unhandled.Add;

        Assert.Equal(["""{"type":"shout","text":"first"}""", """{"type":"shout","text":"last"}"""], (await unhandled.WaitForAsync(2)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_plain_WebSocket_never_raises_it()
    {
        var (url, accepted) = fixture.Server.Expect();
        var raw = new Inbox<WebSocketMessage>("raw");
        var unhandled = new Inbox<WebSocketMessage>("unhandled");
        using var socket = new WebSocket(url) { OnMessage = raw.Add, OnUnhandledMessage = unhandled.Add };
        var peer = await accepted.WaitAsync(TestTimeouts.Default);

        await peer.SendAsync("""{"type":"shout"}""");
        await raw.WaitForAsync(1);
        await Task.Delay(TestTimeouts.Short);

        Assert.Empty(unhandled.Items);
    }
}
