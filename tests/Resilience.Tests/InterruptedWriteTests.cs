using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using TypedWebSockets.Resilience.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Resilience.Tests;

/// <summary>
/// With a reconnect policy, a message whose write a lost connection cut short is written first on the next connection
/// (at least once), ahead of what was queued behind it. The write is cut for real: the server stops reading, so a large
/// message cannot leave the client, then the server drops the connection.
/// </summary>
public sealed class InterruptedWriteTests
{
    // Far more than the loopback socket buffers and Kestrel's request buffer hold together.
    private const int Large = 24 * 1024 * 1024;

    [Fact]
    public async Task Writes_cut_short_by_a_drop_are_written_first_on_the_next_connection_in_their_order()
    {
        await using var server = await FlakyServer.StartAsync();
        server.Mode = ServerMode.Silent;
        var time = new FakeTimeProvider();
        using var socket = new WebSocket(server.Url, new WebSocketOptions
        {
            AutoConnect = false,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), Jitter = false },
            TimeProvider = time,
            MaxMessageSize = 64 * 1024 * 1024,
            CloseTimeout = TimeSpan.FromSeconds(5),
        });
        var events = new ClientRecorder(socket);
        socket.Connect();
        await events.NextOpenAsync();

        // A small write the silent server's buffers take: once it completes, the writer of the connection runs and the
        // socket is idle, so the next send is written by the caller itself (the direct path).
        await socket.SendAsync("warm-up").AsTask().WaitAsync(TestTimeouts.Default);
        var first = new string('a', Large);
        var second = new string('b', Large);
        socket.Send(first);
        var secondSent = socket.SendAsync(second);
        socket.Send("after");
        await Task.Delay(200);
        Assert.False(secondSent.IsCompleted, "The second large message was written although the server reads nothing.");
        Assert.True(socket.BufferedAmount >= 2L * Large, $"BufferedAmount is {socket.BufferedAmount}.");

        server.Mode = ServerMode.Record;
        server.DropAll();
        var reconnecting = await events.NextReconnectingAsync();
        time.Advance(reconnecting.Delay);
        await events.NextOpenAsync();
        await secondSent.AsTask().WaitAsync(TestTimeouts.Default);

        var received = await server.WaitForMessagesAsync(3);
        Assert.Equal([(2, Large, 'a'), (2, Large, 'b'), (2, 5, 'a')], received.Select(r => (r.Connection, r.Text.Length, r.Text[0])));
        Assert.True(received[0].Text == first && received[1].Text == second, "A resent message arrived changed.");
        Assert.Equal("after", received[2].Text);
        Assert.Equal(0, socket.BufferedAmount);

        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(1000, socket.CloseCode);
        Assert.Equal(1, events.Closes);
    }
}
