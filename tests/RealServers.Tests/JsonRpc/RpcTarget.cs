using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;

namespace TypedWebSockets.RealServers.Tests.JsonRpc;

/// <summary>The methods the JSON-RPC 2.0 server (StreamJsonRpc) offers on each connection. Names are the wire names.</summary>
public sealed class RpcTarget(StreamJsonRpc.JsonRpc rpc)
{
    /// <summary>The <c>code</c> of the error <c>fail</c> answers with.</summary>
    public const int FailCode = 4001;

    /// <summary><c>sum</c>: the sum of an array of integers.</summary>
    [JsonRpcMethod("sum")]
    public static long Sum(long[] values) => values.Sum();

    /// <summary><c>echo</c>: its params object back as the result (the whole object is the one parameter).</summary>
    [JsonRpcMethod("echo", UseSingleObjectParameterDeserialization = true)]
    public static EchoMessage Echo(EchoMessage message) => message;

    /// <summary><c>greet</c>: two parameters, by position or by name; <c>times</c> may be left out.</summary>
    [JsonRpcMethod("greet")]
    public static string Greet(string name, int times = 1)
        => string.Join(" ", Enumerable.Repeat($"Hello, {name}!", times));

    /// <summary><c>fail</c>: always an error reply with code <see cref="FailCode"/>, the message and a data object.</summary>
    [JsonRpcMethod("fail")]
    public static void Fail(string reason)
        => throw new LocalRpcException($"fail: {reason}") { ErrorCode = FailCode, ErrorData = new FailureDetail(reason, 3) };

    /// <summary><c>slow</c>: answers <paramref name="delayMs"/> after that many milliseconds; <c>$/cancelRequest</c> cancels it.</summary>
    [JsonRpcMethod("slow")]
    public static async Task<int> SlowAsync(int delayMs, CancellationToken cancellationToken)
    {
        await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
        return delayMs;
    }

    /// <summary>
    /// <c>startTicks</c>: sends <paramref name="count"/> notifications <c>tick</c> with params <c>{"n":1..count}</c>, then
    /// answers <paramref name="count"/>: the ticks always arrive before the reply.
    /// </summary>
    [JsonRpcMethod("startTicks")]
    public async Task<int> StartTicksAsync(int count)
    {
        for (var n = 1; n <= count; n++)
        {
            await rpc.NotifyWithParameterObjectAsync("tick", new Tick(n)).ConfigureAwait(false);
        }

        return count;
    }
}

/// <summary>The params and result of <c>echo</c>.</summary>
public sealed record EchoMessage(string Text, int Sequence);

/// <summary>The <c>data</c> of the error <c>fail</c> answers with.</summary>
public sealed record FailureDetail(string Reason, int Attempts);

/// <summary>The params of a <c>tick</c> notification.</summary>
public sealed record Tick(int N);
