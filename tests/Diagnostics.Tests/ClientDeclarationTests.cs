using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class ClientDeclarationTests
{
    [Fact]
    public async Task TWS0001_client_class_is_not_partial()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public sealed class {|TWS0001:ChatClient|};

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0001", DiagnosticSeverity.Error,
                "The [WebSocketClient] class 'MyApp.ChatClient' must be declared partial so the generator can complete it. Add the 'partial' modifier."));
    }

    [Fact]
    public async Task TWS0002_each_containing_type_that_is_not_partial()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public static class {|TWS0002:Outer|}
            {
                public partial class Middle
                {
                    internal struct {|TWS0002:Inner|}
                    {
                        [WebSocketClient]
                        [Sends<JoinRoom>("join")]
                        internal partial class ChatClient;
                    }
                }
            }

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0002", DiagnosticSeverity.Error,
                "'MyApp.Outer' contains the [WebSocketClient] class 'MyApp.Outer.Middle.Inner.ChatClient' and must be declared partial so the generated code can extend it. Add the 'partial' modifier to 'MyApp.Outer'."),
            new Expected("TWS0002", DiagnosticSeverity.Error,
                "'MyApp.Outer.Middle.Inner' contains the [WebSocketClient] class 'MyApp.Outer.Middle.Inner.ChatClient' and must be declared partial so the generated code can extend it. Add the 'partial' modifier to 'MyApp.Outer.Middle.Inner'."));
    }

    [Fact]
    public async Task TWS0002_containing_type_declared_elsewhere_without_partial()
    {
        // The generated file re-declares every declaration's type as partial, so one plain declaration anywhere is enough to break it.
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Outer
            {
                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public partial class ChatClient;
            }

            public class {|TWS0002:Outer|}
            {
                public int Rooms { get; set; }
            }

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0002", DiagnosticSeverity.Error,
                "'MyApp.Outer' contains the [WebSocketClient] class 'MyApp.Outer.ChatClient' and must be declared partial so the generated code can extend it. Add the 'partial' modifier to 'MyApp.Outer'."));
    }

    public static TheoryData<string, string, string> UnsupportedDeclarations => new()
    {
        { "public static partial class {|TWS0003:ChatClient|};", "MyApp.ChatClient", "static" },
        { "public abstract partial class {|TWS0003:ChatClient|};", "MyApp.ChatClient", "abstract" },
        { "public partial record {|TWS0003:ChatClient|};", "MyApp.ChatClient", "a record" },
        { "public partial class {|TWS0003:ChatClient|}<T>;", "MyApp.ChatClient<T>", "generic" },
        { "file partial class {|TWS0003:ChatClient|};", "MyApp.ChatClient", "file-local" },
        { "public partial struct {|TWS0003:ChatClient|};", "MyApp.ChatClient", "a struct" },
        { "public struct {|TWS0003:ChatClient|};", "MyApp.ChatClient", "a struct" },
        { "public partial record struct {|TWS0003:ChatClient|};", "MyApp.ChatClient", "a record struct" },
        { "public partial interface {|TWS0003:ChatClient|};", "MyApp.ChatClient", "an interface" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedDeclarations))]
    public async Task TWS0003_class_kind_the_generator_cannot_complete(string declaration, string display, string reason)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            {{declaration}}

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0003", DiagnosticSeverity.Error,
                $"'{display}' cannot be a [WebSocketClient] because it is {reason}. Declare the client as a plain partial class: not static, generic, abstract, a record, file-local or nested in a generic type."));
    }

    [Fact]
    public async Task TWS0003_client_nested_in_a_generic_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Outer<T>
            {
                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public partial class {|TWS0003:ChatClient|};
            }

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0003", DiagnosticSeverity.Error,
                "'MyApp.Outer<T>.ChatClient' cannot be a [WebSocketClient] because it is nested in the generic type 'MyApp.Outer<T>'. Declare the client as a plain partial class: not static, generic, abstract, a record, file-local or nested in a generic type."));
    }

    [Fact]
    public async Task TWS0003_client_nested_in_a_file_local_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            file partial class Outer
            {
                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public partial class {|TWS0003:ChatClient|};
            }

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0003", DiagnosticSeverity.Error,
                "'MyApp.Outer.ChatClient' cannot be a [WebSocketClient] because it is nested in the file-local type 'MyApp.Outer'. Declare the client as a plain partial class: not static, generic, abstract, a record, file-local or nested in a generic type."));
    }

    [Fact]
    public async Task TWS0004_client_declares_another_base_class()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient : {|TWS0004:ClientBase|}, IDisposable
            {
                public void Dispose() { }
            }

            public class ClientBase;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0004", DiagnosticSeverity.Error,
                "'MyApp.ChatClient' derives from 'MyApp.ClientBase', but the generator makes every [WebSocketClient] derive from TypedWebSockets.WebSocket. Remove the base class."));
    }

    [Fact]
    public async Task TWS0004_not_reported_for_TypedWebSockets_WebSocket_or_interfaces()
    {
        // Without the generator the class has no constructor that calls base(url): only the analyzers are checked here.
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient : WebSocket, IChatClient;

            public interface IChatClient;

            public sealed record JoinRoom(string Room);
            """);
    }

    [Fact]
    public async Task TWS0019_blank_discriminator_property()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0019:Discriminator = " "|})]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The discriminator property name (Discriminator) of 'MyApp.ChatClient' is null, empty or whitespace, which the wire format cannot use. Set Discriminator to the JSON property that names the message kind, or remove it to use \"type\"."));
    }

    [Fact]
    public async Task TWS0019_whitespace_envelope_property()
    {
        // "" is the flat format (as null is); only a name of spaces is blank.
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0019:Envelope = "  "|})]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The envelope property name (Envelope) of 'MyApp.ChatClient' is null, empty or whitespace, which the wire format cannot use. Set Envelope to the JSON property that holds the message, or remove it (or set \"\") to use the flat format."));
    }

    [Fact]
    public async Task TWS0020_envelope_equal_to_discriminator()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "kind", {|TWS0020:Envelope = "kind"|})]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0020", DiagnosticSeverity.Error,
                "The Envelope of 'MyApp.ChatClient' is 'kind', the same as its Discriminator, so the message and its kind would share one JSON property. Choose different names for Envelope and Discriminator."));
    }

    [Fact]
    public async Task TWS0020_default_discriminator_counts()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0020:Envelope = "type"|})]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0020", DiagnosticSeverity.Error,
                "The Envelope of 'MyApp.ChatClient' is 'type', the same as its Discriminator, so the message and its kind would share one JSON property. Choose different names for Envelope and Discriminator."));
    }

    [Fact]
    public async Task TWS0023_client_without_contracts()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [{|TWS0023:WebSocketClient|}]
            public partial class ChatClient;
            """,
            new Expected("TWS0023", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' has no [Sends<T>] or [Receives<T>] attribute, so the generated client adds nothing to TypedWebSockets.WebSocket. Declare its messages with [Sends<T>] and [Receives<T>], or use TypedWebSockets.WebSocket directly."));
    }
}
