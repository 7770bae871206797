using System;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// One way of making a JSON-RPC 2.0 request to <c>/jsonrpc</c> and waiting for the reply with its id (the request
/// round trip scenario). Every contender calls <c>echo</c> with an <see cref="EchoMessage"/> as <c>params</c> and
/// deserializes the <c>result</c> back into one.
/// </summary>
public abstract class RequestContender : IAsyncDisposable
{
    /// <summary>The result of the last round trip (kept so the deserialization cannot be optimized away).</summary>
    public EchoMessage? LastResult { get; protected set; }

    public abstract Task ConnectAsync(EchoServer server);

    /// <summary>Sends one request and waits for its reply.</summary>
    public abstract ValueTask RoundTripAsync(EchoMessage message);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// One way of subscribing on <c>/graphql</c> (graphql-transport-ws) and reading every item to the end (the
/// subscription throughput scenario). Every contender deserializes each <c>next</c> payload into a <see cref="TicksResult"/>.
/// </summary>
public abstract class SubscriptionContender : IAsyncDisposable
{
    /// <summary>The last item of the last subscription (kept so the deserialization cannot be optimized away).</summary>
    public Tick? LastItem { get; protected set; }

    /// <summary>How many items the last subscription delivered.</summary>
    public int ItemsReceived { get; protected set; }

    /// <summary>Connects and completes the <c>connection_init</c> / <c>connection_ack</c> handshake.</summary>
    public abstract Task ConnectAsync(EchoServer server);

    /// <summary>Subscribes to <paramref name="count"/> items under a new id and reads them all, up to the <c>complete</c>.</summary>
    public abstract ValueTask SubscribeToEndAsync(int count);

    public abstract ValueTask DisposeAsync();
}
