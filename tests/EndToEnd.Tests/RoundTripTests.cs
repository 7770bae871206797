using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>
/// The main round trip over ws:// and wss:// (the shared test server's self-signed certificate, trusted through
/// <see cref="WebSocketTestServer.CreateClientOptions"/>): typed sends recorded by the server as the expected JSON, echoed
/// back and dispatched to the typed handlers and listeners.
/// </summary>
public sealed class RoundTripTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    public static readonly TheoryData<string, ClientKind> SchemesAndKinds = new(
        from scheme in new[] { "ws", "wss" }
        from kind in Enum.GetValues<ClientKind>()
        select (scheme, kind));

    [Theory]
    [MemberData(nameof(SchemesAndKinds))]
    public async Task Typed_messages_go_to_the_server_and_come_back_to_the_typed_handlers(string scheme, ClientKind kind)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var client = ChatClients.Create(kind, server.Url(TestEndpoints.Echo, session), server.CreateClientOptions());
        await using var _ = client;
        var recorder = ChatRecorder.Attach(client);
        var chat = Samples.Chat();

        // Sent while still connecting and after open, with both Send and SendAsync.
        client.Send(chat);
        await client.Socket.WaitOpenAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith(scheme + "://", client.Socket.Url, StringComparison.Ordinal);
        await client.SendAsync(Samples.Presence()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        client.Send(Samples.Page());
        await client.SendAsync(new Tick(7, "seven")).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var received = await session.WaitForMessagesAsync(4, TimeSpan.FromSeconds(10));
        Assert.All(received, m => Assert.Equal(WebSocketMessageType.Text, m.Type));
        Samples.AssertChatJson(chat, Wire.Open(kind, received[0].Text, "chat"));
        var presence = Wire.Open(kind, received[1].Text, "presence");
        Assert.Equal("grace", presence["user"].GetString());
        Assert.True(presence["online"].GetBoolean());
        Assert.Equal(12.5, presence["latency"].GetDouble());
        Assert.Equal(2, Wire.Open(kind, received[2].Text, "pageOfItem")["number"].GetInt32());
        Assert.Equal(7, Wire.Open(kind, received[3].Text, "tick")["seq"].GetInt32());

        // The echo: each message dispatched to its handler, then its listener.
        Assert.Equal(new Tick(7, "seven"), await recorder.TickListener.SingleAsync());
        Samples.AssertChat(chat, await recorder.Chat.SingleAsync());
        Samples.AssertChat(chat, await recorder.ChatListener.SingleAsync());
        Assert.Equal(Samples.Presence(), await recorder.Presence.SingleAsync());
        Assert.Equal(Samples.Presence(), await recorder.PresenceListener.SingleAsync());
        Samples.AssertPage(await recorder.Page.SingleAsync());
        Samples.AssertPage(await recorder.PageListener.SingleAsync());
        Assert.Equal(new Tick(7, "seven"), await recorder.Tick.SingleAsync());
        Assert.Equal(received.Select(m => m.Text), recorder.Raw.Items.Select(m => m.Text));
        Assert.Empty(recorder.Errors.Items);

        await client.Socket.CloseAsync(1000, "done").WaitAsync(TimeSpan.FromSeconds(10));
        var close = await session.WaitForCloseAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1000, close.CloseCode);
        Assert.True(client.Socket.WasClean);
    }
}
