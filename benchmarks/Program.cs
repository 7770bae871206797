using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks -- --quick</c>: scenarios 2 and 3, short in-process jobs, then a ratio table.
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

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        RatioTable.Print(summaries, PipelinedThroughputBenchmarks.MessageCount, Console.Out);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
