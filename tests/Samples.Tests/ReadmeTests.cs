using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedWebSockets.Generator;
using TypedWebSockets.Samples.Chat;
using Xunit;

namespace TypedWebSockets.Samples.Tests;

// The README's C# blocks, each compiled as the whole Program.cs of a `dotnet new console` app on the package (implicit
// usings and nullable on, the generator and its analyzers run), and the quick start run against the Chat sample's server.
[Collection(nameof(ConsoleWriters))]
public sealed class ReadmeTests
{
    // Where the quick start connects: the Chat sample's server started with `-- --serve`.
    private const string QuickStartUrl = "ws://127.0.0.1:5000/chat";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // What the SDK's implicit usings give a console app.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<int> Blocks => [.. Enumerable.Range(0, CSharpBlocks().Count)];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Each_csharp_block_compiles_as_a_program_with_no_diagnostics(int block)
    {
        var compilation = Compile(CSharpBlocks()[block]);

        var problems = compilation.GetDiagnostics()
            .Concat(AnalyzerDiagnostics(compilation))
            .Where(d => d.Severity != DiagnosticSeverity.Hidden)
            .ToList();
        Assert.True(problems.Count == 0, $"README C# block {block + 1}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task The_quick_start_joins_the_room_says_hello_and_prints_the_reply_its_handler_got()
    {
        var quickStart = Assert.Single(CSharpBlocks(), block => block.Contains(QuickStartUrl, StringComparison.Ordinal));
        await using var server = await ChatServer.StartAsync();

        // Someone already in the room sees what the quick start makes the server do.
        var seen = new BlockingCollection<string>();
        await using var grace = new ChatClient(server.Url)
        {
            OnUserJoined = j => seen.Add($"joined {j.User} #{j.Room}"),
            OnChatMessage = m => seen.Add($"chat {m.User}: {m.Text}"),
            OnUserLeft = l => seen.Add($"left {l.User} #{l.Room}"),
        };
        grace.OnOpen = () => grace.Send(new JoinRoom("lobby", "grace"));
        Assert.Equal("joined grace #lobby", Take(seen));

        var printed = await RunAsync(Compile(quickStart.Replace(QuickStartUrl, server.Url, StringComparison.Ordinal)));

        Assert.Equal("ada: Hello!" + Environment.NewLine, printed);
        Assert.Equal(["joined ada #lobby", "chat ada: Hello!", "left ada #lobby"], [Take(seen), Take(seen), Take(seen)]);
    }

    /// <summary>The contents of the README's <c>```csharp</c> blocks, in order.</summary>
    private static List<string> CSharpBlocks()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var blocks = Regex.Matches(readme, @"^```csharp\n(.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(match => match.Groups[1].Value)
            .ToList();
        Assert.True(blocks.Count >= 2, $"README.md has {blocks.Count} C# blocks; it shows at least the quick start and the plain socket.");
        return blocks;
    }

    /// <summary>The program and the generator's output, compiled against the running framework and TypedWebSockets.</summary>
    private static Compilation Compile(string program)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "ReadmeProgram",
            [CSharpSyntaxTree.ParseText(program, parseOptions, "Program.cs"), CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions, "GlobalUsings.g.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new WebSocketClientGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        return output;
    }

    /// <summary>What the TWS analyzers (they ship in the generator assembly) report.</summary>
    private static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
    {
        var analyzers = typeof(WebSocketClientGenerator).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        Assert.NotEmpty(analyzers);
        return compilation.WithAnalyzers(analyzers).GetAllDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult()
            .Where(d => d.Id.StartsWith("TWS", StringComparison.Ordinal) || d.Id == "AD0001")
            .ToImmutableArray();
    }

    /// <summary>Emits the program, runs its entry point and returns what it wrote to the console.</summary>
    private static async Task<string> RunAsync(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("ReadmeProgram", isCollectible: true);
        var console = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            image.Position = 0;
            var entryPoint = context.LoadFromStream(image).EntryPoint!;
            await Task.Run(() =>
            {
                try
                {
                    entryPoint.Invoke(null, [Array.Empty<string>()]);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw new InvalidOperationException($"The quick start failed; it printed:\n{output}", e.InnerException);
                }
            }).WaitAsync(Timeout, TestContext.Current.CancellationToken);
            return output.ToString();
        }
        finally
        {
            Console.SetOut(console);
            context.Unload();
        }
    }

    private static string Take(BlockingCollection<string> seen)
    {
        Assert.True(seen.TryTake(out var item, Timeout), "The chat server sent nothing more to the client in the room.");
        return item;
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The running framework (Microsoft.NETCore.App only, as a console app has) plus TypedWebSockets.dll.
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Append(typeof(WebSocket).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });
}

/// <summary>Tests that redirect <see cref="Console.Out"/> run alone.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class ConsoleWriters;
