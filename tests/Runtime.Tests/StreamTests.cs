using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

public sealed class StreamTests
{
    [Fact]
    public async Task A_raw_reader_gets_every_message_in_order_then_ends_at_close()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        var reading = Collect(socket.ReadAllAsync(WebSocketEvent.Message, cancel.Token));

        await connection.SendAsync("a");
        await connection.SendAsync(Data.FromBytes([7]));
        await connection.SendAsync("b");
        await connection.CloseAsync().WaitAsync(TestTimeouts.Default);

        var messages = await reading.WaitAsync(TestTimeouts.Default);
        Assert.Equal(["a", null, "b"], messages.ConvertAll(m => m.Text));
        Assert.Equal(Data.FromBytes([7]), messages[1].Data);
    }

    [Fact]
    public async Task A_reader_started_after_close_ends_at_once()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);

        Assert.Empty(await Collect(socket.ReadAllAsync(WebSocketEvent.Message)).WaitAsync(TestTimeouts.Default));
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_messages_and_the_overflow_is_reported_once()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport, StreamCapacity = 2 });
        var errors = new List<Exception>();
        socket.OnError = errors.Add;
        var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);

        await using var reader = socket.ReadAllAsync(WebSocketEvent.Message).GetAsyncEnumerator();
        var first = reader.MoveNextAsync(); // registers the reader

        // Registered after the reader, so it runs after the reader got each message.
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.AddEventListener(WebSocketEvent.Message, m =>
        {
            if (m.Text == "5")
            {
                seen.TrySetResult();
            }
        });
        await connection.SendAsync("0");
        Assert.True(await first.AsTask().WaitAsync(TestTimeouts.Default));
        Assert.Equal("0", reader.Current.Text);

        // The reader does not read while 1..5 arrive: its buffer of 2 keeps the newest two.
        for (var i = 1; i <= 5; i++)
        {
            await connection.SendAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await seen.Task.WaitAsync(TestTimeouts.Default);
        var read = new List<string?>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Default));
            read.Add(reader.Current.Text);
        }

        Assert.Equal(["4", "5"], read);
        var overflow = Assert.Single(errors);
        Assert.Contains("StreamCapacity", overflow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_reader_ends_it_and_removes_its_listener()
    {
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport });
        using var cancel = new CancellationTokenSource();
        var enumerator = socket.ReadAllAsync(WebSocketEvent.Message, cancel.Token).GetAsyncEnumerator();
        var pending = enumerator.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TestTimeouts.Default));
        await enumerator.DisposeAsync();
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
