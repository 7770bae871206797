using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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
                public void SendAsync(JoinRoom message) { }
                public Action<ChatMessage>? OnChat { get; set; }
                public ChatClient(Uri url) { }
            }
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
