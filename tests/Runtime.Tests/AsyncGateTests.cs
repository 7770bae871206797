using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>The lock behind dispatch and writes: mutual exclusion, FIFO hand-over, cancellation of a waiter.</summary>
public sealed class AsyncGateTests
{
    [Fact]
    public void TryEnter_succeeds_only_while_the_gate_is_free()
    {
        var gate = new AsyncGate();
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task Waiters_get_the_gate_one_at_a_time_in_the_order_they_came()
    {
        var gate = new AsyncGate();
        Assert.True(gate.TryEnter());
        var waiters = Enumerable.Range(0, 3).Select(_ => gate.EnterAsync()).ToArray();
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        for (var i = 0; i < waiters.Length; i++)
        {
            gate.Exit();
            await waiters[i].WaitAsync(TestTimeouts.Default);
            Assert.All(waiters.Skip(i + 1), w => Assert.False(w.IsCompleted));
            Assert.False(gate.TryEnter());
        }

        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped_and_the_gate_is_free_when_nobody_else_waits()
    {
        var gate = new AsyncGate();
        Assert.True(gate.TryEnter());
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(cancel.Token);
        var next = gate.EnterAsync();
        var alsoCancelled = gate.EnterAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TestTimeouts.Default));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alsoCancelled.WaitAsync(TestTimeouts.Default));
        Assert.False(next.IsCompleted);

        gate.Exit();
        await next.WaitAsync(TestTimeouts.Default);
        Assert.False(gate.TryEnter());

        gate.Exit();
        Assert.True(gate.TryEnter());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(cancel.Token));
        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task Concurrent_callers_never_hold_the_gate_together()
    {
        const int Workers = 4;
        const int Rounds = 20_000;
        var gate = new AsyncGate();
        var inside = 0;
        var overlaps = 0;
        long total = 0;
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                if (worker % 2 == 0 && gate.TryEnter())
                {
                    // Taken without waiting.
                }
                else
                {
                    await gate.EnterAsync();
                }

                if (Interlocked.Increment(ref inside) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                total++;
                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, overlaps);
        Assert.Equal((long)Workers * Rounds, total);
        Assert.True(gate.TryEnter());
    }
}
