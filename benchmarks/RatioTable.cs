using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Reports;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// The compact table: for each case, every contender's time and bytes allocated per message, and ours ÷ theirs for
/// each of our variants (throughput: above 1 means ours is faster; bytes: below 1 means ours allocates less).
/// </summary>
internal static class RatioTable
{
    public static void Print(IEnumerable<Summary> summaries, int messageCount, TextWriter output)
    {
        foreach (var summary in summaries)
        {
            var reports = summary.Reports.Where(report => report.Success && report.ResultStatistics is not null).ToList();
            if (reports.Count == 0)
            {
                continue;
            }

            var type = reports[0].BenchmarkCase.Descriptor.Type;
            Func<string, bool> isOurs;
            int perOperation;
            if (type == typeof(PipelinedThroughputBenchmarks))
            {
                isOurs = method => method.StartsWith("Typed", StringComparison.Ordinal);
                perOperation = messageCount;
                output.WriteLine($"\n## Pipelined echo throughput ({messageCount:N0} messages per operation; per-message figures)");
            }
            else if (type == typeof(EchoRoundTripBenchmarks))
            {
                isOurs = method => method.StartsWith("Typed", StringComparison.Ordinal);
                perOperation = 1;
                output.WriteLine("\n## Echo round trip (one message in flight)");
            }
            else if (type == typeof(ReceiveDispatchBenchmarks))
            {
                isOurs = method => method == nameof(ReceiveDispatchBenchmarks.Generated);
                perOperation = 1; // OperationsPerInvoke already divides by the batch size.
                output.WriteLine($"\n## Receive dispatch ({ReceiveDispatchBenchmarks.BatchSize} mixed messages, per message)");
            }
            else if (type == typeof(RequestRoundTripBenchmarks))
            {
                isOurs = method => method.StartsWith("Typed", StringComparison.Ordinal);
                perOperation = 1;
                output.WriteLine("\n## JSON-RPC request round trip (one request in flight)");
            }
            else if (type == typeof(SubscriptionThroughputBenchmarks))
            {
                isOurs = method => method.StartsWith("Typed", StringComparison.Ordinal);
                perOperation = SubscriptionThroughputBenchmarks.ItemCount;
                output.WriteLine($"\n## Subscription item throughput ({SubscriptionThroughputBenchmarks.ItemCount:N0} items per operation; per-item figures)");
            }
            else
            {
                continue;
            }

            var ourMethods = reports.Select(Method).Where(isOurs).Distinct().ToList();
            output.Write("| case | contender | ns/msg | msg/s | B/msg |");
            foreach (var ours in ourMethods)
            {
                output.Write($" {ours} ÷ them: msg/s | {ours} ÷ them: B |");
            }

            output.WriteLine();
            output.WriteLine("|---|---|---:|---:|---:|" + string.Concat(Enumerable.Repeat("---:|---:|", ourMethods.Count)));
            foreach (var group in reports.GroupBy(report => report.BenchmarkCase.Parameters.DisplayInfo))
            {
                foreach (var report in group)
                {
                    var nanoseconds = report.ResultStatistics!.Mean / perOperation;
                    var bytes = Bytes(report) / perOperation;
                    output.Write(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {group.Key.Trim('[', ']')} | {Description(report)} | {nanoseconds:N0} | {1e9 / nanoseconds:N0} | {bytes:N0} |"));
                    foreach (var ours in ourMethods)
                    {
                        var ourReport = group.FirstOrDefault(candidate => Method(candidate) == ours);
                        if (ourReport is null || ourReport == report)
                        {
                            output.Write(" | |");
                            continue;
                        }

                        var ourNanoseconds = ourReport.ResultStatistics!.Mean / perOperation;
                        var ourBytes = Bytes(ourReport) / perOperation;
                        var bytesRatio = bytes == 0 ? (ourBytes == 0 ? "1.00" : "∞") : (ourBytes / bytes).ToString("0.00", CultureInfo.InvariantCulture);
                        output.Write(string.Create(CultureInfo.InvariantCulture, $" {nanoseconds / ourNanoseconds:0.00} | {bytesRatio} |"));
                    }

                    output.WriteLine();
                }
            }
        }
    }

    private static string Method(BenchmarkReport report) => report.BenchmarkCase.Descriptor.WorkloadMethod.Name;

    private static string Description(BenchmarkReport report) => report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');

    private static double Bytes(BenchmarkReport report)
        => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN;
}
