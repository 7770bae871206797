using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// Fragments are joined, MaxMessageSize is enforced, handlers run one at a time in order, a throwing handler does not
/// stop the connection, and nothing received before a consumer is registered is lost.
/// </summary>
public sealed class ReceivingTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Theory]
    [InlineData("ws", false)]
    [InlineData("ws", true)]
    [InlineData("wss", true)]
    public async Task A_message_sent_in_many_frames_arrives_as_one_message(string scheme, bool binary)
    {
        var server = fixture.Server(scheme);
        var (ws, log) = Sockets.Connect(server, server.Url(TestEndpoints.Fragmented + $"?parts=37&size=100000&binary={(binary ? 1 : 0)}"));
        using var _ = ws;

        var message = (await log.WaitForMessagesAsync(1))[0];
        var expected = TestEndpoints.Pattern(100_000, binary);
        Assert.Equal(binary, message.IsBinary);
        Assert.Equal(expected, binary ? message.Data!.GetBytes() : Encoding.UTF8.GetBytes(message.Text!));

        // The connection goes on.
        ws.Send("after");
        var echo = (await log.WaitForMessagesAsync(2))[1];
        Assert.Equal("after", echo.Text);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Text_split_inside_multibyte_characters_is_decoded_once_joined()
    {
        const string Text = "éé中中😀😀🇫🇷 — ünïcödé";
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Fragmented + "?parts=9&text=" + Uri.EscapeDataString(Text)));
        using var _ = ws;

        var message = (await log.WaitForMessagesAsync(1))[0];
        Assert.Equal(Text, message.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_message_of_exactly_MaxMessageSize_is_delivered(bool binary)
    {
        var (ws, log) = Sockets.Connect(
            Server.Url(TestEndpoints.Push + $"?size=1000&binary={(binary ? 1 : 0)}"),
            new WebSocketOptions { MaxMessageSize = 1000 });
        using var _ = ws;

        var message = (await log.WaitForMessagesAsync(1))[0];
        Assert.Equal(1000, binary ? message.Data!.Length : message.Text!.Length);
        Assert.Empty(log.Errors);
        Assert.Equal(WebSocketState.Open, ws.ReadyState);
    }

    [Theory]
    [InlineData(TestEndpoints.Push + "?size=1001&binary=1")]
    [InlineData(TestEndpoints.Push + "?size=1001")]
    [InlineData(TestEndpoints.Fragmented + "?size=5000&parts=10&binary=1")]
    public async Task A_message_over_MaxMessageSize_reports_an_error_and_closes_with_1009(string pathAndQuery)
    {
        var session = Server.CreateSession();
        var (ws, log) = Sockets.Connect(Server.Url(pathAndQuery + "&" + session.Query), new WebSocketOptions { MaxMessageSize = 1000 });
        using var _ = ws;

        await log.Closed.WaitAsync(TestTimeouts.Default);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(["open", "error:WebSocketException", "close"], log.Entries);
        Assert.Contains("MaxMessageSize", log.Errors[0].Message, StringComparison.Ordinal);
        Assert.Empty(log.Messages);
        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(1009, frame.CloseCode);

        // The server echoed the close frame: the close is clean and reports 1009.
        Assert.Equal(1009, ws.CloseCode);
        Assert.True(ws.WasClean);
    }

    [Fact]
    public async Task The_largest_MaxMessageSize_still_receives_messages()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo), new WebSocketOptions { MaxMessageSize = int.MaxValue });
        using var _ = ws;

        ws.Send("fits");

        var message = (await log.WaitForMessagesAsync(1))[0];
        Assert.Equal("fits", message.Text);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Handlers_run_one_at_a_time_in_receive_order()
    {
        const int Count = 300;
        var running = 0;
        var overlaps = 0;
        var order = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Enter(string what, Action? body = null)
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            try
            {
                // Widen the window in which a concurrent invocation would be caught.
                Thread.SpinWait(2_000);
                lock (order)
                {
                    order.Add(what);
                }

                body?.Invoke();
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }

        var ws = new WebSocket(Server.Url(TestEndpoints.Push + $"?count={Count}"), new WebSocketOptions { AutoConnect = false });
        using var _ = ws;
        ws.OnOpen = () => Enter("open");
        ws.OnMessage = m => Enter("on:" + m.Text, () =>
        {
            if (m.Text == "7")
            {
                throw new InvalidOperationException("handler failure");
            }
        });
        ws.AddEventListener(WebSocketEvent.Message, m => Enter("listener:" + m.Text, () =>
        {
            if (m.Text == (Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                done.TrySetResult();
            }
        }));
        ws.OnError = e => Enter("error");
        ws.AddEventListener(WebSocketEvent.Open, () => Enter("open-listener"));
        ws.Connect();

        // Handlers registered from other threads while messages flow must not run concurrently either.
        for (var i = 0; i < 5; i++)
        {
            ws.AddEventListener(WebSocketEvent.Open, () => Enter("late-open"));
        }

        await done.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(0, Volatile.Read(ref overlaps));
        string[] snapshot;
        lock (order)
        {
            snapshot = order.ToArray();
        }

        var messages = snapshot.Where(e => e.StartsWith("on:", StringComparison.Ordinal)).Select(e => e[3..]);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), messages);
        var listened = snapshot.Where(e => e.StartsWith("listener:", StringComparison.Ordinal)).Select(e => e[9..]);
        Assert.Equal(messages, listened);
        Assert.Equal(1, snapshot.Count(e => e == "error"));
        Assert.True(Array.IndexOf(snapshot, "error") == Array.IndexOf(snapshot, "on:7") + 1, "The handler's exception is reported right after it threw.");
        Assert.Equal(["open", "open-listener"], snapshot.Take(2));
    }

    [Fact]
    public async Task A_throwing_handler_is_reported_to_OnError_and_the_connection_goes_on()
    {
        var boom = new InvalidOperationException("boom");
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo), messages: false);
        using var _ = ws;
        var listened = new List<string>();
        ws.OnMessage = m =>
        {
            log.OnMessage(m);
            if (m.Text == "throw")
            {
                throw boom;
            }
        };
        ws.AddEventListener(WebSocketEvent.Message, m =>
        {
            lock (listened)
            {
                listened.Add(m.Text!);
            }
        });

        ws.Send("throw");
        ws.Send("next");

        await log.WaitForMessagesAsync(2);
        Assert.Same(boom, Assert.Single(log.Errors));
        Assert.Equal(["open", "message", "error:InvalidOperationException", "message"], log.Entries);
        Assert.Equal(WebSocketState.Open, ws.ReadyState);
        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        lock (listened)
        {
            // The other listener still saw the message whose handler threw.
            Assert.Equal(["throw", "next"], listened);
        }
    }

    [Fact]
    public async Task Messages_sent_on_accept_are_held_until_a_handler_is_registered_late()
    {
        const int Count = 50;
        var ws = new WebSocket(Server.Url(TestEndpoints.Push + $"?count={Count}"));
        using var _ = ws;
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        var log = new EventLog(ws);

        var messages = await log.WaitForMessagesAsync(Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), messages.Select(m => m.Text));
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task Held_messages_are_delivered_in_order_to_the_first_listener_and_overflow_is_reported()
    {
        const int Held = 10;
        var overflow = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ws = new WebSocket(Server.Url(TestEndpoints.Push + $"?count={Held + 1}"), new WebSocketOptions { MaxPendingMessages = Held })
        {
            OnError = e => overflow.TrySetResult(e),
        };
        using var _ = ws;

        // The 11th message found 10 held and no consumer: it is dropped and reported, so all 10 are held by now.
        var error = await overflow.Task.WaitAsync(TestTimeouts.Default);
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("MaxPendingMessages", error.Message, StringComparison.Ordinal);

        var log = new EventLog(ws, messages: false);
        ws.AddEventListener(WebSocketEvent.Message, log.OnMessage);
        ws.Send("after");

        var messages = await log.WaitForMessagesAsync(Held + 1);
        Assert.Equal(
            Enumerable.Range(0, Held).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("after"),
            messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Held_messages_are_bounded_by_bytes_too()
    {
        // Three 1,000-byte echoes arrive before any consumer; 2,500 bytes hold two of them, the third is reported.
        var overflow = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { MaxPendingBytes = 2500 })
        {
            OnError = e => overflow.TrySetResult(e),
        };
        using var _ = ws;
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        ws.Send(new string('a', 1000));
        ws.Send(new string('b', 1000));
        ws.Send(new string('c', 1000));

        var error = await overflow.Task.WaitAsync(TestTimeouts.Default);
        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("MaxPendingBytes", error.Message, StringComparison.Ordinal);

        var log = new EventLog(ws, messages: false);
        ws.AddEventListener(WebSocketEvent.Message, log.OnMessage);
        ws.Send("after");
        var messages = await log.WaitForMessagesAsync(3);
        Assert.Equal([new string('a', 1000), new string('b', 1000), "after"], messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Handlers_set_in_an_object_initializer_lose_nothing()
    {
        const int Count = 100;
        var received = new List<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var opened = 0;
        using var ws = new WebSocket(Server.Url(TestEndpoints.Push + $"?count={Count}"))
        {
            OnOpen = () => Interlocked.Increment(ref opened),
            OnMessage = m =>
            {
                received.Add(m.Text!);
                if (received.Count == Count)
                {
                    all.TrySetResult();
                }
            },
        };

        await all.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received);
        Assert.Equal(1, Volatile.Read(ref opened));
    }

    [Fact]
    public async Task Open_is_sticky_a_handler_registered_after_open_runs_once()
    {
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo));
        using var _ = ws;
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
        var handler = 0;
        var listener = 0;
        var handlerRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listenerRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        ws.OnOpen = () =>
        {
            Interlocked.Increment(ref handler);
            handlerRan.TrySetResult();
        };
        ws.AddEventListener(WebSocketEvent.Open, () =>
        {
            Interlocked.Increment(ref listener);
            listenerRan.TrySetResult();
        });

        await handlerRan.Task.WaitAsync(TestTimeouts.Default);
        await listenerRan.Task.WaitAsync(TestTimeouts.Default);

        // A round trip through the dispatcher: any second open invocation would have been queued before it.
        var log = new EventLog(ws, messages: false);
        ws.AddEventListener(WebSocketEvent.Message, log.OnMessage);
        ws.Send("ping");
        await log.WaitForMessagesAsync(1);
        Assert.Equal(1, Volatile.Read(ref handler));
        Assert.Equal(1, Volatile.Read(ref listener));
    }

    [Fact]
    public async Task A_derived_client_receives_every_payload_through_DispatchMessage_including_held_ones()
    {
        var ws = new RecordingClient(Server.Url(TestEndpoints.Push + "?msg=t:one&msg=b:AQI=&msg=t:three"));
        using var _ = ws;
        var errors = new List<Exception>();
        ws.OnError = errors.Add;
        await ws.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        ws.StartConsuming();
        ws.Send("{\"fail\":true}");
        ws.Send("four");

        await ws.WaitForAsync(4);
        Assert.Equal(["text:one", "binary:0102", "text:three", "text:{\"fail\":true}", "text:four"], ws.Payloads);
        Assert.IsType<FormatException>(Assert.Single(errors));
        Assert.Equal(WebSocketState.Open, ws.ReadyState);
    }

    private sealed class RecordingClient(string url) : WebSocket(url)
    {
        private readonly List<string> _payloads = [];
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Payloads
        {
            get
            {
                lock (_payloads)
                {
                    return _payloads.ToArray();
                }
            }
        }

        public void StartConsuming() => RegisterMessageConsumer();

        public async Task WaitForAsync(int count)
        {
            using var deadline = new CancellationTokenSource(TestTimeouts.Default);
            while (true)
            {
                Task changed;
                lock (_payloads)
                {
                    if (_payloads.Count(p => p != "text:{\"fail\":true}") >= count)
                    {
                        return;
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(deadline.Token);
            }
        }

        protected override void DispatchMessage(ReadOnlySpan<byte> payload, bool isText)
        {
            var entry = isText ? "text:" + Encoding.UTF8.GetString(payload) : "binary:" + Convert.ToHexString(payload);
            TaskCompletionSource changed;
            lock (_payloads)
            {
                _payloads.Add(entry);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
            if (entry.Contains("fail", StringComparison.Ordinal))
            {
                throw new FormatException("cannot read " + entry);
            }
        }
    }
}
