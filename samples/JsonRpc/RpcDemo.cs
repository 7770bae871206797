using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace TypedWebSockets.Samples.JsonRpc;

/// <summary>
/// Four calls of the typed <see cref="RpcClient"/> against the StreamJsonRpc server: params by name, an array parameter,
/// an error reply, and notifications before a reply. Prints one line per call, the same on every run.
/// </summary>
internal static class RpcDemo
{
    public static async Task<bool> RunAsync(string url, TextWriter output, TimeSpan timeout)
    {
        // Handlers run in receive order, one at a time: the ticks are in the queue before the reply that follows them.
        var ticks = new ConcurrentQueue<Tick>();
        await using var rpc = new RpcClient(url)
        {
            OnTick = ticks.Enqueue,
            OnError = error => output.WriteLine($"error: {error.Message}"),
        };

        var added = await rpc.RequestAsync(new AddParams(2, 3), timeout);
        output.WriteLine($"add(2, 3) = {added}");

        var summed = await rpc.RequestAsync(new SumParams([1, 2, 3, 4]), timeout);
        output.WriteLine($"sum([1, 2, 3, 4]) = {summed}");

        var failed = false;
        try
        {
            await rpc.RequestAsync(new DivideParams(1, 0), timeout);
        }
        catch (WebSocketRequestException ex)
        {
            output.WriteLine($"divide(1, 0) failed: error {ex.Code} \"{ex.ErrorMessage}\", data {ex.Error.GetProperty("data").GetRawText()}");
            failed = ex.Code == RpcMethods.DivisionByZero.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var count = await rpc.RequestAsync(new StartTicksParams(3), timeout);
        output.WriteLine($"startTicks(3) = {count}, after the notifications {string.Join(", ", ticks.Select(tick => $"tick {tick.N}"))}");

        await rpc.CloseAsync(1000, "done").WaitAsync(timeout);
        output.WriteLine($"Closed cleanly: {rpc.WasClean} ({rpc.CloseCode})");
        return added == 5 && summed == 10 && failed && count == 3 && ticks.Count == 3 && rpc.WasClean;
    }
}
