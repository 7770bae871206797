using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class MemberConflictTests
{
    private const string Contracts = """

        public sealed record JoinRoom(string Room);
        public sealed record ChatMessage(string User, string Text);
        """;

    public static TheoryData<string, string, string> UserMembers => new()
    {
        { "public void {|TWS0009:Send|}(JoinRoom message) { }", "ChatClient.Send(JoinRoom)", "the method 'Send(MyApp.JoinRoom)' for [Sends<MyApp.JoinRoom>]" },
        {
            "public ValueTask {|TWS0009:SendAsync|}(JoinRoom message, CancellationToken token) => default;",
            "ChatClient.SendAsync(JoinRoom, CancellationToken)",
            "the method 'SendAsync(MyApp.JoinRoom, CancellationToken)' for [Sends<MyApp.JoinRoom>]"
        },
        {
            "public Action<ChatMessage>? {|TWS0009:OnChatMessage|} { get; set; }",
            "ChatClient.OnChatMessage",
            "the handler property 'OnChatMessage' for [Receives<MyApp.ChatMessage>] (or set Name on that attribute)"
        },
        { "public void {|TWS0009:OnChatMessage|}() { }", "ChatClient.OnChatMessage()", "the handler property 'OnChatMessage' for [Receives<MyApp.ChatMessage>] (or set Name on that attribute)" },
        { "public static class {|TWS0009:Events|} { }", "ChatClient.Events", "the nested class 'Events' of typed listener keys" },
        { "public {|TWS0009:ChatClient|}(string address) { }", "ChatClient.ChatClient(string)", "the constructor 'ChatClient(string url)'" },
        {
            "public {|TWS0009:ChatClient|}(string address, WebSocketOptions settings) { }",
            "ChatClient.ChatClient(string, WebSocketOptions)",
            "the constructor 'ChatClient(string url, TypedWebSockets.WebSocketOptions options)'"
        },
        { "public {|TWS0009:ChatClient|}(Uri address) { }", "ChatClient.ChatClient(Uri)", "the constructor 'ChatClient(System.Uri url)'" },
        {
            "public {|TWS0009:ChatClient|}(Uri address, WebSocketOptions settings) { }",
            "ChatClient.ChatClient(Uri, WebSocketOptions)",
            "the constructor 'ChatClient(System.Uri url, TypedWebSockets.WebSocketOptions options)'"
        },
        // A non-method cannot share its name with the generated overloads, whatever their parameter types.
        { "public int {|TWS0009:Send|} { get; set; }", "ChatClient.Send", "the 'Send' methods of its sent contracts" },
        { "public int {|TWS0009:SendAsync|};", "ChatClient.SendAsync", "the 'SendAsync' methods of its sent contracts" },
        { "public event Action? {|TWS0009:DispatchMessage|};", "ChatClient.DispatchMessage", "the 'DispatchMessage' override that dispatches received contracts" },
        {
            "protected new void {|TWS0009:DispatchMessage|}(ReadOnlySpan<byte> payload, bool isText) { }",
            "ChatClient.DispatchMessage(ReadOnlySpan<byte>, bool)",
            "the 'DispatchMessage' override that dispatches received contracts"
        },
    };

    [Theory]
    [MemberData(nameof(UserMembers))]
    public async Task TWS0009_user_member_collides_with_a_generated_member(string member, string memberDisplay, string generated)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            [Receives<ChatMessage>("chat")]
            public partial class ChatClient
            {
                {{member}}
            }
            {{Contracts}}
            """,
            new Expected("TWS0009", DiagnosticSeverity.Error,
                $"The member '{memberDisplay}' conflicts with {generated}, which the generator emits into 'MyApp.ChatClient'. Rename or remove the member."));
    }

    [Fact]
    public async Task TWS0009_user_override_of_DispatchMessage_when_the_client_receives()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat")]
            public partial class ChatClient : WebSocket
            {
                protected override void {|TWS0009:DispatchMessage|}(ReadOnlySpan<byte> payload, bool isText) { }
            }

            public sealed record ChatMessage(string User, string Text);
            """,
            new Expected("TWS0009", DiagnosticSeverity.Error,
                "The member 'ChatClient.DispatchMessage(ReadOnlySpan<byte>, bool)' conflicts with the 'DispatchMessage' override that dispatches received contracts, which the generator emits into 'MyApp.ChatClient'. Rename or remove the member."));
    }

    [Fact]
    public async Task TWS0009_not_reported_for_overloads_and_members_of_other_names()
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using System;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            [Receives<ChatMessage>("chat")]
            public partial class ChatClient
            {
                public void Send(ChatMessage message) { }
                public void Send<T>(JoinRoom message) { }
                public void SendAsync(JoinRoom message) { }
                protected void DispatchMessage(ReadOnlySpan<byte> payload) { }
                public Action<ChatMessage>? OnChat { get; set; }
                public ChatClient(Uri url, int retries) { }
            }
            {{Contracts}}
            """);
    }

    public static TheoryData<string, string, string, string, string> ClientNames => new()
    {
        { "Sends<JoinRoom>(\"join\")", "Send", "Send", "Sends<MyApp.JoinRoom>", "Rename the client" },
        { "Sends<JoinRoom>(\"join\")", "SendAsync", "SendAsync", "Sends<MyApp.JoinRoom>", "Rename the client" },
        { "Receives<ChatMessage>(\"chat\")", "Events", "Events", "Receives<MyApp.ChatMessage>", "Rename the client" },
        { "Receives<ChatMessage>(\"chat\")", "DispatchMessage", "DispatchMessage", "Receives<MyApp.ChatMessage>", "Rename the client" },
        {
            "Receives<ChatMessage>(\"chat\")", "OnChatMessage", "OnChatMessage", "Receives<MyApp.ChatMessage>",
            "Rename the client, or set Name on the attribute to a different member-name stem"
        },
    };

    [Theory]
    [MemberData(nameof(ClientNames))]
    public async Task TWS0025_client_named_like_a_generated_member(string attribute, string client, string member, string attributeDisplay, string fix)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{{attribute}}]
            public partial class {|TWS0025:{{client}}|};
            {{Contracts}}
            """,
            new Expected("TWS0025", DiagnosticSeverity.Error,
                $"'MyApp.{client}' would contain the generated member '{member}' for [{attributeDisplay}], but a member cannot have the name of its enclosing type. {fix}."));
    }

    [Fact]
    public async Task TWS0025_not_reported_for_a_name_the_client_does_not_generate()
    {
        // Send only exists when the client sends; a receive-only client may be called Send.
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat")]
            public partial class Send;
            {{Contracts}}
            """);
    }

    [Fact]
    public async Task TWS0010_handler_would_hide_OnMessage()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0010:Receives<Message>("message")|}]
            public partial class ChatClient;

            public sealed record Message(string Text);
            """,
            new Expected("TWS0010", DiagnosticSeverity.Error,
                "Receives<MyApp.Message> of 'MyApp.ChatClient' would generate 'OnMessage', which hides the inherited member 'TypedWebSockets.WebSocket.OnMessage'. Set Name on the attribute to a different member-name stem."));
    }

    [Fact]
    public async Task TWS0010_name_override_would_hide_OnClose()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<Goodbye>("bye", {|TWS0010:Name = "Close"|})]
            public partial class ChatClient;

            public sealed record Goodbye(string Reason);
            """,
            new Expected("TWS0010", DiagnosticSeverity.Error,
                "Receives<MyApp.Goodbye> of 'MyApp.ChatClient' would generate 'OnClose', which hides the inherited member 'TypedWebSockets.WebSocket.OnClose'. Set Name on the attribute to a different member-name stem."));
    }

    [Theory]
    [InlineData("string", "string", "TypedWebSockets.WebSocket.Send(string)")]
    [InlineData("Data", "TypedWebSockets.Data", "TypedWebSockets.WebSocket.Send(TypedWebSockets.Data)")]
    public async Task TWS0010_sent_type_would_hide_a_raw_Send_overload(string typeArgument, string display, string baseMember)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "data")]
            [{|TWS0010:Sends<{{typeArgument}}>("text")|}]
            public partial class ChatClient;
            """,
            new Expected("TWS0010", DiagnosticSeverity.Error,
                $"Sends<{display}> of 'MyApp.ChatClient' would generate 'Send({display})', which hides the inherited member '{baseMember}'. Send it with the inherited method instead, or wrap it in a contract type."));
    }
}

