using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// The network scenarios in the paired mode (<see cref="PairedMode"/>, <see cref="PairedSettings.Quick"/>: ws and wss,
/// about a minute), then scenario 3 (receive dispatch, no socket) with a short in-process job and its ratio table.
/// </summary>
internal static class QuickMode
{
    public static int Run(string[] args)
    {
        var paired = PairedMode.RunAsync(PairedSettings.Quick.With(args), Console.Out).GetAwaiter().GetResult();

        // Micro-benchmark: 100 ms iterations, invocation count found by the pilot.
        var dispatchJob = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("Quick");

        Summary[] summaries = [BenchmarkRunner.Run<ReceiveDispatchBenchmarks>(Config(dispatchJob))];
        RatioTable.Print(summaries, PipelinedThroughputBenchmarks.MessageCount, Console.Out);
        return paired != 0 || summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }

    private static IConfig Config(Job job) => ManualConfig.CreateEmpty()
        .AddJob(job)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddLogger(ConsoleLogger.Default)
        .WithOptions(ConfigOptions.DisableLogFile);
}
