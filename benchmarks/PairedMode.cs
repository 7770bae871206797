using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace TypedWebSockets.Benchmarks;

/// <summary>What the paired mode runs: how many rounds, messages and round trips, which sizes and schemes.</summary>
internal sealed record PairedSettings(int Rounds, int WarmupRounds, int Messages, int RoundTrips, IReadOnlyList<int> Sizes, IReadOnlyList<bool> Secure)
{
    /// <summary>The <c>--paired</c> defaults: 31 measured rounds of 20,000 messages.</summary>
    public static PairedSettings Full { get; } = new(31, 3, 20_000, 400, [100, 1024, 16 * 1024], [false, true]);

    /// <summary>The <c>--quick</c> defaults: 15 measured rounds of 5,000 messages (about a minute).</summary>
    public static PairedSettings Quick { get; } = new(15, 2, 5_000, 200, [100, 1024, 16 * 1024], [false, true]);

    /// <summary>Reads <c>--rounds N</c>, <c>--messages N</c>, <c>--roundtrips N</c>, <c>--sizes 100,1024</c>, <c>--schemes ws,wss</c> over these defaults.</summary>
    public PairedSettings With(string[] args)
    {
        var settings = this;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--rounds" => settings with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--messages" => settings with { Messages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--roundtrips" => settings with { RoundTrips = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sizes" => settings with { Sizes = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--schemes" => settings with { Secure = value.Split(',').Select(v => v == "wss").ToArray() },
                _ => settings,
            };
        }

        return settings;
    }
}

/// <summary>
/// Side by side in one process: every contender runs the same case once per round, in an order that rotates from round
/// to round, so that drifting machine load hits them alike; each round gives one ratio per pair, and the table reports
/// the median of those per-round ratios with their interquartile range. A 10 % gap is visible when the IQR is narrower.
/// </summary>
/// <remarks>
/// Pipelined throughput: <see cref="PairedSettings.Messages"/> messages sent back to back while the echoes come back,
/// timed to the last echo. Round trip: <see cref="PairedSettings.RoundTrips"/> sequential round trips of ~100 B, the
/// per-round p50 of each contender. Bytes are what the whole process allocated during a run (the server included, the
/// same for every contender) per message.
/// </remarks>
internal static class PairedMode
{
    private const string Limit = "ClientWebSocket+STJ (limit)";
    private const string TypedAsync = "Typed SendAsync(T) awaited";
    private const string TypedSend = "Typed Send(T) fire-and-forget";
    private const string SignalR = "SignalR client 10";

    public static async Task<int> RunAsync(PairedSettings settings, TextWriter output)
    {
        output.WriteLine($"# Paired run: {settings.Rounds} rounds (+{settings.WarmupRounds} warm-up), {settings.Messages:N0} messages per pipelined run, {settings.RoundTrips} round trips per round trip run");
        output.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        foreach (var secure in settings.Secure)
        {
            await RunSchemeAsync(settings, secure, output).ConfigureAwait(false);
        }

        output.WriteLine($"\nload average at the end: {LoadAverage()}");
        return 0;
    }

