using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Diagnostics;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>The descriptors, the analyzers that report them, the release tracking file and the docs agree.</summary>
public sealed class DescriptorTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Ids_are_numbered_in_order_with_one_category_and_help_link()
    {
        Assert.NotEmpty(s_descriptors);
        for (var i = 0; i < s_descriptors.Length; i++)
        {
            var descriptor = s_descriptors[i];
            Assert.Equal($"TWS{i + 1:D4}", descriptor.Id);
            Assert.Equal("TypedWebSockets", descriptor.Category);
            Assert.Equal(DiagnosticDescriptors.HelpLinkBase + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), $"{descriptor.Id} has no description.");
        }
    }

    [Fact]
    public void Every_descriptor_is_reported_by_an_analyzer()
    {
        var supported = AnalyzerRunner.Analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.All(s_descriptors, descriptor => Assert.Contains(descriptor.Id, supported));
    }

    [Fact]
    public void Release_tracking_lists_every_id_with_its_severity()
    {
        var unshipped = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src", "Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in s_descriptors)
        {
            var row = Assert.Single(unshipped, line => line.StartsWith(descriptor.Id + " ", StringComparison.Ordinal));
            var cells = row.Split('|').Select(cell => cell.Trim()).ToArray();
            Assert.Equal(descriptor.Category, cells[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
        }
    }

    [Fact]
    public void Docs_have_an_anchor_and_a_section_per_id()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        foreach (var descriptor in s_descriptors)
        {
            Assert.Contains($"<a id=\"{descriptor.Id.ToLowerInvariant()}\"></a>\n## {descriptor.Id}: {descriptor.Title}\n", docs, StringComparison.Ordinal);
            Assert.Contains($"| [{descriptor.Id}](#{descriptor.Id.ToLowerInvariant()}) | {descriptor.DefaultSeverity} | {descriptor.Title} |", docs, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every id has a test that pins its id, severity, message and exact span: an <c>Expected</c> with the descriptor's
    /// severity (which <see cref="DiagnosticVerifier"/> checks against a <c>{|ID:...|}</c> span) in this project's tests.
    /// </summary>
    [Fact]
    public void Every_id_is_verified_by_a_test_with_its_severity_message_and_span()
    {
        var testDirectory = Path.Combine(RepositoryRoot(), "tests", "Diagnostics.Tests");
        var tests = Directory.EnumerateFiles(testDirectory, "*Tests.cs").Select(File.ReadAllText).ToList();
        Assert.NotEmpty(tests);
        var expectations = tests
            .SelectMany(text => Regex.Matches(text, @"new Expected\(""(?<id>TWS\d{4})"", DiagnosticSeverity\.(?<severity>\w+),"))
            .Select(match => (Id: match.Groups["id"].Value, Severity: match.Groups["severity"].Value))
            .ToHashSet();
        var spans = tests.SelectMany(text => Regex.Matches(text, @"\{\|(?<id>TWS\d{4}):")).Select(match => match.Groups["id"].Value).ToHashSet();

        foreach (var descriptor in s_descriptors)
        {
            Assert.True(
                expectations.Contains((descriptor.Id, descriptor.DefaultSeverity.ToString())),
                $"No test expects {descriptor.Id} with severity {descriptor.DefaultSeverity} (new Expected(\"{descriptor.Id}\", DiagnosticSeverity.{descriptor.DefaultSeverity}, ...)).");
            Assert.True(spans.Contains(descriptor.Id), $"No test marks the span of {descriptor.Id} ({{|{descriptor.Id}:...|}}).");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}.");
    }
}
