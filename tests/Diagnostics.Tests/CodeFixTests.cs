using System.Threading.Tasks;
using TypedWebSockets.CodeFixes;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

public sealed class CodeFixTests
{
    [Fact]
    public async Task Add_partial_to_a_client_with_modifiers()
    {
        var (title, fixedSources) = await CodeFixRunner.ApplyAsync(
            new AddPartialModifierCodeFixProvider(),
            "TWS0001",
            [
                """
                using TypedWebSockets;

                namespace MyApp;

                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public sealed class ChatClient;

                public sealed record JoinRoom(string Room);
                """,
            ]);

        Assert.Equal("Make 'ChatClient' partial", title);
        Assert.Equal(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public sealed partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            fixedSources[0]);
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0001", fixedSources));
    }

    [Fact]
    public async Task Add_partial_to_a_client_and_its_containing_types()
    {
        var (title, fixedSources) = await CodeFixRunner.ApplyAsync(
            new AddPartialModifierCodeFixProvider(),
            "TWS0001",
            [
                """
                using TypedWebSockets;

                namespace MyApp;

                // Groups the clients.
                static class Outer
                {
                    struct Inner
                    {
                        // The chat client.
                        [WebSocketClient]
                        [Sends<JoinRoom>("join")]
                        class ChatClient { }
                    }
                }

                public sealed record JoinRoom(string Room);
                """,
            ]);

        Assert.Equal("Make 'ChatClient' partial", title);
        Assert.Equal(
            """
            using TypedWebSockets;

            namespace MyApp;

            // Groups the clients.
            static partial class Outer
            {
                partial struct Inner
                {
                    // The chat client.
                    [WebSocketClient]
                    [Sends<JoinRoom>("join")]
                    partial class ChatClient { }
                }
            }

            public sealed record JoinRoom(string Room);
            """,
            fixedSources[0]);
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0001", fixedSources));
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0002", fixedSources));
    }

