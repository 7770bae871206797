using System;
using System.IO;

namespace TypedWebSockets.RealServers.Tests.Infrastructure;

internal static class RepoPaths
{
    /// <summary>The repository root: the nearest directory above the test assembly that holds Generators.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The graphql-ws server of these tests (server.js, package.json, package-lock.json).</summary>
    public static string GraphQLServer => Path.Combine(Root, "tests", "RealServers.Tests", "graphql-server");

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
