using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Diagnostics;
using Xunit;

namespace TypedWebSockets.TestSupport;

/// <summary>Runs every analyzer of the generator assembly (the TWS diagnostics) over a compilation.</summary>
public static class AnalyzerRunner
{
    /// <summary>Every <see cref="DiagnosticAnalyzer"/> the generator assembly ships, found the way the compiler finds them.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(DiagnosticDescriptors).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    /// <summary>
    /// The analyzers' diagnostics, including those a <c>#pragma</c> suppresses (<see cref="Diagnostic.IsSuppressed"/>),
    /// in source order (then by id and message, so two on one span keep one order). Fails the test if an analyzer threw.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Compilation compilation, IReadOnlyDictionary<string, string>? buildProperties = null)
    {
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestOptionsProvider(buildProperties));
        var withAnalyzers = compilation.WithAnalyzers(
            Analyzers,
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(timeout.Token);
        var failures = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()).ToList();
        Assert.True(failures.Count == 0, "An analyzer threw:\n" + string.Join("\n", failures));
        return diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.GetMessage(CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>
    /// The analyzers' diagnostics that are not suppressed, in source order; fails the test if an analyzer threw.
    /// For tests that run synchronously.
    /// </summary>
    public static ImmutableArray<Diagnostic> GetDiagnostics(Compilation compilation)
        => [.. GetDiagnosticsAsync(compilation).GetAwaiter().GetResult().Where(d => !d.IsSuppressed)];

    private sealed class TestOptionsProvider(IReadOnlyDictionary<string, string>? buildProperties) : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions s_empty = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(
            (buildProperties ?? new Dictionary<string, string>()).ToDictionary(p => "build_property." + p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_empty;
    }

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
