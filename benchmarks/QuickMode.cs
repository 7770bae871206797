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

/// <summary>Scenarios 2 and 3 with short in-process jobs (well under two minutes), then the ratio table.</summary>
internal static class QuickMode
{
    public const int QuickMessageCount = 5_000;

    public static int Run()
    {
        PipelinedThroughputBenchmarks.MessageCount = QuickMessageCount;

        // One invocation = all the messages; two warmups and seven measured invocations per case.
        var throughputJob = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithId("Quick");

        // Micro-benchmark: 100 ms iterations, invocation count found by the pilot.
        var dispatchJob = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("Quick");

        Summary[] summaries =
        [
            BenchmarkRunner.Run<PipelinedThroughputBenchmarks>(Config(throughputJob)),
            BenchmarkRunner.Run<ReceiveDispatchBenchmarks>(Config(dispatchJob)),
        ];

        RatioTable.Print(summaries, QuickMessageCount, Console.Out);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }

    private static IConfig Config(Job job) => ManualConfig.CreateEmpty()
        .AddJob(job)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddLogger(ConsoleLogger.Default)
        .WithOptions(ConfigOptions.DisableLogFile);
}
