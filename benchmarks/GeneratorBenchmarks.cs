using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using TypedWebSockets.Generator;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 5: the generator on a compilation of <see cref="ClientCount"/> clients with <see cref="ContractsPerClient"/>
/// contracts each (every contract both sent and received), one file per client. Cold: a new driver on a fresh
/// compilation. Re-run: the driver that already ran, on the compilation after an edit of a file unrelated to any client
/// (nothing is emitted again). Re-run floor: the same edit under a generator that finds the same classes with
/// <c>ForAttributeWithMetadataName</c> and only reads their names, so what Roslyn costs any such generator on every
/// compilation change (a semantic model, the class symbol and its bound attributes per client) is measured apart from ours.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    public const int ClientCount = 100;
    public const int ContractsPerClient = 20;

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);
    private CSharpCompilation _compilation = null!;
    private SyntaxTree _unrelated = null!;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _warmFloorDriver = null!;
    private int _edit;

    [GlobalSetup]
    public void Setup()
    {
        var trees = Enumerable.Range(0, ClientCount)
            .Select(i => CSharpSyntaxTree.ParseText(ClientSource(i), s_parseOptions, path: $"Client{i}.cs"))
            .ToList();
        _unrelated = CSharpSyntaxTree.ParseText(UnrelatedSource(0), s_parseOptions, path: "Unrelated.cs");
        trees.Add(_unrelated);
        _compilation = CSharpCompilation.Create(
            "GeneratorBenchmarkInput",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        _warmDriver = NewDriver().RunGeneratorsAndUpdateCompilation(_compilation, out var output, out var diagnostics);
        var errors = diagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var generated = _warmDriver.GetRunResult().GeneratedTrees.Length;
        if (errors.Count > 0 || generated != ClientCount)
        {
            throw new InvalidOperationException($"The generator input is broken: {generated} files generated, errors: {string.Join(Environment.NewLine, errors.Take(5))}");
        }

        _warmFloorDriver = NewDriver(new AttributeFloorGenerator()).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "Cold run (new driver, fresh compilation)")]
    public GeneratorDriver ColdRun() => NewDriver().RunGenerators(_compilation.Clone());

    // Editing the tree and creating the compilation take about 0.3 ms of the re-run; the rest is the driver.
    [Benchmark(Description = "Re-run after an unrelated edit")]
    public GeneratorDriver RerunAfterUnrelatedEdit() => _warmDriver.RunGenerators(EditUnrelatedFile());

    [Benchmark(Description = "Re-run floor (ForAttributeWithMetadataName alone)")]
    public GeneratorDriver RerunFloor() => _warmFloorDriver.RunGenerators(EditUnrelatedFile());

    private CSharpCompilation EditUnrelatedFile()
    {
        var edited = _unrelated.WithChangedText(SourceText.From(UnrelatedSource(++_edit), Encoding.UTF8));
        return _compilation.ReplaceSyntaxTree(_unrelated, edited);
    }

    private static GeneratorDriver NewDriver(IIncrementalGenerator? generator = null) => CSharpGeneratorDriver.Create(
        [(generator ?? new WebSocketClientGenerator()).AsSourceGenerator()],
        parseOptions: s_parseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static string ClientSource(int client)
    {
        var source = new StringBuilder();
        source.Append("using System;\nusing TypedWebSockets;\n\nnamespace App.Area").Append(client).Append(";\n\n");
        for (var c = 0; c < ContractsPerClient; c++)
        {
            source.Append("public sealed record Message").Append(c).Append("(string Name, int Count, DateTimeOffset At);\n");
        }

        source.Append("\n[WebSocketClient]\n");
        for (var c = 0; c < ContractsPerClient; c++)
        {
            source.Append("[Sends<Message").Append(c).Append(">(\"m").Append(c).Append("\")]\n");
            source.Append("[Receives<Message").Append(c).Append(">(\"m").Append(c).Append("\")]\n");
        }

        source.Append("public partial class Client").Append(client).Append(";\n");
        return source.ToString();
    }

    private static string UnrelatedSource(int edit) => $"namespace App;\n\npublic static class Unrelated\n{{\n    public static int Value => {edit};\n}}\n";

    /// <summary>
    /// The least a generator built on <c>ForAttributeWithMetadataName</c> can do: find the <c>[WebSocketClient]</c>
    /// classes and read their names. Roslyn still binds each class's attributes on every new compilation.
    /// </summary>
    private sealed class AttributeFloorGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                "TypedWebSockets.WebSocketClientAttribute",
                static (_, _) => true,
                static (context, _) => context.TargetSymbol.Name);
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }

    private static ImmutableArray<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"));
        return platform
            .Append(typeof(WebSocketClientAttribute).Assembly.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
