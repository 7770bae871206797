using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>What keeps the generator from reading a client at all: missing runtime types and attributes with errors.</summary>
public sealed class GeneratorInputTests
{
    [Fact]
    public async Task TWS0027_runtime_types_missing()
    {
        // The attribute declared by hand, without the runtime: the generator finds the client but nothing to derive it from.
        await DiagnosticVerifier.VerifyAsync(
            """
            namespace TypedWebSockets
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class WebSocketClientAttribute : System.Attribute { }
            }

            namespace MyApp
            {
                [{|TWS0023:{|TWS0027:TypedWebSockets.WebSocketClient|}|}]
                public partial class ChatClient;
            }
            """,
            buildProperties: null,
            TestCompilation.FrameworkReferences,
            new Expected("TWS0023", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' has no [Sends<T>] or [Receives<T>] attribute, so the generated client adds nothing to TypedWebSockets.WebSocket. Declare its messages with [Sends<T>] and [Receives<T>], or use TypedWebSockets.WebSocket directly."),
            new Expected("TWS0027", DiagnosticSeverity.Error,
                "'MyApp.ChatClient' cannot be generated because the compilation has no 'TypedWebSockets.WebSocket', 'TypedWebSockets.WebSocketOptions', 'TypedWebSockets.SendsAttribute<T>' or 'TypedWebSockets.ReceivesAttribute<T>'. Reference the TypedWebSockets package, and no other assembly that declares its types."));
    }

    [Fact]
    public async Task TWS0027_runtime_type_declared_by_two_referenced_assemblies()
    {
        var impostor = CSharpCompilation.Create(
            "Impostor",
            [CSharpSyntaxTree.ParseText("namespace TypedWebSockets { public class WebSocket { } }", TestCompilation.ParseOptions)],
            TestCompilation.FrameworkReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [{|TWS0027:WebSocketClient|}]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            buildProperties: null,
            TestCompilation.References.Append(impostor.ToMetadataReference()),
            new Expected("TWS0027", DiagnosticSeverity.Error,
                "'MyApp.ChatClient' cannot be generated because 'TypedWebSockets.WebSocket' is declared by more than one referenced assembly. Reference the TypedWebSockets package, and no other assembly that declares its types."));
    }

    [Fact]
    public async Task TWS0028_contract_type_that_does_not_exist()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0028:Sends<JoinRom>("join")|}]
            [Receives<ChatMessage>("chat")]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' is not generated because [Sends<JoinRom>(\"join\")] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_argument_of_the_wrong_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [{|TWS0028:WebSocketClient(Envelope = 3)|}]
            [{|TWS0028:Receives<ChatMessage>(true)|}]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' is not generated because [WebSocketClient(Envelope = 3)] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."),
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' is not generated because [Receives<ChatMessage>(true)] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_unbound_generic_contract()
    {
        // The compiler reports CS7003 on the attribute and binds the argument as Page<T> with T unresolved: nothing may
        // be generated from it, or the errors would land in generated code (global::MyApp.Page<T>).
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0028:Receives<Page<>>("page")|}]
            [Sends<Item>("item")]
            public partial class CatalogClient;

            public sealed record Page<T>(T[] Items);
            public sealed record Item(string Name);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.CatalogClient' is not generated because [Receives<Page<>>(\"page\")] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_partly_unbound_generic_contract_and_request()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0028:Sends<Dictionary<string, Page<>>>("pages")|}]
            [{|TWS0028:Requests<Item, List<Page<>>>("find")|}]
            [Receives<Item>("item")]
            public partial class CatalogClient;

            public sealed record Page<T>(T[] Items);
            public sealed record Item(string Name);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.CatalogClient' is not generated because [Sends<Dictionary<string, Page<>>>(\"pages\")] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."),
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.CatalogClient' is not generated because [Requests<Item, List<Page<>>>(\"find\")] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_SendsProperty_with_a_value_of_no_supported_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<Item>("item")]
            [{|TWS0028:SendsProperty("ratio", 1.5)|}]
            public partial class CatalogClient;

            public sealed record Item(string Name);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.CatalogClient' is not generated because [SendsProperty(\"ratio\", 1.5)] has errors, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_WebSocketClient_applied_twice()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            [{|TWS0028:WebSocketClient(Envelope = "data")|}]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' is not generated because [WebSocketClient(Envelope = \"data\")] is applied more than once, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_base_type_that_does_not_exist()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient : {|TWS0028:IChatClent|};

            public interface IChatClient;
            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0028", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' is not generated because its base type 'IChatClent' cannot be resolved, so none of its generated members exist yet. Fix the error the compiler reports there."));
    }

    [Fact]
    public async Task TWS0028_stands_beside_the_compiler_error_it_explains()
    {
        var compilation = TestCompilation.Create(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRom>("join")]
            public partial class ChatClient;
            """);
        var compilerError = Assert.Single(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS0246", compilerError.Id);
        var warning = Assert.Single(await AnalyzerRunner.GetDiagnosticsAsync(compilation));
        Assert.Equal("TWS0028", warning.Id);
        Assert.True(warning.Location.SourceSpan.Contains(compilerError.Location.SourceSpan), $"{warning} does not cover {compilerError}.");
    }
}
