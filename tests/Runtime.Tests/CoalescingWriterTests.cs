using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using TypedWebSockets.TestServer;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// Stress for the writer that coalesces frames: many senders, a connection killed in the middle of a batch, a handler
/// that blocks while the writer works. Every loop is bounded.
/// </summary>
public sealed class CoalescingWriterTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private const int Senders = 8;
    private const int PerSender = 50_000;

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Eight_senders_of_50000_messages_each_arrive_complete_in_per_sender_order_in_far_fewer_transport_writes(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var (socket, log) = Sockets.Connect(server, server.Url(TestEndpoints.Sink, session), messages: false);
        await log.Opened.WaitAsync(TestTimeouts.Default);

        // Half of each sender's messages fire and forget, half awaited: both paths interleave on the same writer.
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                var text = string.Create(CultureInfo.InvariantCulture, $"{sender}:{i}");
                if (i % 2 == 0)
                {
                    socket.Send(text);
                }
                else
                {
                    await socket.SendAsync(text);
                }
            }
        })).ToArray();
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromMinutes(2));
        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);

        var received = session.Received.Where(m => !m.IsClose).Select(m => m.Text).ToList();
        Assert.Equal(Senders * PerSender, received.Count);
        var next = new int[Senders];
        foreach (var text in received)
        {
            var parts = text.Split(':');
            var sender = int.Parse(parts[0], CultureInfo.InvariantCulture);
            Assert.Equal(next[sender]++, int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        Assert.Empty(log.Errors);
        Assert.True(socket.TransportWrites < received.Count / 4, $"{received.Count} messages took {socket.TransportWrites} transport writes.");
        Assert.Equal(0, log.Overlaps);
    }

    [Fact]
    public async Task A_connection_killed_in_the_middle_of_a_batch_leaves_every_message_written_or_reported_once_and_in_order()
    {
        const int Count = 20_000;
        for (var round = 0; round < 5; round++)
        {
            await using var server = new FakeWebSocketServer();
            await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport, AutoConnect = false });
            var log = new EventLog(socket, messages: false);
            socket.Connect();
            var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
            await log.Opened.WaitAsync(TestTimeouts.Default);

            // The server reads what arrives and kills the connection once it has seen a few thousand messages.
            var reading = Task.Run(async () =>
            {
                var seen = new List<string>();
                try
                {
                    while (true)
                    {
                        seen.Add((await connection.ReceiveAsync()).Text!);
                        if (seen.Count == 3_000 + (round * 1_000))
                        {
                            connection.Abort();
                        }
                    }
                }
                catch (InvalidOperationException)
                {
                    // The connection ended and every message that reached the server was read.
                }

                return seen;
            });

            var refused = 0;
            for (var i = 0; i < Count; i++)
            {
                try
                {
                    socket.Send(i.ToString(CultureInfo.InvariantCulture));
                }
                catch (InvalidOperationException)
                {
                    refused++;
                }
            }

            await log.Closed.WaitAsync(TestTimeouts.Default);
            var seen = await reading.WaitAsync(TestTimeouts.Default);
            var reported = log.Errors
                .Where(e => e.GetKind() == WebSocketErrorKind.NotSent)
                .Select(e => int.Parse(e.Message.AsSpan(0, e.Message.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture))
                .Sum();

            // What reached the server is the first messages, each once and in order; everything after is accounted for.
            Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), seen);
            Assert.Equal(Count, seen.Count + reported + refused);
            Assert.True(seen.Count < Count, "The connection was killed before every message was written.");
        }
    }

    [Fact]
    public async Task With_a_reconnect_policy_a_killed_batch_is_completed_on_the_next_connection_in_order_without_loss()
    {
        const int Count = 20_000;
        await using var server = new FakeWebSocketServer();
        await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions
        {
            Transport = server.Transport,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, Jitter = false },
        });
        var first = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        var firstSeen = Task.Run(async () =>
        {
            var seen = new List<string>();
            try
            {
                while (true)
                {
                    seen.Add((await first.ReceiveAsync()).Text!);
                    if (seen.Count == 5_000)
                    {
                        first.Abort();
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // Killed: every message that reached the server was read.
            }

            return seen;
        });

        for (var i = 0; i < Count; i++)
        {
            socket.Send(i.ToString(CultureInfo.InvariantCulture));
        }

        var before = await firstSeen.WaitAsync(TestTimeouts.Default);
        var second = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
        var after = new List<string>();
        while (before.Count + after.Count < Count)
        {
            after.Add((await second.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text!);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), before.Concat(after));
    }

    [Fact]
    public async Task A_handler_that_blocks_while_the_writer_coalesces_holds_up_neither_sends_nor_their_order()
    {
        var server = fixture.Plain;
        var session = server.CreateSession();
        using var release = new ManualResetEventSlim();
        var (socket, log) = Sockets.Connect(server, server.Url(TestEndpoints.Echo, session), messages: false);
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var echoes = new List<string>();
        var allEchoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnMessage = m =>
        {
            if (m.Text == "block")
            {
                blocked.TrySetResult();
                release.Wait(TestTimeouts.Default);
            }

            echoes.Add(m.Text!);
            if (echoes.Count == 2_002)
            {
                allEchoed.TrySetResult();
            }
        };
        await log.Opened.WaitAsync(TestTimeouts.Default);

        socket.Send("block");
        await blocked.Task.WaitAsync(TestTimeouts.Default);

        // The dispatch is blocked; the writer still writes everything, coalesced, in order.
        for (var i = 0; i < 2_000; i++)
        {
            socket.Send(i.ToString(CultureInfo.InvariantCulture));
        }

        await socket.SendAsync("last").AsTask().WaitAsync(TestTimeouts.Default);
        await session.WaitForMessagesAsync(2_002, TestTimeouts.Default);
        release.Set();

        var expected = new[] { "block" }.Concat(Enumerable.Range(0, 2_000).Select(i => i.ToString(CultureInfo.InvariantCulture))).Append("last").ToList();
        Assert.Equal(expected, session.Received.Where(m => !m.IsClose).Select(m => m.Text));
        // Handlers run one at a time, so the list needs no lock; the task's completion publishes it.
        await allEchoed.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(expected, echoes);

        await socket.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Empty(log.Errors);
    }
}
