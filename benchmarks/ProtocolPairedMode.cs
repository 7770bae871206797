using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// <c>--protocols</c>: scenarios 6 and 7 side by side in one process, in the manner of <see cref="PairedMode"/>. Each
/// round runs every contender once per scenario, in an order that rotates from round to round: 6 = sequential JSON-RPC
/// round trips (<see cref="PairedSettings.RoundTrips"/> per round), 7 = one graphql-transport-ws subscription of
/// <see cref="PairedSettings.Messages"/> items. Reports the median of the per-round ratios (typed ÷ limit, throughput)
/// with their interquartile range, and per contender the median time and the bytes the whole process allocated per
/// round trip or item (the endpoints allocate nothing per message, so the difference between two contenders is theirs).
/// With <c>--allocations</c>, the typed contenders then run alone under <see cref="AllocationSampler"/>: which types they allocate.
/// </summary>
internal static class ProtocolPairedMode
{
    /// <summary>21 measured rounds (+3 warm-up) of 2,000 round trips and a 20,000-item subscription.</summary>
    public static PairedSettings Defaults { get; } = new(21, 3, 20_000, 2_000, [100], [false]);

    private const string Limit = "ClientWebSocket+STJ (limit)";

    public static async Task<int> RunAsync(PairedSettings settings, bool sampleAllocations, TextWriter output)
    {
        output.WriteLine($"# Protocol scenarios 6 and 7, paired: {settings.Rounds} rounds (+{settings.WarmupRounds} warm-up), {settings.RoundTrips:N0} round trips and a {settings.Messages:N0}-item subscription per contender and round");
        output.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {PairedMode.LoadAverage()}");
        var server = await EchoServer.GetSharedAsync().ConfigureAwait(false);
        var message = EchoMessage.OfWireSize(100);

        await using var rpcLimit = new HandWrittenRpcContender();
        await using var rpcTyped = new TypedRpcContender();
        await using var subscriptionLimit = new HandWrittenSubscriptionContender();
        await using var subscriptionTyped = new TypedSubscriptionContender();
        await rpcLimit.ConnectAsync(server).ConfigureAwait(false);
        await rpcTyped.ConnectAsync(server).ConfigureAwait(false);
        await subscriptionLimit.ConnectAsync(server).ConfigureAwait(false);
        await subscriptionTyped.ConnectAsync(server).ConfigureAwait(false);

        (string Name, Func<ValueTask> Run)[] requests =
        [
            (Limit, () => RoundTripsAsync(rpcLimit, message, settings.RoundTrips)),
            ("Typed RequestAsync", () => RoundTripsAsync(rpcTyped, message, settings.RoundTrips)),
        ];
        (string Name, Func<ValueTask> Run)[] subscriptions =
        [
            (Limit, () => SubscribeAsync(subscriptionLimit, settings.Messages)),
            ("Typed SubscribeAsync", () => SubscribeAsync(subscriptionTyped, settings.Messages)),
        ];

        var requestRounds = new List<Dictionary<string, (double Seconds, long Bytes)>>();
        var subscriptionRounds = new List<Dictionary<string, (double Seconds, long Bytes)>>();
        for (var round = 0; round < settings.WarmupRounds + settings.Rounds; round++)
        {
            var requestRound = await RoundAsync(requests, round).ConfigureAwait(false);
            var subscriptionRound = await RoundAsync(subscriptions, round).ConfigureAwait(false);
            if (round >= settings.WarmupRounds)
            {
                requestRounds.Add(requestRound);
                subscriptionRounds.Add(subscriptionRound);
            }
        }

        output.WriteLine("\n| scenario | typed ÷ limit (throughput; above 1: typed is faster) | median | IQR | rounds ≥ 1 |");
        output.WriteLine("|---|---|---:|---|---:|");
        Ratio(output, "6. JSON-RPC round trip", requests, requestRounds);
        Ratio(output, "7. subscription items", subscriptions, subscriptionRounds);

        output.WriteLine("\n| scenario | contender | per op (median) | B per op (process, median) |");
        output.WriteLine("|---|---|---:|---:|");
        Absolute(output, "6. per round trip", requests, requestRounds, settings.RoundTrips, "µs", 1e6);
        Absolute(output, "7. per item", subscriptions, subscriptionRounds, settings.Messages, "ns", 1e9);
        if (sampleAllocations)
        {
            // The typed contenders alone, 50 rounds' worth each, with the runtime's allocation sampling on.
            using var sampler = new AllocationSampler();
            foreach (var (name, contender) in new[] { requests[1], subscriptions[1] })
            {
                sampler.Start();
                for (var i = 0; i < 50; i++)
                {
                    await contender().ConfigureAwait(false);
                }

                sampler.StopAndWrite(output, name);
            }
        }

        output.WriteLine($"\nload average at the end: {PairedMode.LoadAverage()}");
        return 0;
    }

    private static async ValueTask RoundTripsAsync(RequestContender contender, EchoMessage message, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await contender.RoundTripAsync(message).ConfigureAwait(false);
        }

        if (contender.LastResult != message)
        {
            throw new InvalidOperationException($"{contender.GetType().Name} got {contender.LastResult} back for {message}.");
        }
    }

    private static async ValueTask SubscribeAsync(SubscriptionContender contender, int count)
    {
        await contender.SubscribeToEndAsync(count).ConfigureAwait(false);
        if (contender.ItemsReceived != count || contender.LastItem?.N != count)
        {
            throw new InvalidOperationException($"{contender.GetType().Name} read {contender.ItemsReceived} items, the last {contender.LastItem}, of a subscription to {count}.");
        }
    }

    private static async Task<Dictionary<string, (double Seconds, long Bytes)>> RoundAsync((string Name, Func<ValueTask> Run)[] contenders, int round)
    {
        var results = new Dictionary<string, (double, long)>();
        for (var i = 0; i < contenders.Length; i++)
        {
            var (name, run) = contenders[(round + i) % contenders.Length];
            var bytes = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            await run().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            results[name] = (elapsed, GC.GetTotalAllocatedBytes(precise: true) - bytes);
        }

        return results;
    }

    private static void Ratio(TextWriter output, string scenario, (string Name, Func<ValueTask> Run)[] contenders, List<Dictionary<string, (double Seconds, long Bytes)>> rounds)
    {
        var typed = contenders[1].Name;
        var ratios = rounds.Select(round => round[Limit].Seconds / round[typed].Seconds).ToArray();
        var (q1, median, q3) = PairedMode.Quartiles(ratios);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {scenario} | {typed} ÷ {Limit} | **{median:0.00}** | {q1:0.00}–{q3:0.00} | {ratios.Count(r => r >= 1.0)}/{ratios.Length} |"));
    }

    private static void Absolute(TextWriter output, string scenario, (string Name, Func<ValueTask> Run)[] contenders, List<Dictionary<string, (double Seconds, long Bytes)>> rounds, int operations, string unit, double scale)
    {
        foreach (var (name, _) in contenders)
        {
            var time = PairedMode.Quartiles(rounds.Select(round => round[name].Seconds * scale / operations).ToArray()).Median;
            var bytes = PairedMode.Quartiles(rounds.Select(round => (double)round[name].Bytes / operations).ToArray()).Median;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scenario} | {name} | {time:N1} {unit} | {bytes:N0} |"));
        }
    }
}
