using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class ContractListTests
{
    [Fact]
    public async Task TWS0005_received_discriminator_used_twice()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat")]
            [{|TWS0005:Receives<Notice>("chat")|}]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            public sealed record Notice(string Text);
            """,
            new Expected("TWS0005", DiagnosticSeverity.Error,
                "Receives<MyApp.Notice> of 'MyApp.ChatClient' uses the discriminator 'chat', which Receives<MyApp.ChatMessage> already uses, so messages with it could never reach Receives<MyApp.Notice>. Give each received contract its own discriminator."));
    }

    [Fact]
    public async Task TWS0005_explicit_discriminator_equal_to_a_default_one()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("notice")]
            [{|TWS0005:Receives<Notice>|}]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            public sealed record Notice(string Text);
            """,
            new Expected("TWS0005", DiagnosticSeverity.Error,
                "Receives<MyApp.Notice> of 'MyApp.ChatClient' uses the discriminator 'notice', which Receives<MyApp.ChatMessage> already uses, so messages with it could never reach Receives<MyApp.Notice>. Give each received contract its own discriminator."));
    }

    [Fact]
    public async Task TWS0005_default_discriminator_of_closed_generic_is_camel_cased_stem()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "data")]
            [Receives<Page<Item>>]
            [{|TWS0005:Receives<Item>("pageOfItem")|}]
            public partial class ChatClient;

            public sealed record Page<T>(T[] Items);
            public sealed record Item(string Name);
            """,
            new Expected("TWS0005", DiagnosticSeverity.Error,
                "Receives<MyApp.Item> of 'MyApp.ChatClient' uses the discriminator 'pageOfItem', which Receives<MyApp.Page<MyApp.Item>> already uses, so messages with it could never reach Receives<MyApp.Item>. Give each received contract its own discriminator."));
    }

    [Fact]
    public async Task TWS0006_sent_discriminator_used_twice()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<ChatMessage>("chat")]
            [{|TWS0006:Sends<ChatMessageWithImage>("chat")|}]
            public partial class ChatClient;

            public sealed record ChatMessage(string Text);
            public sealed record ChatMessageWithImage(string Text, string ImageUrl);
            """,
            new Expected("TWS0006", DiagnosticSeverity.Warning,
                "Sends<MyApp.ChatMessageWithImage> of 'MyApp.ChatClient' uses the discriminator 'chat', which Sends<MyApp.ChatMessage> already uses, so the server cannot tell the two apart. Give each sent contract its own discriminator, or suppress this warning if both shapes are meant to share it."));
    }

    [Fact]
    public async Task TWS0007_contract_type_listed_twice_in_one_direction()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            [Receives<JoinRoom>("join")]
            [{|TWS0007:Sends<JoinRoom>("enter")|}]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0007", DiagnosticSeverity.Error,
                "'MyApp.JoinRoom' is listed twice in the Sends contracts of 'MyApp.ChatClient', which would generate the same members twice. Remove the duplicate [Sends<MyApp.JoinRoom>] attribute."));
    }

    [Fact]
    public async Task TWS0008_same_type_name_in_two_namespaces()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp
            {
                [WebSocketClient]
                [Receives<Rooms.Update>("room")]
                [{|TWS0008:Receives<Users.Update>("user")|}]
                public partial class ChatClient;
            }

            namespace Rooms { public sealed record Update(string Room); }
            namespace Users { public sealed record Update(string User); }
            """,
            new Expected("TWS0008", DiagnosticSeverity.Error,
                "Receives<Rooms.Update> and Receives<Users.Update> of 'MyApp.ChatClient' would both generate the handler 'OnUpdate' and the listener key 'Events.Update'. Set Name on one of the attributes to a different member-name stem."));
    }

    [Fact]
    public async Task TWS0008_name_override_equal_to_another_stem()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat")]
            [Receives<Notice>("notice", {|TWS0008:Name = "ChatMessage"|})]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            public sealed record Notice(string Text);
            """,
            new Expected("TWS0008", DiagnosticSeverity.Error,
                "Receives<MyApp.ChatMessage> and Receives<MyApp.Notice> of 'MyApp.ChatClient' would both generate the handler 'OnChatMessage' and the listener key 'Events.ChatMessage'. Set Name on one of the attributes to a different member-name stem."));
    }

    [Fact]
    public async Task TWS0019_blank_discriminator_value()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>({|TWS0019:""|})]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The discriminator value of Sends<MyApp.JoinRoom> of 'MyApp.ChatClient' is null, empty or whitespace, which the wire format cannot use. Pass a non-blank discriminator, or remove the argument to use the default 'joinRoom'."));
    }

    [Fact]
    public async Task TWS0025_received_stem_Events()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<Notice>("notice", {|TWS0025:Name = "Events"|})]
            public partial class ChatClient;

            [WebSocketClient]
            [{|TWS0025:Receives<Calendar.Events>("events")|}]
            public partial class CalendarClient;

            public sealed record Notice(string Text);
            namespace Calendar { public sealed record Events(int Count); }
            """,
            new Expected("TWS0025", DiagnosticSeverity.Error,
                "'MyApp.ChatClient.Events' would contain the generated member 'Events' for [Receives<MyApp.Notice>], but a member cannot have the name of its enclosing type. Set Name on the attribute to a different member-name stem."),
            new Expected("TWS0025", DiagnosticSeverity.Error,
                "'MyApp.CalendarClient.Events' would contain the generated member 'Events' for [Receives<MyApp.Calendar.Events>], but a member cannot have the name of its enclosing type. Set Name on the attribute to a different member-name stem."));
    }

    [Theory]
    [InlineData("x\\uD800", "D800", 1)]
    [InlineData("\\uDE00chat", "DE00", 0)]
    [InlineData("chat\\uDE00\\uD83D", "DE00", 4)]
    public async Task TWS0026_discriminator_with_an_unpaired_surrogate(string escaped, string codeUnit, int index)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>({|TWS0026:"{{escaped}}"|})]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            """,
            new Expected("TWS0026", DiagnosticSeverity.Error,
                $"The discriminator of Receives<MyApp.ChatMessage> on 'MyApp.ChatClient' contains the unpaired surrogate U+{codeUnit} at index {index}, which has no UTF-8 encoding, so it could not be written or matched on the wire. Remove it or complete the surrogate pair."));
    }

    [Fact]
    public async Task TWS0026_not_reported_for_surrogate_pairs()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat\uD83D\uDE00")]
            [Sends<ChatMessage>("🎉")]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            """);
    }

    [Theory]
    [InlineData("on message")]
    [InlineData("class")]
    [InlineData("")]
    [InlineData("1st")]
    public async Task TWS0021_name_is_not_an_identifier(string name)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat", {|TWS0021:Name = "{{name}}"|})]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            """,
            new Expected("TWS0021", DiagnosticSeverity.Error,
                $"The Name '{name}' of Receives<MyApp.ChatMessage> on 'MyApp.ChatClient' is not a valid C# identifier, so the generated members could not be declared. Use an identifier such as 'ChatMessage'."));
    }
}
