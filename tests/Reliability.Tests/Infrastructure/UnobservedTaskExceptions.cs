using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

/// <summary>
/// Collects <see cref="TaskScheduler.UnobservedTaskException"/> for the whole test process. A test takes a
/// <see cref="Mark"/> before its scenario and, once every reference to its client is gone, calls
/// <see cref="AssertNoneSince"/>, which forces the finalizers that raise the event.
/// </summary>
internal static class UnobservedTaskExceptions
{
    private static readonly object s_lock = new();
    private static readonly List<Exception> s_seen = new();

    [ModuleInitializer]
    internal static void Install()
        => TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            lock (s_lock)
            {
                s_seen.Add(e.Exception);
            }
        };

    public static int Mark()
    {
        lock (s_lock)
        {
            return s_seen.Count;
        }
    }

    /// <summary>
    /// Collects garbage (twice, so that tasks released by the first round of finalizers are finalized too) and asserts
    /// that no task exception went unobserved since <paramref name="mark"/>. The unobserved ones that mention
    /// <paramref name="marker"/> (the test's URL) are named first, but any is a failure: a faulted task nobody awaited.
    /// </summary>
    public static void AssertNoneSince(int mark, string marker)
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Exception[] seen;
        lock (s_lock)
        {
            seen = s_seen.Skip(mark).ToArray();
        }

        var mine = seen.Where(e => e.ToString().Contains(marker, StringComparison.Ordinal)).ToArray();
        Assert.True(seen.Length == 0, $"{seen.Length} unobserved task exception(s) ({mine.Length} naming {marker}):\n{string.Join("\n---\n", mine.Concat(seen.Except(mine)))}");
    }
}
