using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

public sealed class LoadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Eight_concurrent_senders_of_50_000_messages_lose_nothing_and_keep_their_order()
    {
        const int Senders = 8;
        const int PerSender = 50_000;
        await using var server = await KestrelServer.StartEchoAsync();
        var next = new int[Senders];
        var disorder = new List<string>();
        var received = 0;
        var allEchoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new WebSocketOptions { AutoConnect = false };
        await using var client = new ClientSocket(server.Url(), options)
        {
            OnMessage = m =>
            {
                // "sender:index"; handlers run one at a time, so plain fields are enough here.
                var text = m.Text!;
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                var sender = int.Parse(text.AsSpan(0, colon), CultureInfo.InvariantCulture);
                var index = int.Parse(text.AsSpan(colon + 1), CultureInfo.InvariantCulture);
                if (index != next[sender] && disorder.Count < 10)
                {
                    disorder.Add($"sender {sender}: expected {next[sender]}, got {index}");
                }

                next[sender] = index + 1;
                if (++received == Senders * PerSender)
                {
                    allEchoed.TrySetResult();
                }
            },
        };
        var events = ClientEvents.Attach(client, messages: false);
        await client.ConnectAsync().WaitAsync(Timeout);

        // Each sender queues its messages from its own thread with Send, awaiting every 1,000th with SendAsync, so that
        // the queue is exercised both ways; the last one is awaited.
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                var message = string.Create(CultureInfo.InvariantCulture, $"{sender}:{i}");
                if (i % 1000 == 999 || i == PerSender - 1)
                {
                    await client.SendAsync(message);
                }
                else
                {
                    client.Send(message);
                }
            }
        })).ToArray();
        await Task.WhenAll(senders).WaitAsync(Timeout);
        await allEchoed.Task.WaitAsync(Timeout);

        Assert.Empty(disorder);
        Assert.Equal(Enumerable.Repeat(PerSender, Senders), next);
        Assert.Equal(0, client.BufferedAmount);
        await client.CloseAsync().WaitAsync(Timeout);
        Assert.Empty(events.AssertSingleCloseAfterErrors());
        Assert.Equal(1000, client.CloseCode);
        Assert.True(client.WasClean);
        Assert.Empty(server.Faults);
        SuiteFigures.MessagesMoved(2L * Senders * PerSender);
    }

    [Fact]
    public async Task BufferedAmount_no_longer_counts_a_message_once_its_SendAsync_completed()
    {
        await using var server = await KestrelServer.StartEchoAsync();
        var options = new WebSocketOptions { AutoConnect = false };
        await using var client = new ClientSocket(server.Url(), options) { OnMessage = _ => { } };
        await client.ConnectAsync().WaitAsync(Timeout);
        var counted = new List<long>();
        for (var i = 0; i < 2000; i++)
        {
            await client.SendAsync("x").AsTask().WaitAsync(Timeout);
            var buffered = client.BufferedAmount;
            if (buffered != 0)
            {
                counted.Add(buffered);
            }
        }

        Assert.True(counted.Count == 0, $"After an awaited SendAsync with nothing else queued, BufferedAmount was non-zero {counted.Count} times of 2000.");
        await client.CloseAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Two_hundred_clients_exchange_500_messages_each_then_all_close_cleanly()
    {
        const int Clients = 200;
        const int PerClient = 500;
        await using var server = await KestrelServer.StartEchoAsync();
        var clients = new TypedClient[Clients];
        var events = new ClientEvents[Clients];
        var finished = new Task[Clients];
        var problems = new List<string>();
        try
        {
            for (var c = 0; c < Clients; c++)
            {
                var id = c;
                var expected = 0;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                finished[c] = done.Task;
                var client = new TypedClient(server.Url(), new WebSocketOptions { ConnectTimeout = Timeout });
                client.OnChatMessage = m =>
                {
                    if (m.Seq != expected || m.User != $"client {id}")
                    {
                        lock (problems)
                        {
                            problems.Add($"client {id}: expected seq {expected}, got {m.Seq} from '{m.User}'");
                        }
                    }

                    if (++expected == PerClient)
                    {
                        done.TrySetResult();
                    }
                };
                events[c] = ClientEvents.Attach(client, messages: false);
                client.OnOpen = () =>
                {
                    for (var i = 0; i < PerClient; i++)
                    {
                        client.Send(new ChatMessage($"client {id}", "load", i));
                    }
                };
                clients[c] = client;
            }

            await Task.WhenAll(finished).WaitAsync(Timeout);
            Assert.Empty(problems);

            await Task.WhenAll(clients.Select(c => c.CloseAsync(1000, "load done"))).WaitAsync(Timeout);
            for (var c = 0; c < Clients; c++)
            {
                Assert.Empty(events[c].AssertSingleCloseAfterErrors());
                Assert.True(clients[c].WasClean, $"client {c} did not close cleanly (code {clients[c].CloseCode}).");
                Assert.Equal(1000, clients[c].CloseCode);
                Assert.Equal("load done", clients[c].CloseReason);
                Assert.Equal(0, clients[c].BufferedAmount);
            }

            Assert.Empty(server.Faults);
            SuiteFigures.MessagesMoved(2L * Clients * PerClient);
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.Dispose();
            }
        }
    }
}
