using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.TestSupport;

/// <summary>The kind of a <see cref="ClientEvent"/>.</summary>
public enum ClientEventKind
{
    /// <summary>OnOpen / an open listener.</summary>
    Open,

    /// <summary>OnError / an error listener.</summary>
    Error,

    /// <summary>OnMessage / a message listener.</summary>
    Message,

    /// <summary>OnClose / a close listener.</summary>
    Close,

    /// <summary>OnReconnecting.</summary>
    Reconnecting,

    /// <summary>OnReconnected.</summary>
    Reconnected,
}

/// <summary>One event a client raised, as <see cref="EventRecorder"/> saw it.</summary>
/// <param name="Kind">Which event.</param>
/// <param name="Error">The error of an <see cref="ClientEventKind.Error"/>.</param>
/// <param name="Message">The message of a <see cref="ClientEventKind.Message"/>.</param>
/// <param name="Reason">The reason of a <see cref="ClientEventKind.Close"/>.</param>
/// <param name="Attempt">The attempt number of a reconnect event.</param>
public sealed record ClientEvent(ClientEventKind Kind, Exception? Error = null, WebSocketMessage? Message = null, string? Reason = null, int Attempt = 0)
{
    /// <summary>The short form used by <see cref="EventRecorder.Entries"/>: <c>open</c>, <c>message</c>, <c>error:TypeName</c>, <c>close</c>, <c>reconnecting:N</c>, <c>reconnected:N</c>.</summary>
    public string Entry => Kind switch
    {
        ClientEventKind.Error => "error:" + Error!.GetType().Name,
        ClientEventKind.Reconnecting => $"reconnecting:{Attempt}",
        ClientEventKind.Reconnected => $"reconnected:{Attempt}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// The suites' one event recorder: records every event a <see cref="WebSocket"/> raises, in the order its handlers ran
/// (they run one at a time, so a list under a lock is the exact order), detects handlers that overlap, and lets a test
/// await events with a bound (<see cref="TestTimeouts.Default"/>).
/// </summary>
/// <remarks>
/// <c>new EventRecorder(socket)</c> sets the socket's <c>On…</c> properties (reconnect events included);
/// <see cref="Attach"/> registers listeners instead, leaving the properties to the test. A message handler or listener
/// counts as a message consumer: pass <c>messages: false</c> when the test wants messages held.
/// </remarks>
public sealed class EventRecorder
{
    private readonly object _lock = new();
    private readonly List<ClientEvent> _events = [];
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<ReconnectingEventArgs> _reconnecting = Channel.CreateUnbounded<ReconnectingEventArgs>();
    private readonly Channel<ReconnectedEventArgs> _reconnected = Channel.CreateUnbounded<ReconnectedEventArgs>();
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private readonly Channel<bool> _opens = Channel.CreateUnbounded<bool>();
    private readonly Channel<string> _texts = Channel.CreateUnbounded<string>();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _overlaps;

    /// <summary>Records through the socket's <c>On…</c> properties (OnOpen, OnError, OnClose, OnReconnecting, OnReconnected, and OnMessage unless <paramref name="messages"/> is false).</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="messages">Whether to set OnMessage.</param>
    public EventRecorder(WebSocket socket, bool messages = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.OnOpen = () => Record(new ClientEvent(ClientEventKind.Open));
        socket.OnError = error => Record(new ClientEvent(ClientEventKind.Error, Error: error));
        socket.OnClose = reason => Record(new ClientEvent(ClientEventKind.Close, Reason: reason));
        socket.OnReconnecting = args =>
        {
            _reconnecting.Writer.TryWrite(args);
            Record(new ClientEvent(ClientEventKind.Reconnecting, Error: null, Attempt: args.Attempt));
        };
        socket.OnReconnected = args =>
        {
            _reconnected.Writer.TryWrite(args);
            Record(new ClientEvent(ClientEventKind.Reconnected, Attempt: args.Attempts));
        };
        if (messages)
        {
            socket.OnMessage = OnMessage;
        }
    }

    private EventRecorder()
    {
    }

    /// <summary>How long the waits of this class take at most unless told otherwise.</summary>
    public static TimeSpan DefaultTimeout => TestTimeouts.Default;

    /// <summary>Every event so far, in order.</summary>
    public IReadOnlyList<ClientEvent> Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>The events in order, in short form (<see cref="ClientEvent.Entry"/>).</summary>
    public IReadOnlyList<string> Entries => Snapshot.Select(e => e.Entry).ToArray();

    /// <summary>The events other than messages, in order, in short form.</summary>
    public IReadOnlyList<string> Log => Snapshot.Where(e => e.Kind != ClientEventKind.Message).Select(e => e.Entry).ToArray();

    /// <summary>The errors, in order.</summary>
    public IReadOnlyList<Exception> Errors => Snapshot.Where(e => e.Kind == ClientEventKind.Error).Select(e => e.Error!).ToArray();

    /// <summary>The messages, in order.</summary>
    public IReadOnlyList<WebSocketMessage> Messages => Snapshot.Where(e => e.Kind == ClientEventKind.Message).Select(e => e.Message!).ToArray();

    /// <summary>How many open events there were.</summary>
    public int OpenCount => Count(ClientEventKind.Open);

    /// <summary>How many open events there were (the same as <see cref="OpenCount"/>).</summary>
    public int Opens => OpenCount;

    /// <summary>How many close events there were.</summary>
    public int CloseCount => Count(ClientEventKind.Close);

    /// <summary>How many close events there were (the same as <see cref="CloseCount"/>).</summary>
    public int Closes => CloseCount;

    /// <summary>How many reconnecting events there were.</summary>
    public int Reconnectings => Count(ClientEventKind.Reconnecting);

    /// <summary>How many times a handler started while another was still running (must stay 0).</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    /// <summary>Completes at the first open; fails when the client closed first.</summary>
    public Task Opened => _opened.Task;

    /// <summary>Completes with the reason of the close event; fails after <see cref="TestTimeouts.Default"/> without one.</summary>
    public Task<string?> Closed => _closed.Task.WaitAsync(TestTimeouts.Default);

    /// <summary>Records through listeners, leaving the socket's <c>On…</c> properties to the test (no reconnect events: they have no listener key).</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="messages">Whether to add a message listener.</param>
    /// <returns>The recorder.</returns>
    public static EventRecorder Attach(WebSocket socket, bool messages = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var recorder = new EventRecorder();
        socket.AddEventListener(WebSocketEvent.Open, () => recorder.Record(new ClientEvent(ClientEventKind.Open)));
        socket.AddEventListener(WebSocketEvent.Error, e => recorder.Record(new ClientEvent(ClientEventKind.Error, Error: e)));
        socket.AddEventListener(WebSocketEvent.Close, r => recorder.Record(new ClientEvent(ClientEventKind.Close, Reason: r)));
        if (messages)
        {
            socket.AddEventListener(WebSocketEvent.Message, recorder.OnMessage);
        }

        return recorder;
    }

    /// <summary>The message handler this recorder registers; usable as a further message listener.</summary>
    /// <param name="message">The message.</param>
    public void OnMessage(WebSocketMessage message)
    {
        _texts.Writer.TryWrite(message.Text ?? "");
        Record(new ClientEvent(ClientEventKind.Message, Message: message));
    }

    /// <summary>Waits for the first open.</summary>
    /// <param name="timeout">The bound; <see cref="TestTimeouts.Default"/> when <see langword="null"/>.</param>
    /// <returns>A task that completes at open.</returns>
    public Task WaitOpenedAsync(TimeSpan? timeout = null) => _opened.Task.WaitAsync(timeout ?? TestTimeouts.Default);

    /// <summary>Waits for the close event.</summary>
    /// <param name="timeout">The bound; <see cref="TestTimeouts.Default"/> when <see langword="null"/>.</param>
    /// <returns>A task that completes at close.</returns>
    public Task WaitClosedAsync(TimeSpan? timeout = null) => _closed.Task.WaitAsync(timeout ?? TestTimeouts.Default);

    /// <summary>Waits for the close event (the same as <see cref="WaitClosedAsync"/>).</summary>
    /// <param name="timeout">The bound.</param>
    /// <returns>A task that completes at close.</returns>
    public Task WaitForClosedAsync(TimeSpan? timeout = null) => WaitClosedAsync(timeout);

    /// <summary>Waits until at least <paramref name="count"/> messages arrived and returns them all.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timeout">The bound.</param>
    /// <returns>The messages so far.</returns>
    public async Task<IReadOnlyList<WebSocketMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Messages.Count >= count, timeout, $"{count} message(s)");
        return Messages;
    }

