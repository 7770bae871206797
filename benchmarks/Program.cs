using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks -- --quick</c>: scenarios 2 and 3, short in-process jobs, then a ratio table.
/// <c>-- --telemetry</c>: the cost of the telemetry, three ways of listening measured side by side in interleaved rounds.
/// Anything else goes to BenchmarkDotNet's switcher (<c>-- --filter '*'</c> runs everything).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--quick"))
        {
            return QuickMode.Run();
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
