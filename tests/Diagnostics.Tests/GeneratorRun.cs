using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedWebSockets.Generator;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>
/// Runs the generator the way a build does (same parse options as the test sources), so that the analyzers see the
/// compilation an IDE or a build gives them: the user's code plus the generated code.
/// </summary>
internal static class GeneratorRun
{
    /// <summary>The user's compilation with the generator's output added; fails the test if the generator threw or reported anything.</summary>
    public static Compilation WithGeneratedCode(Compilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new WebSocketClientGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.True(diagnostics.IsEmpty, "The generator reported:\n" + DiagnosticVerifier.Describe(diagnostics));
        return output;
    }

    public static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);

    /// <summary>
    /// Issue 4's rule for bad input: with the generator and the analyzers both run, no error is located in generated
    /// code (the user can neither see nor fix it there), and when the input is bad, a TWS diagnostic says so in the
    /// user's code. Also checks that the analyzers report the same with the generated code as without it (tests run
    /// them without; IDEs and builds with).
    /// </summary>
    public static async Task AssertNoErrorInGeneratedCodeAsync(
        Compilation userCompilation, IReadOnlyList<Diagnostic> withoutGenerator, bool expectDiagnostic, IReadOnlyDictionary<string, string>? buildProperties)
    {
        var output = WithGeneratedCode(userCompilation);
        var generatedErrors = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && IsGenerated(d.Location.SourceTree))
            .ToList();
        Assert.True(
            generatedErrors.Count == 0,
            "Errors in generated code:\n" + DiagnosticVerifier.Describe(generatedErrors) + "\n\nGenerated:\n"
            + string.Join("\n", output.SyntaxTrees.Where(tree => IsGenerated(tree)).Select(tree => tree.ToString())));

        var analyzerDiagnostics = (await AnalyzerRunner.GetDiagnosticsAsync(output, buildProperties)).Where(d => !d.IsSuppressed).ToList();
        Assert.DoesNotContain(analyzerDiagnostics, d => IsGenerated(d.Location.SourceTree));
        if (expectDiagnostic)
        {
            Assert.Contains(analyzerDiagnostics, d => d.Id.StartsWith("TWS", StringComparison.Ordinal) && d.Location.SourceTree?.FilePath == TestCompilation.FileName);
        }

        Assert.Equal(Describe(withoutGenerator), Describe(analyzerDiagnostics));
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d => $"{d.Id} {d.Severity} {d.Location.SourceTree?.FilePath}[{d.Location.SourceSpan}] {d.GetMessage(CultureInfo.InvariantCulture)}"));
}
