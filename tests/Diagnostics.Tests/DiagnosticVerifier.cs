using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>One diagnostic a test expects, in the order of the markup spans.</summary>
internal sealed record Expected(string Id, DiagnosticSeverity Severity, string Message);

/// <summary>
/// Verifies analyzer diagnostics against markup: <c>{|TWS0001:ChatClient|}</c> marks the exact span a diagnostic with
/// that id must have. Each <see cref="Expected"/> gives the id, severity and message of the span at the same position.
/// Every source verified here is also run through the generator (<see cref="GeneratorRun.AssertNoErrorInGeneratedCodeAsync"/>):
/// no error may land in generated code, and bad input must be reported in the user's code.
/// </summary>
internal static class DiagnosticVerifier
{
    public static async Task VerifyAsync(string markup, params Expected[] expected)
        => await VerifyAsync(markup, buildProperties: null, expected);

    public static async Task VerifyAsync(string markup, IReadOnlyDictionary<string, string>? buildProperties, params Expected[] expected)
        => await VerifyAsync(markup, buildProperties, TestCompilation.References, expected);

    /// <summary>Verifies against a compilation with the given <paramref name="references"/> instead of the framework and the runtime.</summary>
    public static async Task VerifyAsync(string markup, IReadOnlyDictionary<string, string>? buildProperties, IEnumerable<MetadataReference> references, params Expected[] expected)
    {
        var (source, spans) = Markup.Parse(markup);
        Assert.True(spans.Count == expected.Length, $"The markup has {spans.Count} spans but {expected.Length} diagnostics are expected.");

        var compilation = TestCompilation.Create([source], references);
        var diagnostics = (await AnalyzerRunner.GetDiagnosticsAsync(compilation, buildProperties))
            .Where(d => !d.IsSuppressed)
            .ToList();
        Assert.True(diagnostics.Count == expected.Length, $"Expected {expected.Length} diagnostics, got {diagnostics.Count}:\n{Describe(diagnostics)}");

        for (var i = 0; i < expected.Length; i++)
        {
            var actual = diagnostics[i];
            var (id, span) = spans[i];
            Assert.Equal(expected[i].Id, id);
            Assert.Equal(id, actual.Id);
            Assert.Equal(TestCompilation.FileName, actual.Location.SourceTree?.FilePath);
            Assert.Equal(span, actual.Location.SourceSpan);
            Assert.Equal(expected[i].Severity, actual.Severity);
            Assert.Equal(expected[i].Message, actual.GetMessage(CultureInfo.InvariantCulture));
            Assert.Equal("https://github.com/typedwebsockets/typedwebsockets/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant(), actual.Descriptor.HelpLinkUri);
        }

        await GeneratorRun.AssertNoErrorInGeneratedCodeAsync(compilation, diagnostics, expectDiagnostic: expected.Length > 0, buildProperties);
    }

    /// <summary>
    /// Asserts that <paramref name="sources"/> compile without errors and without any analyzer diagnostic, both alone
    /// and with the generator's output added.
    /// </summary>
    public static async Task VerifyCleanAsync(params string[] sources)
    {
        var compilation = TestCompilation.Create(sources);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, $"The test source does not compile:\n{Describe(errors)}");
        var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(compilation);
        Assert.True(diagnostics.IsEmpty, $"Expected no diagnostics, got:\n{Describe(diagnostics)}");

        var generated = GeneratorRun.WithGeneratedCode(compilation);
        Assert.True(generated.SyntaxTrees.Any(tree => GeneratorRun.IsGenerated(tree)), "The generator generated nothing for a valid client.");
        var generatedErrors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(generatedErrors.Count == 0, $"The source does not compile with the generated code:\n{Describe(generatedErrors)}");
        var withGenerated = await AnalyzerRunner.GetDiagnosticsAsync(generated);
        Assert.True(withGenerated.IsEmpty, $"Expected no diagnostics with the generated code, got:\n{Describe(withGenerated)}");
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d => $"  {d.Id} {d.Severity} {d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().Span} [{d.Location.SourceSpan}]: {d.GetMessage(CultureInfo.InvariantCulture)}"));
}

/// <summary>Parses <c>{|ID:text|}</c> markup into plain source and the marked spans, in source order.</summary>
internal static class Markup
{
    public static (string Source, List<(string Id, TextSpan Span)> Spans) Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, int Start)>();
        var spans = new List<(string Id, TextSpan Span)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                Assert.True(colon > 0, $"Markup '{{|' at {i} has no ':' after the id.");
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                spans.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        Assert.True(open.Count == 0, "Unclosed '{|' markup.");
        spans.Sort((left, right) => left.Span.Start != right.Span.Start ? left.Span.Start.CompareTo(right.Span.Start) : string.CompareOrdinal(left.Id, right.Id));
        return (source.ToString(), spans);
    }
}