public sealed class GeneratedOutputTests
{
    /// <summary>The shape the generator emits for ChatClient (DESIGN.md), as a second file with the generator's hint name.</summary>
    private const string GeneratedChatClient = """
        // <auto-generated/>
        #nullable enable

        namespace MyApp
        {
            partial class ChatClient : global::TypedWebSockets.WebSocket
            {
                public ChatClient(string url) : base(url) { }
                public ChatClient(string url, global::TypedWebSockets.WebSocketOptions options) : base(url, options) { }

                public static class Events
                {
                    public static global::TypedWebSockets.WebSocketEvent<global::MyApp.ChatMessage> ChatMessage { get; } = new("chat");
                }

                public void Send(global::MyApp.JoinRoom message) { }
                public global::System.Threading.Tasks.ValueTask SendAsync(global::MyApp.JoinRoom message, global::System.Threading.CancellationToken cancellationToken = default) => default;

                public global::System.Action<global::MyApp.ChatMessage>? OnChatMessage { get; set; }

                protected override void DispatchMessage(global::System.ReadOnlySpan<byte> payload, bool isText) { }
            }
        }
        """;

    private const string UserClient = """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<JoinRoom>("join")]
        [Receives<ChatMessage>("chat")]
        public partial class ChatClient;

        public sealed record JoinRoom(string Room);
        public sealed record ChatMessage(string User, string Text);
        """;

