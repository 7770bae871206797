using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(SuiteFigures))]

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// The figures docs/reliability.md quotes: counted by the tests as they run and written, when the suite ends,
/// to <c>reliability-figures.md</c> beside the test assembly.
/// </summary>
public sealed class SuiteFigures : IAsyncDisposable
{
    private static long s_casesTried;
    private static long s_faultsSurvived;
    private static long s_messagesMoved;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public static string FileName => Path.Combine(AppContext.BaseDirectory, "reliability-figures.md");

    /// <summary>A hostile scenario, a corpus entry, or an input case that was tried.</summary>
    public static void CasesTried(long count) => Interlocked.Add(ref s_casesTried, count);

    /// <summary>A fault (protocol violation, broken connection, malformed message, throwing handler) reported and survived.</summary>
    public static void FaultsSurvived(long count) => Interlocked.Add(ref s_faultsSurvived, count);

    /// <summary>Messages that crossed a connection (each direction counted once).</summary>
    public static void MessagesMoved(long count) => Interlocked.Add(ref s_messagesMoved, count);

    public ValueTask DisposeAsync()
    {
        var text = new StringBuilder()
            .AppendLine("| figure | value |")
            .AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| cases tried | {Interlocked.Read(ref s_casesTried):N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| faults survived | {Interlocked.Read(ref s_faultsSurvived):N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| messages moved | {Interlocked.Read(ref s_messagesMoved):N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| suite duration | {_elapsed.Elapsed.TotalSeconds:F1} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| processors | {Environment.ProcessorCount} |")
            .ToString();
        File.WriteAllText(FileName, text);
        return ValueTask.CompletedTask;
    }
}
