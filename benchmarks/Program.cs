using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks -- --quick</c>: the network scenarios in the paired mode (short), then the
/// receive dispatch; <c>-- --paired</c>: the paired mode at full length (options <c>--rounds</c>, <c>--messages</c>,
/// <c>--roundtrips</c>, <c>--sizes</c>, <c>--schemes</c>). Anything else goes to BenchmarkDotNet's switcher
/// (<c>-- --filter '*'</c> runs everything). <c>-- --telemetry</c>: the cost of the telemetry, three ways of listening
/// measured side by side in interleaved rounds. <c>-- --protocols</c>: scenarios 6 and 7 (JSON-RPC round trip,
/// subscription items), typed against hand-written, in interleaved rounds (<c>--rounds</c>, <c>--roundtrips</c>, <c>--messages</c>; <c>--allocations</c> also samples which
/// types the typed contenders allocate).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--quick"))
        {
            return QuickMode.Run(args);
        }

        if (args.Contains("--paired"))
        {
            return PairedMode.RunAsync(PairedSettings.Full.With(args), Console.Out).GetAwaiter().GetResult();
        }

        if (args.Contains("--protocols"))
        {
            return ProtocolPairedMode.RunAsync(ProtocolPairedMode.Defaults.With(args), args.Contains("--allocations"), Console.Out).GetAwaiter().GetResult();
        }

        if (args.Contains("--telemetry"))
        {
            return TelemetryCost.Run();
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        RatioTable.Print(summaries, PipelinedThroughputBenchmarks.MessageCount, Console.Out);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
