using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator.Diagnostics;
using Xunit;

namespace TypedWebSockets.Generator.Tests.Infrastructure;

/// <summary>Runs the TWS analyzers (they ship in the generator assembly) over a compilation.</summary>
internal static class AnalyzerRunner
{
    /// <summary>Every <see cref="DiagnosticAnalyzer"/> of the generator assembly, found the way the compiler finds them.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. typeof(DiagnosticDescriptors).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

    /// <summary>The analyzers' diagnostics; fails the test if an analyzer threw.</summary>
    public static ImmutableArray<Diagnostic> GetDiagnostics(Compilation compilation)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var diagnostics = compilation.WithAnalyzers(Analyzers)
            .GetAnalyzerDiagnosticsAsync(timeout.Token)
            .GetAwaiter()
            .GetResult();
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToList();
        Assert.True(failures.Count == 0, "An analyzer threw:\n" + string.Join("\n", failures));
        return diagnostics;
    }
}