    private static async Task RunSchemeAsync(PairedSettings settings, bool secure, TextWriter output)
    {
        var server = await EchoServer.GetSharedAsync(secure).ConfigureAwait(false);
        var handWritten = new HandWrittenContender();
        var typed = new TypedClientContender();
        var signalR = new SignalRContender();
        EchoContender[] connections = [handWritten, typed, signalR];
        foreach (var contender in connections)
        {
            await contender.ConnectAsync(server).ConfigureAwait(false);
        }

        (string Name, Func<EchoMessage, int, ValueTask> Run)[] pipelined =
        [
            (Limit, handWritten.PipelineAsync),
            (TypedAsync, typed.PipelineAsync),
            (TypedSend, typed.PipelineFireAndForgetAsync),
            (SignalR, signalR.PipelineAsync),
        ];

        try
        {
            output.WriteLine($"\n## {server.Scheme}:// — pipelined throughput (ours ÷ them: above 1 means ours is faster)\n");
            output.WriteLine("| payload | ratio | median | IQR | rounds ≥ 1 |");
            output.WriteLine("|---|---|---:|---|---:|");
            var absolute = new List<string>();
            foreach (var size in settings.Sizes)
            {
                var message = EchoMessage.OfWireSize(size);
                var runs = await MeasureRoundsAsync(settings, pipelined, message).ConfigureAwait(false);
                foreach (var ours in new[] { TypedAsync, TypedSend })
                {
                    foreach (var them in new[] { Limit, SignalR })
                    {
                        // Throughput ratio = their time ÷ our time, round by round.
                        var ratios = runs.Select(round => round[them].Seconds / round[ours].Seconds).ToArray();
                        output.WriteLine(Row(SizeName(size), $"{ours} ÷ {them}", ratios));
                    }
                }

                foreach (var (name, _) in pipelined)
                {
                    var nanoseconds = Median(runs.Select(round => round[name].Seconds * 1e9 / settings.Messages).ToArray());
                    var bytes = Median(runs.Select(round => (double)round[name].Bytes / settings.Messages).ToArray());
                    absolute.Add(string.Create(CultureInfo.InvariantCulture, $"| {SizeName(size)} | {name} | {nanoseconds:N0} | {1e9 / nanoseconds:N0} | {bytes:N0} |"));
                }
            }

            output.WriteLine($"\nMedians per message ({server.Scheme}://; bytes: the whole process, server included):\n");
            output.WriteLine("| payload | contender | ns/msg | msg/s | B/msg |");
            output.WriteLine("|---|---|---:|---:|---:|");
            foreach (var line in absolute)
            {
                output.WriteLine(line);
            }

            (string Name, Func<EchoMessage, ValueTask> RoundTrip)[] roundTrips =
            [
                (Limit, handWritten.RoundTripAsync),
                ("Typed client", typed.RoundTripAsync),
                (SignalR, signalR.RoundTripAsync),
            ];
            var rtt = await MeasureRoundTripsAsync(settings, roundTrips, EchoMessage.OfWireSize(100)).ConfigureAwait(false);
            output.WriteLine($"\n## {server.Scheme}:// — one-in-flight round trip, ~100 B (ours ÷ them of the per-round p50: below 1 means ours is quicker)\n");
            output.WriteLine("| ratio | median | IQR | rounds ≤ 1 |");
            output.WriteLine("|---|---:|---|---:|");
            foreach (var them in new[] { Limit, SignalR })
            {
                var ratios = rtt.Select(round => round["Typed client"] / round[them]).ToArray();
                output.WriteLine(Row(null, $"Typed p50 ÷ {them} p50", ratios, lowerIsBetter: true));
            }

            output.WriteLine();
            foreach (var (name, _) in roundTrips)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {name}: p50 {Median(rtt.Select(round => round[name]).ToArray()):N1} µs (median over rounds)"));
            }
        }
        finally
        {
            foreach (var contender in connections)
            {
                await contender.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<List<Dictionary<string, (double Seconds, long Bytes)>>> MeasureRoundsAsync(
        PairedSettings settings,
        (string Name, Func<EchoMessage, int, ValueTask> Run)[] contenders,
        EchoMessage message)
    {
        var rounds = new List<Dictionary<string, (double Seconds, long Bytes)>>();
        for (var round = 0; round < settings.WarmupRounds + settings.Rounds; round++)
        {
            var results = new Dictionary<string, (double, long)>();
            for (var i = 0; i < contenders.Length; i++)
            {
                var (name, run) = contenders[(round + i) % contenders.Length];
                var bytes = GC.GetTotalAllocatedBytes(precise: false);
                var start = Stopwatch.GetTimestamp();
                await run(message, settings.Messages).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                results[name] = (elapsed, GC.GetTotalAllocatedBytes(precise: false) - bytes);
            }

            if (round >= settings.WarmupRounds)
            {
                rounds.Add(results);
            }
        }

        return rounds;
    }

    // Per round and contender: the p50 of its round trips, in µs.
    private static async Task<List<Dictionary<string, double>>> MeasureRoundTripsAsync(
        PairedSettings settings,
        (string Name, Func<EchoMessage, ValueTask> RoundTrip)[] contenders,
        EchoMessage message)
    {
        var rounds = new List<Dictionary<string, double>>();
        var samples = new double[settings.RoundTrips];
        for (var round = 0; round < settings.WarmupRounds + settings.Rounds; round++)
        {
            var results = new Dictionary<string, double>();
            for (var i = 0; i < contenders.Length; i++)
            {
                var (name, roundTrip) = contenders[(round + i) % contenders.Length];
                for (var n = 0; n < samples.Length; n++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await roundTrip(message).ConfigureAwait(false);
                    samples[n] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }

                results[name] = Median(samples);
            }

            if (round >= settings.WarmupRounds)
            {
                rounds.Add(results);
            }
        }

        return rounds;
    }

    private static string Row(string? size, string what, double[] ratios, bool lowerIsBetter = false)
    {
        var (q1, median, q3) = Quartiles(ratios);
        var wins = ratios.Count(r => lowerIsBetter ? r <= 1.0 : r >= 1.0);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {(size is null ? "" : size + " | ")}{what} | **{median:0.00}** | {q1:0.00}–{q3:0.00} | {wins}/{ratios.Length} |");
    }

    private static string SizeName(int size) => size >= 1024 ? $"{size / 1024} KB" : $"{size} B";

    private static double Median(double[] values) => Quartiles(values).Median;

    // Linear interpolation between closest ranks (the common "type 7" definition).
    internal static (double Q1, double Median, double Q3) Quartiles(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double At(double p)
        {
            var position = p * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
        }

        return (At(0.25), At(0.5), At(0.75));
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
