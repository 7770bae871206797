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
            var transport = new CuttableTransport();
            await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = transport, AutoConnect = false });
            var log = new EventLog(socket, messages: false);
            socket.Connect();
            var link = await transport.NextAsync().WaitAsync(TestTimeouts.Default);
            await log.Opened.WaitAsync(TestTimeouts.Default);

            // The link is cut once the server has read a few thousand messages: what the client wrote before the cut
            // still arrives, every later write fails, as when the network goes down under a sender.
            var reading = link.ReadAllAsync(cutAfter: 3_000 + (round * 1_000));
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

            // What was written is the first messages, each once and in order; every other one is accounted for.
            Assert.Equal(Enumerable.Range(0, seen.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), seen);
            Assert.Equal(Count, seen.Count + reported + refused);
            Assert.True(seen.Count < Count, "The link was cut before every message was written.");
        }
    }

    [Fact]
    public async Task With_a_reconnect_policy_a_killed_batch_is_completed_on_the_next_connection_in_order_without_loss()
    {
        const int Count = 20_000;
        var transport = new CuttableTransport();
        await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions
        {
            Transport = transport,
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, Jitter = false },
        });
        var first = await transport.NextAsync().WaitAsync(TestTimeouts.Default);
        await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        var before = first.ReadAllAsync(cutAfter: 5_000);

        for (var i = 0; i < Count; i++)
        {
            socket.Send(i.ToString(CultureInfo.InvariantCulture));
        }

        var second = await transport.NextAsync().WaitAsync(TestTimeouts.Default);
        var seenBefore = await before.WaitAsync(TestTimeouts.Default);
        var seenAfter = new List<string>();
        while (seenBefore.Count + seenAfter.Count < Count)
        {
            var next = second.ReceiveTextAsync();
            if (await Task.WhenAny(next, Task.Delay(TestTimeouts.Default)) != next)
            {
                Assert.Fail($"Only {seenBefore.Count} + {seenAfter.Count} of {Count} arrived; the first connection got up to {seenBefore.LastOrDefault()}, the second starts with {seenAfter.FirstOrDefault()} and ends with {seenAfter.LastOrDefault()}.");
            }

            seenAfter.Add(await next);
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), seenBefore.Concat(seenAfter));
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

    // A transport whose links the test can cut on the client's side: what was written before the cut is delivered to the
    // server, later writes fail, and the client sees its connection end. Frames go through the client's write buffer,
    // as over TCP.
    private sealed class CuttableTransport : WebSocketTransport
    {
        private readonly System.Threading.Channels.Channel<Link> _links = System.Threading.Channels.Channel.CreateUnbounded<Link>();

        public Task<Link> NextAsync() => _links.Reader.ReadAsync().AsTask();

        public override Task<System.Net.WebSockets.WebSocket> ConnectAsync(WebSocketConnectRequest request, CancellationToken cancellationToken)
        {
            var (client, server) = InMemoryDuplexStream.CreatePair();
            var options = new System.Net.WebSockets.WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero };
            var cuttable = new CuttableStream(client, server);
            var clientSocket = System.Net.WebSockets.WebSocket.CreateFromStream(request.InstallWriteBuffer(cuttable), options);
            var serverSocket = System.Net.WebSockets.WebSocket.CreateFromStream(server, new System.Net.WebSockets.WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            _links.Writer.TryWrite(new Link(serverSocket, cuttable));
            return Task.FromResult(clientSocket);
        }
    }

    // The client's end of the byte pipe. A cut waits for the write in progress (so a write either fully happened before
    // the cut or fails), then ends both directions' writing: the server reads what was written, then the end of the
    // stream; the client reads the end of the stream at once.
    private sealed class CuttableStream(InMemoryDuplexStream inner, InMemoryDuplexStream peer) : System.IO.Stream
    {
        private readonly SemaphoreSlim _writing = new(1, 1);
        private volatile bool _cut;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public async Task CutAsync()
        {
            await _writing.WaitAsync();
            _cut = true;
            inner.CompleteWriting();
            peer.CompleteWriting();
            _writing.Release();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _writing.WaitAsync(cancellationToken);
            try
            {
                if (_cut)
                {
                    throw new System.IO.IOException("The link was cut.");
                }

                await inner.WriteAsync(buffer, cancellationToken);
            }
            finally
            {
                _writing.Release();
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // The client aborted. After a cut the server still reads what was written before it; otherwise both ends go
            // (a write blocked on a full pipe then fails). The semaphore is not disposed: a write may still be waiting
            // for it, and must fail rather than hang.
            if (disposing)
            {
                var wasCut = _cut;
                _cut = true;
                inner.Dispose();
                if (!wasCut)
                {
                    peer.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Link(System.Net.WebSockets.WebSocket server, CuttableStream client)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];

        // Reads every message until the link ends; cuts it (on another thread, so reading goes on) after cutAfter messages.
        public async Task<List<string>> ReadAllAsync(int cutAfter)
        {
            var seen = new List<string>();
            try
            {
                while (true)
                {
                    seen.Add(await ReceiveTextAsync());
                    if (seen.Count == cutAfter)
                    {
                        _ = Task.Run(client.CutAsync);
                    }
                }
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException)
            {
                // The link ended after the cut: every byte written before it was read.
            }

            return seen;
        }

        public async Task<string> ReceiveTextAsync()
        {
            var count = 0;
            while (true)
            {
                var result = await server.ReceiveAsync(_buffer.AsMemory(count), CancellationToken.None);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("The client closed the link.");
                }

                count += result.Count;
                if (result.EndOfMessage)
                {
                    return System.Text.Encoding.UTF8.GetString(_buffer, 0, count);
                }
            }
        }
    }
}
