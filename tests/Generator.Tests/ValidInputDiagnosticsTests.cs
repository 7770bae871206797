using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedWebSockets.Generator.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>
/// The valid inputs the project knows (every snapshot test's input and the samples' contracts) produce no TWS
/// diagnostic and no error, with the generated code in the compilation, as in an IDE or a build.
/// </summary>
public sealed class ValidInputDiagnosticsTests
{
    // MinimalClient has no contracts on purpose (it shows what every client gets); TWS0023 is the warning for exactly that.
    private static readonly Dictionary<string, string[]> s_expectedIds = new(StringComparer.Ordinal)
    {
        [nameof(GeneratorSnapshotTests.MinimalClient)] = ["TWS0023"],
    };

    public static TheoryData<string> SnapshotInputs => [.. GeneratorSnapshotTests.Inputs.Keys];

    [Theory]
    [MemberData(nameof(SnapshotInputs))]
    public void Snapshot_input_produces_no_diagnostic(string testName)
    {
        var output = GeneratorRunner.Run(GeneratorSnapshotTests.Inputs[testName].Sources);

        AssertNoErrors(output.Compilation);
        var reported = AnalyzerRunner.GetDiagnostics(output.Compilation);
        Assert.Equal(s_expectedIds.GetValueOrDefault(testName, []), reported.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_snapshot_input_has_its_test()
    {
        var tests = typeof(GeneratorSnapshotTests).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.IsDefined(typeof(FactAttribute)))
            .Select(method => method.Name)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(tests.Order(StringComparer.Ordinal), GeneratorSnapshotTests.Inputs.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("samples/Chat/Contracts.cs")]
    [InlineData("samples/Ticker/Contracts.cs")]
    public void Sample_contracts_produce_no_diagnostic(string path)
    {
        var file = Path.Combine(RepositoryRoot(), path);
        var source = GeneratorRunner.ParseSource(File.ReadAllText(file), file);
        var compilation = GeneratorRunner.CreateCompilation().AddSyntaxTrees(source);

        // The Ticker sample's JsonSerializerContext is completed by the System.Text.Json generator, as in its build.
        var driver = CSharpGeneratorDriver.Create(
            [new WebSocketClientGenerator().AsSourceGenerator(), .. SystemTextJsonGenerator.Load()],
            parseOptions: GeneratorRunner.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Contains(output.SyntaxTrees, tree => tree.FilePath.EndsWith(".WebSocketClient.g.cs", StringComparison.Ordinal));

        AssertNoErrors(output);
        Assert.Empty(AnalyzerRunner.GetDiagnostics(output));
    }

    private static void AssertNoErrors(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The input does not compile with the generated code:\n" + string.Join("\n", errors));
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

        throw new InvalidOperationException($"No Generators.sln above {AppContext.BaseDirectory}; the samples are read from the repository.");
    }
}