    [Fact]
    public async Task Add_partial_from_a_containing_type_diagnostic()
    {
        var (title, fixedSources) = await CodeFixRunner.ApplyAsync(
            new AddPartialModifierCodeFixProvider(),
            "TWS0002",
            [
                """
                using TypedWebSockets;

                namespace MyApp;

                public class Outer
                {
                    [WebSocketClient]
                    [Sends<JoinRoom>("join")]
                    public partial class ChatClient;
                }

                public sealed record JoinRoom(string Room);
                """,
            ]);

        Assert.Equal("Make 'Outer' partial", title);
        Assert.Equal(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Outer
            {
                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public partial class ChatClient;
            }

            public sealed record JoinRoom(string Room);
            """,
            fixedSources[0]);
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0002", fixedSources));
    }

    [Fact]
    public async Task Add_JsonSerializable_for_the_request_or_the_response_the_context_lacks()
    {
        const string Client = """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
            [Requests<GetUser, User>("getUser")]
            [Requests<FindUser, User>("findUser")]
            public partial class UserClient;

            public sealed record GetUser(int UserId);
            public sealed record FindUser(string Name);
            public sealed record User(string Name);

            """;
        var (title, fixedSources) = await CodeFixRunner.ApplyAsync(
            new AddJsonSerializableCodeFixProvider(),
            "TWS0016",
            [
                $$"""
                {{Client}}
                [JsonSerializable(typeof(GetUser))]
                public partial class ChatJsonContext : JsonSerializerContext
                {{JsonContextTests.ContextBody}}
                """,
            ],
            diagnosticIndex: 1);

        // The first [Requests] lacks its response, the second its request (the response is reported once).
        Assert.Equal("Add [JsonSerializable(typeof(MyApp.FindUser))] to 'ChatJsonContext'", title);
        var (responseTitle, _) = await CodeFixRunner.ApplyAsync(
            new AddJsonSerializableCodeFixProvider(),
            "TWS0016",
            [
                $$"""
                {{Client}}
                [JsonSerializable(typeof(GetUser))]
                public partial class ChatJsonContext : JsonSerializerContext
                {{JsonContextTests.ContextBody}}
                """,
            ]);
        Assert.Equal("Add [JsonSerializable(typeof(MyApp.User))] to 'ChatJsonContext'", responseTitle);
        Assert.Equal(
            $$"""
            {{Client}}
            [JsonSerializable(typeof(GetUser))]
            [JsonSerializable(typeof(FindUser))]
            public partial class ChatJsonContext : JsonSerializerContext
            {{JsonContextTests.ContextBody}}
            """,
            fixedSources[0]);
    }

    [Fact]
    public async Task Add_JsonSerializable_beside_the_existing_ones()
    {
        var (title, fixedSources) = await CodeFixRunner.ApplyAsync(
            new AddJsonSerializableCodeFixProvider(),
            "TWS0016",
            [
                $$"""
                using System;
                using System.Text.Json;
                using System.Text.Json.Serialization;
                using System.Text.Json.Serialization.Metadata;
                using TypedWebSockets;

                namespace MyApp;

                [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
                [Sends<JoinRoom>("join")]
                [Receives<ChatMessage>("chat")]
                public partial class ChatClient;

                public sealed record JoinRoom(string Room);
                public sealed record ChatMessage(string User, string Text);

                [JsonSerializable(typeof(JoinRoom))]
                public partial class ChatJsonContext : JsonSerializerContext
                {{JsonContextTests.ContextBody}}
                """,
            ]);

        Assert.Equal("Add [JsonSerializable(typeof(MyApp.ChatMessage))] to 'ChatJsonContext'", title);
        Assert.Equal(
            $$"""
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
            [Sends<JoinRoom>("join")]
            [Receives<ChatMessage>("chat")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            public sealed record ChatMessage(string User, string Text);

            [JsonSerializable(typeof(JoinRoom))]
            [JsonSerializable(typeof(ChatMessage))]
            public partial class ChatJsonContext : JsonSerializerContext
            {{JsonContextTests.ContextBody}}
            """,
            fixedSources[0]);
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0016", fixedSources));
    }

    [Fact]
    public async Task Add_JsonSerializable_to_a_context_in_another_file()
    {
        var (title, fixedSources) = await CodeFixRunner.ApplyAsync(
            new AddJsonSerializableCodeFixProvider(),
            "TWS0016",
            [
                """
                using TypedWebSockets;

                namespace MyApp.Clients;

                [WebSocketClient(JsonContext = typeof(MyApp.Serialization.ChatJsonContext))]
                [Receives<Models.Page<Models.Item>>("page")]
                public partial class CatalogClient;
                """,
                """
                namespace MyApp.Models
                {
                    public sealed record Page<T>(int Number, T[] Items);
                    public sealed record Item(string Name);
                }
                """,
                """
                using System;
                using System.Text.Json;
                using System.Text.Json.Serialization;
                using System.Text.Json.Serialization.Metadata;

                namespace MyApp.Serialization;

                public partial class ChatJsonContext : JsonSerializerContext
                {
                    public ChatJsonContext() : base(null) { }
                    protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                    public override JsonTypeInfo? GetTypeInfo(Type type) => null;
                }
                """,
            ]);

        Assert.Equal("Add [JsonSerializable(typeof(MyApp.Models.Page<MyApp.Models.Item>))] to 'ChatJsonContext'", title);
        Assert.Equal(
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;

            namespace MyApp.Serialization;

            [JsonSerializable(typeof(Models.Page<Models.Item>))]
            public partial class ChatJsonContext : JsonSerializerContext
            {
                public ChatJsonContext() : base(null) { }
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
            fixedSources[2]);
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0016", fixedSources));
    }

    [Fact]
    public async Task Fix_all_adds_every_missing_JsonSerializable_once_per_context()
    {
        var (title, fixedSources) = await CodeFixRunner.FixAllAsync(
            new AddJsonSerializableCodeFixProvider(),
            "TWS0016",
            "TypedWebSockets.AddJsonSerializable",
            [
                """
                using TypedWebSockets;

                namespace MyApp;

                [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
                [Sends<JoinRoom>("join")]
                [Receives<JoinRoom>("join")]
                [Receives<ChatMessage>("chat")]
                public partial class ChatClient;

                [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
                [Sends<ChatMessage>("chat")]
                public partial class BotClient;

                public sealed record JoinRoom(string Room);
                public sealed record ChatMessage(string User, string Text);
                """,
                """
                using System;
                using System.Text.Json;
                using System.Text.Json.Serialization;
                using System.Text.Json.Serialization.Metadata;

                namespace MyApp;

                public partial class ChatJsonContext : JsonSerializerContext
                {
                    public ChatJsonContext() : base(null) { }
                    protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                    public override JsonTypeInfo? GetTypeInfo(Type type) => null;
                }
                """,
            ]);

        Assert.Equal("Add the missing [JsonSerializable] attributes", title);
        Assert.Equal(
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;

            namespace MyApp;

            [JsonSerializable(typeof(JoinRoom))]
            [JsonSerializable(typeof(ChatMessage))]
            public partial class ChatJsonContext : JsonSerializerContext
            {
                public ChatJsonContext() : base(null) { }
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
            fixedSources[1]);
        Assert.Empty(await CodeFixRunner.DiagnosticsAsync("TWS0016", fixedSources));
    }

    [Fact]
    public async Task Fix_all_makes_every_client_partial()
    {
        var (_, fixedSources) = await CodeFixRunner.FixAllAsync(
            new AddPartialModifierCodeFixProvider(),
            "TWS0001",
            "TypedWebSockets.AddPartial",
            [
                """
                using TypedWebSockets;

                namespace MyApp;

                public class Clients
                {
                    [WebSocketClient]
                    [Sends<JoinRoom>("join")]
                    public class ChatClient;

                    [WebSocketClient]
                    [Sends<JoinRoom>("join")]
                    internal sealed class BotClient;
                }

                public sealed record JoinRoom(string Room);
                """,
            ]);

        Assert.Equal(
            """
            using TypedWebSockets;

            namespace MyApp;

            public partial class Clients
            {
                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                public partial class ChatClient;

                [WebSocketClient]
                [Sends<JoinRoom>("join")]
                internal sealed partial class BotClient;
            }

            public sealed record JoinRoom(string Room);
            """,
            fixedSources[0]);
    }
}
