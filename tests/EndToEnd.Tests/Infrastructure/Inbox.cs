using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Collects what one client handler or listener receives, in order, and lets a test await a count with a timeout.
/// <see cref="Log"/> (optional, shared by several inboxes) records which handler ran in which order.
/// </summary>
public sealed class Inbox<T>
{
    public static readonly TimeSpan DefaultTimeout = TestTimeouts.Default;

    private readonly object _lock = new();
    private readonly List<T> _items = [];
    private readonly string _name;
    private readonly List<string>? _log;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Inbox(string name, List<string>? log = null)
    {
        _name = name;
        _log = log;
        Add = item =>
        {
            TaskCompletionSource changed;
            lock (_lock)
            {
                _items.Add(item);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (_log is not null)
            {
                lock (_log)
                {
                    _log.Add(_name);
                }
            }

            changed.TrySetResult();
        };
    }

    /// <summary>The handler to register (one delegate instance, so it can be removed again).</summary>
    public Action<T> Add { get; }

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_lock)
            {
                return _items.ToArray();
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> items arrived and returns them all.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_items.Count >= count)
                {
                    return _items.ToArray();
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{_name}: waited {limit} for {count} item(s), got {Items.Count}.");
            }
        }
    }

    /// <summary>Waits for exactly one item (at least one arrived; fails if more did).</summary>
    public async Task<T> SingleAsync(TimeSpan? timeout = null)
    {
        var items = await WaitForAsync(1, timeout);
        return items.Count == 1 ? items[0] : throw new InvalidOperationException($"{_name}: expected one item, got {items.Count}.");
    }
}
