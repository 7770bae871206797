using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Generator.Tests.Infrastructure;

/// <summary>
/// Compares generated files with committed baselines, by Verify's conventions: the baseline of the file
/// <c>{HintName}.cs</c> generated in test <c>{Class}.{Method}</c> is <c>Snapshots/{Class}.{Method}#{HintName}.verified.cs</c>
/// beside the test class. On a mismatch the actual text is written to <c>.received.cs</c> beside it and the test
/// fails with a diff; with <c>ACCEPT_SNAPSHOTS=1</c> the received text becomes the baseline instead.
/// </summary>
internal static class Snapshot
{
    private const int ContextLines = 3;

    /// <summary>Verifies every file of the run, and that no baseline of this test is left without a file.</summary>
    public static void Verify(
        GeneratorRunResult result,
        [CallerFilePath] string testFilePath = "",
        [CallerMemberName] string testMethod = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFilePath)!, "Snapshots");
        var prefix = Path.GetFileNameWithoutExtension(testFilePath) + "." + testMethod + "#";
        Assert.NotEmpty(result.GeneratedSources);

        var failures = new List<string>();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in result.GeneratedSources.OrderBy(source => source.HintName, StringComparer.Ordinal))
        {
            var stem = prefix + Path.GetFileNameWithoutExtension(source.HintName);
            expectedFiles.Add(stem + ".verified.cs");
            var failure = Compare(directory, stem, source.SourceText.ToString());
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        if (Directory.Exists(directory))
        {
            foreach (var orphan in Directory.EnumerateFiles(directory, prefix + "*.verified.cs").Select(Path.GetFileName))
            {
                if (!expectedFiles.Contains(orphan!))
                {
                    failures.Add($"{orphan} has no generated file any more; delete it if that is intended.");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static string? Compare(string directory, string stem, string actual)
    {
        var verifiedPath = Path.Combine(directory, stem + ".verified.cs");
        var receivedPath = Path.Combine(directory, stem + ".received.cs");
        actual = Normalize(actual);
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return null;
        }

        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return expected is null
            ? $"No baseline {verifiedPath}. Review {receivedPath}; rename it to .verified.cs or run with ACCEPT_SNAPSHOTS=1 to accept it."
            : $"{stem}: the generated text differs from the baseline (received text written to {receivedPath}; run with ACCEPT_SNAPSHOTS=1 to accept it).\n"
                + Diff(expected, actual);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A unified-style diff (<c>-</c> baseline, <c>+</c> received) with a few lines of context.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');

        // Longest common subsequence table, from the end, so the walk below goes forward.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Kind, string Text, int Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x], x + 1));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(('+', b[y], y + 1));
                y++;
            }
            else
            {
                lines.Add(('-', a[x], x + 1));
                x++;
            }
        }

        var output = new StringBuilder();
        var lastPrinted = -1;
        for (var index = 0; index < lines.Count; index++)
        {
            if (lines[index].Kind == ' ')
            {
                continue;
            }

            var from = Math.Max(lastPrinted + 1, index - ContextLines);
            if (from > lastPrinted + 1)
            {
                output.Append("@@ line ").Append(lines[from].Line).Append(" @@\n");
            }

            var to = index;
            while (to + 1 < lines.Count && (lines[to + 1].Kind != ' ' || NextChangeWithin(lines, to + 1, 2 * ContextLines)))
            {
                to++;
            }

            to = Math.Min(lines.Count - 1, to + ContextLines);
            for (var k = from; k <= to; k++)
            {
                output.Append(lines[k].Kind).Append(' ').Append(lines[k].Text).Append('\n');
            }

            lastPrinted = to;
            index = to;
        }

        return output.ToString();
    }

    private static bool NextChangeWithin(List<(char Kind, string Text, int Line)> lines, int start, int distance)
    {
        for (var k = start; k < lines.Count && k < start + distance; k++)
        {
            if (lines[k].Kind != ' ')
            {
                return true;
            }
        }

        return false;
    }
}