    /// <summary>Waits for the first error and returns it.</summary>
    /// <param name="timeout">The bound.</param>
    /// <returns>The first error.</returns>
    public async Task<Exception> WaitForErrorAsync(TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Errors.Count > 0, timeout, "an error");
        return Errors[0];
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after every event.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">The bound.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout, string what)
    {
        var limit = timeout ?? TestTimeouts.Default;
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {limit} for {what}; {Describe()}.");
            }
        }
    }

    /// <summary>The next OnReconnecting not yet taken.</summary>
    /// <returns>Its argument.</returns>
    public Task<ReconnectingEventArgs> NextReconnectingAsync() => Next(_reconnecting, "OnReconnecting");

    /// <summary>The next OnReconnected not yet taken.</summary>
    /// <returns>Its argument.</returns>
    public Task<ReconnectedEventArgs> NextReconnectedAsync() => Next(_reconnected, "OnReconnected");

    /// <summary>The next error not yet taken.</summary>
    /// <returns>The error.</returns>
    public Task<Exception> NextErrorAsync() => Next(_errors, "OnError");

    /// <summary>The next open not yet taken.</summary>
    /// <returns><see langword="true"/>.</returns>
    public Task<bool> NextOpenAsync() => Next(_opens, "OnOpen");

    /// <summary>The next message's text not yet taken (empty for a binary message).</summary>
    /// <returns>The text.</returns>
    public Task<string> NextMessageAsync() => Next(_texts, "OnMessage");

    /// <summary>
    /// The contract of the close sequence: exactly one close event, and it is the last event; every error came before it;
    /// at most one open. Returns the errors.
    /// </summary>
    /// <returns>The errors, in order.</returns>
    public IReadOnlyList<Exception> AssertSingleCloseAfterErrors()
    {
        var events = Snapshot;
        var closes = events.Count(e => e.Kind == ClientEventKind.Close);
        Assert.True(closes == 1, $"Expected exactly one close event, saw {closes}: {Describe(events)}");
        Assert.True(events[^1].Kind == ClientEventKind.Close, $"The close event must be the last event: {Describe(events)}");
        var opens = events.Count(e => e.Kind == ClientEventKind.Open);
        Assert.True(opens <= 1, $"Expected at most one open event, saw {opens}: {Describe(events)}");
        return events.Where(e => e.Kind == ClientEventKind.Error).Select(e => e.Error!).ToArray();
    }

    /// <summary>A one-line description of <paramref name="events"/>.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The description.</returns>
    public static string Describe(IEnumerable<ClientEvent> events)
        => string.Join(" | ", events.Select(e => e.Kind switch
        {
            ClientEventKind.Error => $"error {e.Error!.GetType().Name}: {e.Error.Message}",
            ClientEventKind.Message => $"message {(e.Message!.IsText ? $"text({e.Message.Text!.Length})" : $"binary({e.Message.Data!.Length})")}",
            ClientEventKind.Close => $"close '{e.Reason}'",
            _ => e.Entry,
        }));

    private string Describe() => $"events so far: [{Describe(Snapshot)}]; errors: [{string.Join(" | ", Errors.Select(e => e.ToString()))}]";

    private int Count(ClientEventKind kind)
    {
        lock (_lock)
        {
            return _events.Count(e => e.Kind == kind);
        }
    }

    private async Task<T> Next<T>(Channel<T> channel, string what)
    {
        try
        {
            return await channel.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"No {what} within {TestTimeouts.Default}; {Describe()}.", ex);
        }
    }

    private void Record(ClientEvent e)
    {
        if (Interlocked.Increment(ref _running) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            TaskCompletionSource changed;
            lock (_lock)
            {
                _events.Add(e);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            switch (e.Kind)
            {
                case ClientEventKind.Open:
                    _opens.Writer.TryWrite(true);
                    _opened.TrySetResult();
                    break;
                case ClientEventKind.Error:
                    _errors.Writer.TryWrite(e.Error!);
                    break;
                case ClientEventKind.Close:
                    _closed.TrySetResult(e.Reason);
                    _opened.TrySetException(new InvalidOperationException("The client closed before it opened."));
                    _ = _opened.Task.Exception;
                    break;
            }

            changed.TrySetResult();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
