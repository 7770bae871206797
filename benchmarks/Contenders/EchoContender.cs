using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>One way of talking to the echo server. Every contender sends <see cref="EchoMessage"/> and deserializes each echo back into one.</summary>
public abstract class EchoContender : IAsyncDisposable
{
    /// <summary>Connects to the shared server.</summary>
    public abstract Task ConnectAsync(EchoServer server);

    /// <summary>Sends one message and waits for its echo.</summary>
    public abstract ValueTask RoundTripAsync(EchoMessage message);

    /// <summary>Sends <paramref name="count"/> messages back to back (each send awaited) and waits for all echoes.</summary>
    public abstract ValueTask PipelineAsync(EchoMessage message, int count);

    public abstract ValueTask DisposeAsync();
}

/// <summary>A contender that receives through a handler: the echoes are counted by a <see cref="Countdown"/>.</summary>
public abstract class HandlerEchoContender : EchoContender
{
    protected Countdown Received { get; } = new();

    /// <summary>The last echo received (kept so the deserialization cannot be optimized away).</summary>
    public EchoMessage? LastEcho { get; protected set; }

    protected abstract ValueTask SendOneAsync(EchoMessage message);

    public override ValueTask RoundTripAsync(EchoMessage message) => PipelineAsync(message, 1);

    // Pooled, so that the harness costs every handler-based contender nothing per round trip.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask PipelineAsync(EchoMessage message, int count)
    {
        var done = Received.Start(count);
        for (var i = 0; i < count; i++)
        {
            await SendOneAsync(message).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
    }

    protected void OnEcho(EchoMessage echo)
    {
        LastEcho = echo;
        Received.Signal();
    }
}
