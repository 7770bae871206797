using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TypedWebSockets.Generator.Tests.Infrastructure;

/// <summary>Compiles test sources against the runtime and runs the generator on them in-process.</summary>
internal static class GeneratorRunner
{
    /// <summary>
    /// The parse options of the test compilations and of the generator driver (they must be the same, or the
    /// generated trees and the user's trees disagree). Documentation is diagnosed so that bad crefs fail the tests.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Preview)
        .WithDocumentationMode(DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(CreateReferences);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((source, index) => ParseSource(source, $"Source{index}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static SyntaxTree ParseSource(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new WebSocketClientGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; asserts it neither threw nor reported anything.</summary>
    public static GeneratorOutput Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorOutput Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(diagnostics);
        Assert.Empty(result.Diagnostics);
        return new GeneratorOutput(result, output);
    }

    /// <summary>
    /// Asserts that the compilation (user code plus generated code) has no errors and no warnings, except missing XML
    /// documentation on the test's own public types: the generated code must document everything it makes public.
    /// </summary>
    public static void AssertCompilesCleanly(Compilation compilation)
    {
        var problems = compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Where(diagnostic => !(diagnostic.Id == "CS1591" && !IsGenerated(diagnostic.Location.SourceTree)))
            .ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));
    }

    private static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);

    // The shared framework (from the trusted platform assemblies of this process) plus the runtime assembly.
    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var paths = new List<string>();
        foreach (var path in trusted)
        {
            if (string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal) && IsManagedAssembly(path))
            {
                paths.Add(path);
            }
        }

        paths.Add(typeof(WebSocket).Assembly.Location);
        return [.. paths.Order(StringComparer.Ordinal).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }

    private static bool IsManagedAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        return reader.HasMetadata;
    }
}

/// <summary>One run of the generator: its result and the compilation with the generated trees added.</summary>
internal sealed record GeneratorOutput(GeneratorRunResult Result, Compilation Compilation)
{
    public GeneratedSourceResult Source(string hintName)
    {
        var matches = Result.GeneratedSources.Where(source => source.HintName == hintName).ToList();
        Assert.True(
            matches.Count == 1,
            $"Expected one generated file named {hintName}; got: {string.Join(", ", Result.GeneratedSources.Select(source => source.HintName))}");
        return matches[0];
    }

    public IEnumerable<string> HintNames => Result.GeneratedSources.Select(source => source.HintName);
}
