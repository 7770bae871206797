using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

/// <summary>
/// A non-reentrant mutual-exclusion lock for async code. Entering and leaving it uncontended is one interlocked
/// operation each, with no <see cref="Monitor"/> (the dispatch and write locks are taken once or twice per message, and
/// <see cref="SemaphoreSlim"/> takes a monitor on every call). Contended callers wait in FIFO order, and each is
/// resumed asynchronously, as with <see cref="SemaphoreSlim.WaitAsync()"/>.
/// </summary>
internal sealed class AsyncGate
{
    private const int Free = 0;
    private const int Held = 1;
    private const int HeldWithWaiters = 2;

    // Guarded by itself; waiters move the state to HeldWithWaiters under it, so Exit always finds them.
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _state;

    /// <summary>Takes the gate if it is free, without waiting.</summary>
    /// <returns><see langword="true"/> when the caller now holds the gate.</returns>
    public bool TryEnter() => Interlocked.CompareExchange(ref _state, Held, Free) == Free;

    /// <summary>Takes the gate, waiting for it when it is held.</summary>
    /// <param name="cancellationToken">Stops waiting; the gate is then not taken.</param>
    /// <returns>A task that completes when the caller holds the gate.</returns>
    public Task EnterAsync(CancellationToken cancellationToken = default)
        => TryEnter() ? Task.CompletedTask : EnterSlowAsync(cancellationToken);

    /// <summary>Releases the gate: to the longest waiting caller if there is one.</summary>
    public void Exit()
    {
        if (Interlocked.CompareExchange(ref _state, Free, Held) == Held)
        {
            return;
        }

        lock (_waiters)
        {
            // Hand the gate over to the first waiter that has not been cancelled; the state stays held.
            while (_waiters.TryDequeue(out var next))
            {
                if (_waiters.Count == 0)
                {
                    Volatile.Write(ref _state, Held);
                }

                if (next.TrySetResult())
                {
                    return;
                }
            }

            Volatile.Write(ref _state, Free);
        }
    }

    private async Task EnterSlowAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_waiters)
        {
            while (true)
            {
                var state = Volatile.Read(ref _state);
                if (state == Free)
                {
                    if (Interlocked.CompareExchange(ref _state, Held, Free) == Free)
                    {
                        return;
                    }
                }
                else if (state == HeldWithWaiters || Interlocked.CompareExchange(ref _state, HeldWithWaiters, Held) == Held)
                {
                    break;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        // A cancelled waiter stays queued; Exit skips it (its TrySetResult fails).
        using (cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }
}
