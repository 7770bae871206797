using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class JsonContextTests
{
    /// <summary>
    /// Stands in for what the System.Text.Json source generator adds to a context (its constructor, <c>Default</c> and
    /// overrides), so the test sources compile, also with the TypedWebSockets generator's output, which reads <c>Default</c>.
    /// </summary>
    internal const string ContextBody = """
        {
            public ChatJsonContext() : base(null) { }
            public static ChatJsonContext Default { get; } = new();
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """;

    [Fact]
    public async Task TWS0015_JsonContext_is_not_a_JsonSerializerContext()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0015:JsonContext = typeof(ChatSerializer)|})]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            public sealed class ChatSerializer;
            """,
            new Expected("TWS0015", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatSerializer' of 'MyApp.ChatClient' does not derive from System.Text.Json.Serialization.JsonSerializerContext. Set JsonContext to a partial class deriving from JsonSerializerContext, with [JsonSerializable(typeof(T))] for each contract."));
    }

    [Fact]
    public async Task TWS0015_JsonContext_is_an_open_generic_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0015:JsonContext = typeof(ChatJsonContext<>)|})]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);

            [JsonSerializable(typeof(JoinRoom))]
            public partial class ChatJsonContext<T> : JsonSerializerContext
            {
                public ChatJsonContext() : base(null) { }
                public static ChatJsonContext<T> Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
            new Expected("TWS0015", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatJsonContext<>' of 'MyApp.ChatClient' is an open generic type, which has no Default instance the client could use. Set JsonContext to a partial class deriving from JsonSerializerContext, with [JsonSerializable(typeof(T))] for each contract."));
    }

    [Fact]
    public async Task TWS0016_JsonContext_without_a_contract_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
            [Sends<JoinRoom>("join")]
            [{|TWS0016:Receives<ChatMessage>("chat")|}]
            [{|TWS0016:Receives<Page<ChatMessage>>("page")|}]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            public sealed record ChatMessage(string User, string Text);
            public sealed record Page<T>(int Number);

            [JsonSerializable(typeof(JoinRoom))]
            public partial class ChatJsonContext : JsonSerializerContext
            {{ContextBody}}
            """,
            new Expected("TWS0016", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatJsonContext' of 'MyApp.ChatClient' has no serialization metadata for the contract 'MyApp.ChatMessage', so the client would throw when first used. Add [JsonSerializable(typeof(MyApp.ChatMessage))] to 'MyApp.ChatJsonContext'."),
            new Expected("TWS0016", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatJsonContext' of 'MyApp.ChatClient' has no serialization metadata for the contract 'MyApp.Page<MyApp.ChatMessage>', so the client would throw when first used. Add [JsonSerializable(typeof(MyApp.Page<MyApp.ChatMessage>))] to 'MyApp.ChatJsonContext'."));
    }

    [Fact]
    public async Task TWS0016_not_reported_for_types_reached_through_a_listed_type()
    {
        await DiagnosticVerifier.VerifyCleanAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(ChatJsonContext), Envelope = "data")]
            [Receives<ChatMessage>("chat")]
            [Receives<List<UserJoined>>("joined")]
            [Receives<Reaction>("reaction")]
            public partial class ChatClient;

            public sealed record ChatMessage(string User, string Text);
            public sealed record UserJoined(string User);
            public sealed record Reaction(string Emoji);
            public sealed record Snapshot(ChatMessage[] Messages, Dictionary<string, List<UserJoined>> Rooms, Reaction? Last);

            [JsonSerializable(typeof(Snapshot))]
            public partial class ChatJsonContext : JsonSerializerContext
            {{ContextBody}}
            """);
    }

    [Fact]
    public async Task TWS0024_reflection_serialization_in_an_AOT_project()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [{|TWS0024:WebSocketClient|}]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            new Dictionary<string, string> { ["PublishAot"] = "true", ["IsTrimmable"] = "True", ["IsAotCompatible"] = "false" },
            new Expected("TWS0024", DiagnosticSeverity.Warning,
                "'MyApp.ChatClient' has no JsonContext, so its contracts are serialized with reflection, which is not trim- or NativeAOT-safe, and this project sets PublishAot=true, IsTrimmable=true. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext that lists its contracts."));
    }

    [Fact]
    public async Task TWS0024_not_reported_with_a_JsonContext_or_without_trimming()
    {
        const string Source = $$"""
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
            [Sends<JoinRoom>("join")]
            public partial class ContextClient;

            public sealed record JoinRoom(string Room);

            [JsonSerializable(typeof(JoinRoom))]
            public partial class ChatJsonContext : JsonSerializerContext
            {{ContextBody}}
            """;
        await DiagnosticVerifier.VerifyAsync(Source, new Dictionary<string, string> { ["PublishAot"] = "true" });
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public partial class ReflectionClient;

            public sealed record JoinRoom(string Room);
            """,
            new Dictionary<string, string> { ["PublishAot"] = "false", ["IsTrimmable"] = "" });
    }
}
