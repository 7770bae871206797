using System;
using System.IO;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the nearest directory above the test assembly that holds Generators.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Interop => Path.Combine(Root, "tests", "Interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generators.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}: the tests must run from a build inside the repository.");
    }
}
