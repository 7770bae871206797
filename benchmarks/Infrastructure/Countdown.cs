using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// A reusable, allocation-free "N messages arrived" signal shared by every handler-based contender, so that the
/// waiting itself costs all of them the same. Continuations run asynchronously: the benchmark never continues on a
/// contender's receive thread (for the typed client that would be inside its dispatch lock).
/// </summary>
public sealed class Countdown : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _remaining;

    /// <summary>Arms the signal for <paramref name="count"/> messages and returns the task that completes after the last.</summary>
    public ValueTask Start(int count)
    {
        _core.Reset();
        Volatile.Write(ref _remaining, count);
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Counts one message.</summary>
    public void Signal()
    {
        var left = Interlocked.Decrement(ref _remaining);
        if (left == 0)
        {
            _core.SetResult(true);
        }
        else if (left < 0)
        {
            _core.SetException(new InvalidOperationException("More echoes arrived than messages were sent."));
        }
    }

    /// <summary>Fails the pending wait (a contender's connection broke).</summary>
    public void Fail(Exception error) => _core.SetException(error);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
