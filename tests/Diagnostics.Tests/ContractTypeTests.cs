using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class ContractTypeTests
{
    private const string ConcreteTypeFix = "Use a concrete class, record or struct instead.";

    public static TheoryData<string, string, string, string> UnsupportedTypes => new()
    {
        { "Sends", "object", "sent", "it is 'object', which has no shape of its own. " + ConcreteTypeFix },
        { "Receives", "object", "received", "it is 'object', which has no shape of its own. " + ConcreteTypeFix },
        { "Sends", "Action", "sent", "it is a delegate type. " + ConcreteTypeFix },
        {
            "Receives", "IShape", "received",
            "it is an interface without [JsonPolymorphic] or [JsonDerivedType], so System.Text.Json cannot create it. Receive a concrete type, or declare its derived types with [JsonDerivedType]."
        },
        {
            "Receives", "Shape", "received",
            "it is an abstract class without [JsonPolymorphic] or [JsonDerivedType], so System.Text.Json cannot create it. Receive a concrete type, or declare its derived types with [JsonDerivedType]."
        },
    };

    [Theory]
    [MemberData(nameof(UnsupportedTypes))]
    public async Task TWS0011_contract_type_cannot_be_serialized(string attribute, string type, string direction, string reasonAndFix)
    {
        var display = type switch { "Action" => "System.Action", "object" => "object", _ => "MyApp." + type };
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using System;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "data")]
            [{|TWS0011:{{attribute}}<{{type}}>("value")|}]
            public partial class ChatClient;

            public interface IShape { double Area { get; } }
            public abstract class Shape { public abstract double Area { get; } }
            """,
            new Expected("TWS0011", DiagnosticSeverity.Error, $"'{display}' cannot be a {direction} contract of 'MyApp.ChatClient' because {reasonAndFix}"));
    }

    [Fact]
    public async Task TWS0011_ref_struct_contract()
    {
        // The compiler also rejects a ref struct as a type argument (CS9244); the analyzer still explains what to use instead.
        await DiagnosticVerifier.VerifyAsync(
            """
            using System;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "data")]
            [{|TWS0011:Sends<Chunk>("chunk")|}]
            public partial class ChatClient;

            public ref struct Chunk { public int Length { get; set; } }
            """,
            new Expected("TWS0011", DiagnosticSeverity.Error,
                "'MyApp.Chunk' cannot be a sent contract of 'MyApp.ChatClient' because it is a ref struct, which cannot be stored or boxed. " + ConcreteTypeFix));
    }

    [Fact]
    public async Task TWS0011_contract_built_on_a_type_parameter()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Outer<T>
            {
                [WebSocketClient]
                [{|TWS0011:Sends<Page<T>>("page")|}]
                public partial class {|TWS0003:ChatClient|};
            }

            public sealed record Page<T>(T[] Items);
            """,
            new Expected("TWS0011", DiagnosticSeverity.Error,
                "'MyApp.Page<T>' cannot be a sent contract of 'MyApp.Outer<T>.ChatClient' because it depends on the type parameter 'T'. " + ConcreteTypeFix),
            new Expected("TWS0003", DiagnosticSeverity.Error,
                "'MyApp.Outer<T>.ChatClient' cannot be a [WebSocketClient] because it is nested in the generic type 'MyApp.Outer<T>'. Declare the client as a plain partial class: not static, generic, abstract, a record, file-local or nested in a generic type."));
    }

    [Fact]
    public async Task TWS0012_received_class_with_several_public_constructors()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<Notice>("notice")]
            [{|TWS0012:Receives<Notice>("notice")|}]
            public partial class ChatClient;

            public sealed class Notice
            {
                public Notice(string text) => Text = text;
                public Notice(string text, int level) : this(text) => Level = level;
                public string Text { get; }
                public int Level { get; }
            }
            """,
            new Expected("TWS0012", DiagnosticSeverity.Error,
                "'MyApp.Notice', received by 'MyApp.ChatClient', has no constructor System.Text.Json can use: no public parameterless constructor, no [JsonConstructor] and 2 public constructors to choose from. Mark the constructor to use with [JsonConstructor] or add a public parameterless constructor."));
    }

    [Fact]
    public async Task TWS0012_received_class_without_public_constructor()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0012:Receives<Notice>("notice")|}]
            public partial class ChatClient;

            public sealed class Notice
            {
                internal Notice(string text) => Text = text;
                public string Text { get; }
            }
            """,
            new Expected("TWS0012", DiagnosticSeverity.Error,
                "'MyApp.Notice', received by 'MyApp.ChatClient', has no constructor System.Text.Json can use: no public parameterless constructor, no [JsonConstructor] and no public constructor. Mark the constructor to use with [JsonConstructor] or add a public parameterless constructor."));
    }

    [Fact]
    public async Task TWS0013_sent_interface_is_serialized_by_its_declared_members()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0013:Sends<IShape>("shape")|}]
            public partial class ChatClient;

            public interface IShape { double Area { get; } }
            """,
            new Expected("TWS0013", DiagnosticSeverity.Warning,
                "'MyApp.IShape', sent by 'MyApp.ChatClient', is an interface, so only the members it declares are serialized, not those of the object actually sent. Declare the derived types with [JsonPolymorphic]/[JsonDerivedType] or send a concrete type."));
    }

    [Fact]
    public async Task TWS0014_internal_contract_of_a_public_client()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0014:Sends<JoinRoom>("join")|}]
            public partial class ChatClient;

            internal sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0014", DiagnosticSeverity.Error,
                "'MyApp.JoinRoom' is internal but 'MyApp.ChatClient' is public, so the public members generated for it would expose a less accessible type. Make 'MyApp.JoinRoom' public, or make 'MyApp.ChatClient' internal."));
    }

    [Fact]
    public async Task TWS0014_counts_containing_types_and_type_arguments()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0014:Sends<Messages.JoinRoom>("join")|}]
            [{|TWS0014:Receives<Page<Messages.JoinRoom>>|}]
            public partial class ChatClient;

            internal static class Messages
            {
                public sealed record JoinRoom(string Room);
            }

            public sealed record Page<T>(int Number);
            """,
            new Expected("TWS0014", DiagnosticSeverity.Error,
                "'MyApp.Messages.JoinRoom' is internal but 'MyApp.ChatClient' is public, so the public members generated for it would expose a less accessible type. Make 'MyApp.Messages.JoinRoom' public, or make 'MyApp.ChatClient' internal."),
            new Expected("TWS0014", DiagnosticSeverity.Error,
                "'MyApp.Page<MyApp.Messages.JoinRoom>' is internal but 'MyApp.ChatClient' is public, so the public members generated for it would expose a less accessible type. Make 'MyApp.Page<MyApp.Messages.JoinRoom>' public, or make 'MyApp.ChatClient' internal."));
    }

    [Fact]
    public async Task TWS0014_internal_contract_of_a_protected_nested_client()
    {
        // Internal and protected rank alike, but a protected client is seen by derived classes in other assemblies.
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Hub
            {
                [WebSocketClient]
                [{|TWS0014:Sends<JoinRoom>("join")|}]
                protected partial class ChatClient;
            }

            internal sealed record JoinRoom(string Room);
            """,
            new Expected("TWS0014", DiagnosticSeverity.Error,
                "'MyApp.JoinRoom' is internal but 'MyApp.Hub.ChatClient' is protected in 'MyApp.Hub', so the public members generated for it would expose a less accessible type. Make 'MyApp.JoinRoom' accessible wherever 'MyApp.Hub.ChatClient' is (public always is), or make 'MyApp.Hub.ChatClient' less accessible."));
    }

    [Fact]
    public async Task TWS0014_private_contract_of_a_narrower_type_than_the_client()
    {
        // Both private, but to different types: the client is seen throughout Root, the contract only inside Holder.
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Root
            {
                private partial class Holder
                {
                    private sealed record Secret(string Text);

                    [WebSocketClient]
                    [{|TWS0014:Receives<Secret>("secret")|}]
                    public partial class ChatClient;
                }
            }
            """,
            new Expected("TWS0014", DiagnosticSeverity.Error,
                "'MyApp.Root.Holder.Secret' is private in 'MyApp.Root.Holder' but 'MyApp.Root.Holder.ChatClient' is private in 'MyApp.Root', so the public members generated for it would expose a less accessible type. Make 'MyApp.Root.Holder.Secret' accessible wherever 'MyApp.Root.Holder.ChatClient' is (public always is), or make 'MyApp.Root.Holder.ChatClient' less accessible."));
    }

    [Fact]
    public async Task TWS0014_not_reported_when_the_contract_domain_covers_the_client()
    {
        // Private and protected contracts of the containing type are visible wherever a private nested client is.
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Hub
            {
                private sealed record Secret(string Text);
                protected sealed record Family(string Text);

                [WebSocketClient]
                [Sends<Secret>("secret")]
                [Receives<Family>("family")]
                private partial class ChatClient;
            }
            """);
    }

    [Fact]
    public async Task TWS0014_not_reported_when_the_client_is_as_narrow()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            internal static partial class Outer
            {
                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public partial class ChatClient;
            }

            internal sealed record JoinRoom(string Room);
            """);
    }

    [Fact]
    public async Task TWS0017_property_named_like_the_discriminator()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0017:Receives<Notice>("notice")|}]
            public partial class ChatClient;

            public sealed record Notice(string Type, string Text);
            """,
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'Type' of 'MyApp.Notice' is serialized as 'type', which matches the discriminator property 'type' of 'MyApp.ChatClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0017_honours_JsonPropertyName_and_compares_case_insensitively()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "kind")]
            [{|TWS0017:Sends<Notice>("notice")|}]
            public partial class ChatClient;

            public sealed record Notice([property: JsonPropertyName("Kind")] string Category, string Text);
            """,
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'Category' of 'MyApp.Notice' is serialized as 'Kind', which matches the discriminator property 'kind' of 'MyApp.ChatClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0017_uses_the_naming_policy_of_the_JsonContext()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "message_type", JsonContext = typeof(ChatJsonContext))]
            [{|TWS0017:Sends<Notice>("notice")|}]
            public partial class ChatClient;

            public sealed record Notice(string MessageType, string Text);

            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
            [JsonSerializable(typeof(Notice))]
            public partial class ChatJsonContext : JsonSerializerContext
            {
                public ChatJsonContext() : base(null) { }
                public static ChatJsonContext Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'MessageType' of 'MyApp.Notice' is serialized as 'message_type', which matches the discriminator property 'message_type' of 'MyApp.ChatClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0017_compares_received_names_as_the_JsonContext_reads_them()
    {
        // Binance's trade events have "e" (the kind) and "E" (the event time): a case-sensitive context reads them
        // apart, so the received contract is fine; the same contract sent could be misread by a case-insensitive peer.
        await DiagnosticVerifier.VerifyAsync(
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "e", JsonContext = typeof(StrictContext))]
            [Receives<Trade>("trade")]
            public partial class StrictClient;

            [WebSocketClient(Discriminator = "e", JsonContext = typeof(StrictContext))]
            [{|TWS0017:Sends<Trade>("trade")|}]
            public partial class SendingClient;

            [WebSocketClient(Discriminator = "e", JsonContext = typeof(WebContext))]
            [{|TWS0017:Receives<Trade>("trade")|}]
            public partial class WebClient;

            public sealed record Trade([property: JsonPropertyName("E")] long EventTime, [property: JsonPropertyName("s")] string Symbol);

            [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNameCaseInsensitive = false)]
            [JsonSerializable(typeof(Trade))]
            public partial class StrictContext : JsonSerializerContext
            {
                public StrictContext() : base(null) { }
                public static StrictContext Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
            [JsonSerializable(typeof(Trade))]
            public partial class WebContext : JsonSerializerContext
            {
                public WebContext() : base(null) { }
                public static WebContext Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'EventTime' of 'MyApp.Trade' is serialized as 'E', which matches the discriminator property 'e' of 'MyApp.SendingClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."),
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'EventTime' of 'MyApp.Trade' is serialized as 'E', which matches the discriminator property 'e' of 'MyApp.WebClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0017_not_reported_for_ignored_renamed_or_enveloped_properties()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<Ignored>("ignored")]
            [Sends<Renamed>("renamed")]
            public partial class FlatClient;

            [WebSocketClient(Envelope = "data")]
            [Sends<Enveloped>("enveloped")]
            public partial class EnvelopeClient;

            public sealed record Ignored([property: JsonIgnore] string Type, string Text);
            public sealed record Renamed([property: JsonPropertyName("category")] string Type, string Text);
            public sealed record Enveloped(string Type, string Text);
            """);
    }

    public static TheoryData<string, string, string> NonObjectContracts => new()
    {
        { "List<ChatMessage>", "System.Collections.Generic.List<MyApp.ChatMessage>", "it is a collection, written as a JSON array" },
        { "ChatMessage[]", "MyApp.ChatMessage[]", "it is a collection, written as a JSON array" },
        { "int", "int", "it is a primitive value, written as a JSON string or number" },
        { "Guid", "System.Guid", "it is a primitive value, written as a JSON string or number" },
        { "Mood", "MyApp.Mood", "it is an enum, written as a number or string" },
    };

    [Theory]
    [MemberData(nameof(NonObjectContracts))]
    public async Task TWS0018_flat_format_contract_that_is_not_an_object(string type, string display, string reason)
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0018:Receives<{{type}}>("value")|}]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            public enum Mood { Happy, Sad }
            """,
            new Expected("TWS0018", DiagnosticSeverity.Error,
                $"'{display}' does not serialize as a JSON object ({reason}), but the flat format of 'MyApp.ChatClient' puts the discriminator beside the contract's own properties. Use an object contract, or set an Envelope such as Envelope = \"data\"."));
    }
}
