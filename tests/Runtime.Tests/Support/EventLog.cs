using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.Tests.Support;

/// <summary>
/// Records every event a <see cref="WebSocket"/> raises through its <c>On…</c> handlers, in order, and lets a test
/// await them with a bound. Also detects handlers running concurrently.
/// </summary>
internal sealed class EventLog
{
    private readonly object _lock = new();
    private readonly List<string> _entries = [];
    private readonly List<WebSocketMessage> _messages = [];
    private readonly List<Exception> _errors = [];
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openCount;
    private int _closeCount;
    private int _running;
    private int _overlaps;

    /// <summary>Sets OnOpen, OnError, OnClose and (unless <paramref name="messages"/> is false) OnMessage of <paramref name="socket"/>.</summary>
    public EventLog(WebSocket socket, bool messages = true)
    {
        socket.OnOpen = () => Enter(() =>
        {
            Interlocked.Increment(ref _openCount);
            Add("open");
            _opened.TrySetResult();
        });
        socket.OnError = error => Enter(() =>
        {
            lock (_lock)
            {
                _errors.Add(error);
            }

            Add("error:" + error.GetType().Name);
        });
        socket.OnClose = reason => Enter(() =>
        {
            Interlocked.Increment(ref _closeCount);
            Add("close");
            _closed.TrySetResult(reason);
        });
        if (messages)
        {
            socket.OnMessage = OnMessage;
        }
    }

    public int OpenCount => Volatile.Read(ref _openCount);

    public int CloseCount => Volatile.Read(ref _closeCount);

    /// <summary>How many times a handler started while another was still running (must stay 0).</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public Task Opened => _opened.Task;

    /// <summary>Completes with the reason passed to OnClose.</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>The events in order: <c>open</c>, <c>message</c>, <c>error:TypeName</c>, <c>close</c>.</summary>
    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_lock)
            {
                return _entries.ToArray();
            }
        }
    }

    public IReadOnlyList<WebSocketMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToArray();
            }
        }
    }

    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_lock)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>The handler this log sets as OnMessage; usable as a message listener too.</summary>
    public void OnMessage(WebSocketMessage message) => Enter(() =>
    {
        lock (_lock)
        {
            _messages.Add(message);
        }

        Add("message");
    });

    public async Task<IReadOnlyList<WebSocketMessage>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Messages.Count >= count, timeout, $"{count} message(s)");
        return Messages;
    }

    public async Task<Exception> WaitForErrorAsync(TimeSpan? timeout = null)
    {
        await WaitUntilAsync(() => Errors.Count > 0, timeout, "an error");
        return Errors[0];
    }

    public Task WaitForClosedAsync(TimeSpan? timeout = null) => Closed.WaitAsync(timeout ?? TestTimeouts.Default);

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
                throw new TimeoutException(
                    $"Waited {limit} for {what}; events so far: [{string.Join(", ", Entries)}]; errors: [{string.Join(" | ", Errors.Select(e => e.ToString()))}].");
            }
        }
    }

    private void Enter(Action body)
    {
        if (Interlocked.Increment(ref _running) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            body();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private void Add(string entry)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _entries.Add(entry);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