    [Fact]
    public async Task Generated_members_are_not_reported_as_conflicts()
    {
        var compilation = TestCompilation.Create(UserClient).AddSyntaxTrees(
            CSharpSyntaxTree.ParseText(GeneratedChatClient, TestCompilation.ParseOptions, path: "MyApp.ChatClient.WebSocketClient.g.cs"));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(await AnalyzerRunner.GetDiagnosticsAsync(compilation));
    }

    [Fact]
    public async Task Members_marked_GeneratedCode_by_the_generator_are_not_reported_as_conflicts()
    {
        var compilation = TestCompilation.Create(
            UserClient,
            """
            using System.CodeDom.Compiler;

            namespace MyApp;

            partial class ChatClient
            {
                [GeneratedCode("TypedWebSockets.Generator", "1.0.0")]
                public void Send(JoinRoom message) { }
            }
            """);
        Assert.Empty(await AnalyzerRunner.GetDiagnosticsAsync(compilation));
    }

    [Fact]
    public async Task A_user_member_is_reported_beside_the_generated_one_it_collides_with()
    {
        var compilation = TestCompilation.Create(
            UserClient.Replace("public partial class ChatClient;", "public partial class ChatClient { public void Send(JoinRoom message) { } }", System.StringComparison.Ordinal))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(GeneratedChatClient, TestCompilation.ParseOptions, path: "MyApp.ChatClient.WebSocketClient.g.cs"));
        var diagnostic = Assert.Single(await AnalyzerRunner.GetDiagnosticsAsync(compilation));
        Assert.Equal("TWS0009", diagnostic.Id);
        Assert.Equal(TestCompilation.FileName, diagnostic.Location.SourceTree?.FilePath);
        Assert.Equal("Send", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }
}
