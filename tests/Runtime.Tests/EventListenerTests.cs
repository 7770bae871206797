using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>AddEventListener/RemoveEventListener follow DOM semantics, side by side with the On… handlers.</summary>
public sealed class EventListenerTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    private WebSocketTestServer Server => fixture.Plain;

    [Fact]
    public async Task Listeners_and_On_handlers_both_fire_once_for_every_event()
    {
        var calls = new List<string>();
        void Record(string call)
        {
            lock (calls)
            {
                calls.Add(call);
            }
        }

        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ws = new WebSocket(Server.Url(TestEndpoints.Close + "?msg=t:hello&code=4000&reason=bye"), new WebSocketOptions { AutoConnect = false })
        {
            OnOpen = () => Record("OnOpen"),
            OnMessage = m => Record("OnMessage:" + m.Text),
            OnError = e => Record("OnError:" + e.Message),
            OnClose = r => Record("OnClose:" + r),
        };
        using var _ = ws;
        ws.AddEventListener(WebSocketEvent.Open, () => Record("open"));
        ws.AddEventListener(WebSocketEvent.Message, m =>
        {
            Record("message:" + m.Text);
            throw new InvalidOperationException("from listener");
        });
        ws.AddEventListener(WebSocketEvent.Error, e => Record("error:" + e.Message));
        ws.AddEventListener(WebSocketEvent.Close, r =>
        {
            Record("close:" + r);
            closed.TrySetResult();
        });

        ws.Connect();

        await closed.Task.WaitAsync(TestTimeouts.Default);
        string[] snapshot;
        lock (calls)
        {
            snapshot = calls.ToArray();
        }

        Assert.Equal(
            ["OnOpen", "open", "OnMessage:hello", "message:hello", "OnError:from listener", "error:from listener", "OnClose:bye", "close:bye"],
            snapshot);
    }

    [Fact]
    public async Task RemoveEventListener_removes_exactly_that_listener()
    {
        var (ws, log) = Sockets.Connect(Server.Url(TestEndpoints.Echo));
        using var _ = ws;
        var first = new List<string>();
        var second = new List<string>();
        Action<WebSocketMessage> firstListener = m => first.Add(m.Text!);
        Action<WebSocketMessage> secondListener = m => second.Add(m.Text!);
        ws.AddEventListener(WebSocketEvent.Message, firstListener);
        ws.AddEventListener(WebSocketEvent.Message, secondListener);

        ws.Send("both");
        await log.WaitForMessagesAsync(1);
        ws.RemoveEventListener(WebSocketEvent.Message, firstListener);
        ws.Send("second only");
        await log.WaitForMessagesAsync(2);

        // OnMessage runs first, then the listeners: wait for the last one with a third round trip it cannot miss.
        ws.RemoveEventListener(WebSocketEvent.Message, secondListener);
        ws.Send("none");
        await log.WaitForMessagesAsync(3);

        Assert.Equal(["both"], first);
        Assert.Equal(["both", "second only"], second);
        Assert.Equal(["both", "second only", "none"], log.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Adding_the_same_listener_twice_has_no_effect_and_removing_an_unknown_one_does_nothing()
    {
        var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { AutoConnect = false });
        using var _ = ws;
        var log = new EventLog(ws);
        var calls = 0;
        var openCalls = 0;
        Action<WebSocketMessage> listener = _ => calls++;
        Action openListener = () => openCalls++;
        ws.AddEventListener(WebSocketEvent.Message, listener);
        ws.AddEventListener(WebSocketEvent.Message, listener);
        ws.AddEventListener(WebSocketEvent.Open, openListener);
        ws.AddEventListener(WebSocketEvent.Open, openListener);
        ws.RemoveEventListener(WebSocketEvent.Message, _ => { });
        ws.RemoveEventListener(WebSocketEvent.Close, _ => { });
        ws.Connect();

        ws.Send("once");
        ws.Send("twice");
        await log.WaitForMessagesAsync(2);

        // One Remove undoes the (single) registration. The listener calls for the first two messages ran before the
        // third message's OnMessage, as handlers run one at a time in order.
        ws.RemoveEventListener(WebSocketEvent.Message, listener);
        ws.Send("thrice");
        await log.WaitForMessagesAsync(3);
        Assert.Equal(2, calls);
        Assert.Equal(1, openCalls);
        Assert.Equal(1, log.OpenCount);
    }

    [Fact]
    public void Null_arguments_throw_ArgumentNullException()
    {
        using var ws = new WebSocket(Server.Url(TestEndpoints.Echo), new WebSocketOptions { AutoConnect = false });
        Assert.Throws<ArgumentNullException>(() => ws.AddEventListener(null!, () => { }));
        Assert.Throws<ArgumentNullException>(() => ws.AddEventListener(WebSocketEvent.Open, null!));
        Assert.Throws<ArgumentNullException>(() => ws.AddEventListener<string?>(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => ws.AddEventListener(WebSocketEvent.Close, null!));
        Assert.Throws<ArgumentNullException>(() => ws.RemoveEventListener(WebSocketEvent.Open, null!));
        Assert.Throws<ArgumentNullException>(() => ws.RemoveEventListener(WebSocketEvent.Message, null!));
    }

    [Fact]
    public void Event_keys_carry_the_seed_names()
    {
        Assert.Equal("open", WebSocketEvent.Open.Name);
        Assert.Equal("error", WebSocketEvent.Error.Name);
        Assert.Equal("message", WebSocketEvent.Message.Name);
        Assert.Equal("close", WebSocketEvent.Close.Name);
        Assert.Equal("chat", new WebSocketEvent<string>("chat").ToString());
        Assert.Throws<ArgumentException>(() => new WebSocketEvent<string>(" "));
    }
}
