using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>Correct clients of every shape compile without errors and produce no diagnostic.</summary>
public sealed class ValidInputTests
{
    private static readonly Dictionary<string, string> s_sources = new()
    {
        ["minimal flat client"] = """
            using System;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            [Sends<ChatMessage>("chat")]
            [Receives<ChatMessage>("chat")]
            [Receives<UserJoined>]
            public sealed partial class ChatClient;

            public sealed record JoinRoom(string Room);
            public sealed record ChatMessage(string User, string Text);
            public sealed record UserJoined(string User, DateTimeOffset At);
            """,
        ["envelope format with collections and primitives"] = """
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "kind", Envelope = "data")]
            [Sends<int>("ping")]
            [Receives<List<Item>>("items")]
            [Receives<IReadOnlyDictionary<string, int>>("counts")]
            [Receives<Item[]>("array")]
            internal partial class InventoryClient;

            internal sealed record Item(string Name, string Type);
            """,
        ["JsonContext with every contract and options"] = """
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

            [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
            [JsonSerializable(typeof(JoinRoom))]
            [JsonSerializable(typeof(ChatMessage))]
            public partial class ChatJsonContext : JsonSerializerContext
            {
                public ChatJsonContext() : base(null) { }
                public static ChatJsonContext Default { get; } = new();
                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """,
        ["nested client and global namespace client"] = """
            using TypedWebSockets;

            [WebSocketClient]
            [Sends<Ping>]
            public partial class GlobalClient;

            public sealed record Ping(int Sequence);

            namespace MyApp
            {
                public static partial class Outer
                {
                    public partial struct Holder
                    {
                        [WebSocketClient]
                        [Receives<Ping>("ping")]
                        public partial class NestedClient;
                    }
                }
            }
            """,
        ["closed generic contracts"] = """
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<Page<Item>>]
            [Receives<Page<Order>>]
            [Receives<Dictionary<string, int>>]
            [Sends<Page<Item>>]
            public partial class CatalogClient;

            public sealed record Page<T>(int Number, IReadOnlyList<T> Items);
            public sealed record Item(string Name);
            public sealed record Order(int Id);
            """,
        ["constructors, structs, polymorphism and renamed stems"] = """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<Parameterless>]
            [Receives<Marked>]
            [Receives<Point>]
            [Receives<Shape>]
            [Receives<IAnimal>]
            [Receives<Message>("roomMessage", Name = "RoomMessage")]
            [Sends<Shape>]
            public partial class ShapeClient
            {
                public string Greeting => "hello";
                public void Greet() { }
            }

            public sealed class Parameterless
            {
                public Parameterless() { }
                public Parameterless(string text) => Text = text;
                public string? Text { get; set; }
            }

            public sealed class Marked
            {
                [JsonConstructor]
                public Marked(string text) => Text = text;
                public Marked(int number) => Text = number.ToString();
                public string Text { get; }
            }

            public struct Point
            {
                public Point(int x) => X = x;
                public Point(int x, int y) { X = x; Y = y; }
                public int X { get; set; }
                public int Y { get; set; }
            }

            [JsonDerivedType(typeof(Circle), "circle")]
            public abstract record Shape;
            public sealed record Message(string Text);
            public sealed record Circle(double Radius) : Shape;

            [JsonPolymorphic]
            [JsonDerivedType(typeof(Dog), "dog")]
            public interface IAnimal { string Name { get; } }
            public sealed record Dog(string Name) : IAnimal;
            """,
    };

    public static TheoryData<string> Cases => new(s_sources.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Valid_client_produces_no_diagnostic(string name)
        => await DiagnosticVerifier.VerifyCleanAsync(s_sources[name]);

    [Fact]
    public async Task Partial_declarations_in_two_files_produce_no_diagnostic()
    {
        await DiagnosticVerifier.VerifyCleanAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Sends<JoinRoom>("join")]
            public partial class ChatClient;

            public sealed record JoinRoom(string Room);
            """,
            """
            namespace MyApp;

            public partial class ChatClient
            {
                public string Room => "lobby";
            }
            """);
    }
}
