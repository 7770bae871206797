using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>Compilations of test sources against the running framework and the TypedWebSockets runtime.</summary>
internal static class TestCompilation
{
    public const string FileName = "Test0.cs";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>The framework assemblies the tests run on (not the test's own dependencies) plus TypedWebSockets.dll.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpCompilation Create(params string[] sources) => Create(sources, References);

    public static CSharpCompilation Create(string[] sources, IEnumerable<MetadataReference> references)
    {
        var trees = sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: i == 0 ? FileName : $"Test{i}.cs"));
        return CSharpCompilation.Create("TestAssembly", trees, references, CompilationOptions);
    }

    /// <summary>The framework without the TypedWebSockets runtime.</summary>
    public static IEnumerable<MetadataReference> FrameworkReferences
        => References.Where(reference => !string.Equals(reference.Display, typeof(WebSocket).Assembly.Location, StringComparison.Ordinal));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
                      ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set; the tests need the running framework's assemblies.");
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)
                                 ?? throw new InvalidOperationException("The location of System.Private.CoreLib is unknown.");
        return trusted.Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Append(typeof(WebSocket).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
