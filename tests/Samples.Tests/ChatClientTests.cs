using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Samples.Chat;
using TypedWebSockets.Testing;
using Xunit;

namespace TypedWebSockets.Samples.Tests;

// The Chat sample's client, tested the way users test code built on a generated client: against the in-memory fake
// server, with no network.
public sealed class ChatClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static WebSocketOptions With(FakeWebSocketServer server) => new() { Transport = server.Transport };

    [Fact]
    public async Task Joining_on_open_sends_a_typed_join_in_the_sample_wire_format()
    {
        await using var server = new FakeWebSocketServer();
        await using var chat = new ChatClient("ws://chat.test/chat", With(server));
        chat.OnOpen = () => chat.Send(new JoinRoom("lobby", "ada"));
        var connection = await server.AcceptAsync().WaitAsync(Timeout);

        var raw = await connection.ReceiveAsync().WaitAsync(Timeout);

        Assert.Equal("""{"type":"join","room":"lobby","user":"ada"}""", raw.Text);
    }

    [Fact]
    public async Task Typed_reads_of_what_the_client_sent_check_the_discriminator()
    {
        await using var server = new FakeWebSocketServer();
        await using var chat = new ChatClient("ws://chat.test/chat", With(server));
        var connection = await server.AcceptAsync().WaitAsync(Timeout);

        await chat.SendAsync(new SendChat("hello"));
        await chat.SendAsync(new JoinRoom("lobby", "ada"));

        Assert.Equal(new SendChat("hello"), await connection.ReceiveAsync<SendChat>().WaitAsync(Timeout));
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => connection.ReceiveAsync<SendChat>().WaitAsync(Timeout));
        Assert.Contains("\"type\":\"join\"", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_messages_pushed_as_typed_objects_or_raw_json_reach_the_typed_handlers()
    {
        await using var server = new FakeWebSocketServer();
        var joined = new TaskCompletionSource<UserJoined>(TaskCreationOptions.RunContinuationsAsynchronously);
        var messages = new List<ChatMessage>();
        var twoMessages = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var chat = new ChatClient("ws://chat.test/chat", With(server))
        {
            OnUserJoined = j => joined.TrySetResult(j),
            OnChatMessage = m =>
            {
                messages.Add(m);
                if (messages.Count == 2)
                {
                    twoMessages.TrySetResult();
                }
            },
        };
        var connection = await server.AcceptAsync().WaitAsync(Timeout);
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        await connection.SendAsync(new UserJoined("grace", "lobby"));
        await connection.SendAsync(new ChatMessage("grace", "hi", at));
        await connection.SendAsync("""{"type":"chat","user":"ada","text":"raw","at":"2025-01-02T03:04:05+00:00"}""");

        Assert.Equal(new UserJoined("grace", "lobby"), await joined.Task.WaitAsync(Timeout));
        await twoMessages.Task.WaitAsync(Timeout);
        Assert.Equal([new ChatMessage("grace", "hi", at), new ChatMessage("ada", "raw", at)], messages);
    }

    [Fact]
    public async Task A_stream_of_chat_messages_yields_them_in_order_and_ends_when_the_server_closes()
    {
        await using var server = new FakeWebSocketServer();
        await using var chat = new ChatClient("ws://chat.test/chat", With(server));
        var connection = await server.AcceptAsync().WaitAsync(Timeout);
        var at = DateTimeOffset.UnixEpoch;
        using var cancel = new CancellationTokenSource(Timeout);

        // Both readers register before anything is sent: each sees every message.
        var first = Collect(chat.ReadAllAsync(ChatClient.Events.ChatMessage, cancel.Token));
        var second = Collect(chat.ReadAllAsync(ChatClient.Events.ChatMessage, cancel.Token));
        await connection.SendAsync(new UserJoined("grace", "lobby"));
        for (var i = 0; i < 5; i++)
        {
            await connection.SendAsync(new ChatMessage("grace", $"m{i}", at));
        }

        await connection.CloseAsync(1000, "done").WaitAsync(Timeout);

        var expected = new[] { "m0", "m1", "m2", "m3", "m4" };
        Assert.Equal(expected, (await first.WaitAsync(Timeout)).ConvertAll(m => m.Text));
        Assert.Equal(expected, (await second.WaitAsync(Timeout)).ConvertAll(m => m.Text));
    }

    [Fact]
    public async Task A_server_that_drops_the_connection_closes_the_client_abnormally()
    {
        await using var server = new FakeWebSocketServer();
        var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var chat = new ChatClient("ws://chat.test/chat", With(server)) { OnClose = r => closed.TrySetResult(r) };
        var connection = await server.AcceptAsync().WaitAsync(Timeout);
        await chat.WaitOpenAsync().WaitAsync(Timeout);

        connection.Abort();

        await closed.Task.WaitAsync(Timeout);
        Assert.Equal(1006, chat.CloseCode);
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> stream)
    {
        var items = new List<T>();
        await foreach (var item in stream)
        {
            items.Add(item);
        }

        return items;
    }
}
