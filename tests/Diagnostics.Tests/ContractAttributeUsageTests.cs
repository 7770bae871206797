using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class ContractAttributeUsageTests
{
    [Fact]
    public async Task TWS0022_contract_attributes_without_WebSocketClient()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [{|TWS0022:Sends<JoinRoom>("join")|}]
            [{|TWS0022:Receives<ChatMessage>|}]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            public sealed record ChatMessage(string User, string Text);
            """,
            new Expected("TWS0022", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' has [Sends<MyApp.JoinRoom>] but no [WebSocketClient], so the attribute has no effect. Add [WebSocketClient] to 'MyApp.ChatClient' or remove the attribute."),
            new Expected("TWS0022", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' has [Receives<MyApp.ChatMessage>] but no [WebSocketClient], so the attribute has no effect. Add [WebSocketClient] to 'MyApp.ChatClient' or remove the attribute."));
    }
}
