using System.Runtime.CompilerServices;
using TypedWebSockets.Generator.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>
/// What the generator writes for each kind of client, compared with the reviewed baselines under <c>Snapshots/</c>;
/// each also compiles the user's code with the generated code and requires no errors and no warnings.
/// </summary>
public sealed class GeneratorSnapshotTests
{
    private const string Contracts = """
        namespace MyApp;

        public sealed record JoinRoom(string Room);
        public sealed record ChatMessage(string User, string Text);
        public sealed record UserJoined(string User, System.DateTimeOffset At);
        """;

    [Fact]
    public void MinimalClient() => Verify(
        "MyApp.MinimalClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        public partial class MinimalClient;
        """);

    [Fact]
    public void FlatFormat() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<JoinRoom>("join")]
        [Sends<ChatMessage>("chat")]
        [Receives<ChatMessage>("chat")]
        [Receives<UserJoined>("joined")]
        public partial class ChatClient;
        """,
        Contracts);

    [Fact]
    public void EnvelopeFormat() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient(Envelope = "data")]
        [Sends<JoinRoom>("join")]
        [Receives<ChatMessage>("chat")]
        public sealed partial class ChatClient;
        """,
        Contracts);

    [Fact]
    public void CustomDiscriminatorProperty() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient(Discriminator = "kind", Envelope = "payload")]
        [Sends<JoinRoom>]
        [Receives<UserJoined>]
        internal partial class ChatClient;
        """,
        Contracts);

    [Fact]
    public void JsonContextGiven() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
        [Sends<JoinRoom>("join")]
        [Receives<ChatMessage>("chat")]
        public partial class ChatClient;
        """,
        Contracts,
        """
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;

        namespace MyApp;

        // Stands in for what the System.Text.Json source generator writes for [JsonSerializable] contexts.
        internal sealed class ChatJsonContext : JsonSerializerContext
        {
            public ChatJsonContext()
                : base(null)
            {
            }

            public static ChatJsonContext Default { get; } = new();

            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }
        """);

    [Fact]
    public void NestedClient() => Verify(
        "MyApp.Api.Channels.Live.FeedClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        public static partial class Api
        {
            public partial record Channels
            {
                internal readonly partial struct Live
                {
                    [WebSocketClient]
                    [Receives<ChatMessage>("chat")]
                    internal sealed partial class FeedClient;
                }
            }
        }
        """,
        Contracts);

    [Fact]
    public void GlobalNamespaceClient() => Verify(
        "GlobalClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        [WebSocketClient]
        [Sends<Ping>("ping")]
        [Receives<Pong>("pong")]
        public partial class GlobalClient;

        public sealed class Ping
        {
            public long Sequence { get; set; }
        }

        public sealed class Pong
        {
            public long Sequence { get; set; }
        }
        """);

    [Fact]
    public void ContractInAnotherNamespace() => Verify(
        "MyApp.Clients.TradingClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;
        using MyApp.Contracts;

        namespace MyApp.Clients;

        [WebSocketClient]
        [Sends<Subscribe>("subscribe")]
        [Receives<Quote>("quote")]
        [Receives<Market.Status>("status")]
        public partial class TradingClient;
        """,
        """
        namespace MyApp.Contracts;

        public sealed record Subscribe(string Symbol);
        public sealed record Quote(string Symbol, decimal Price);

        public static class Market
        {
            public sealed record Status(bool Open);
        }
        """);

    [Fact]
    public void GenericClosedContract() => Verify(
        "MyApp.CatalogClient.WebSocketClient.g.cs",
        """
        using System.Collections.Generic;
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient(Envelope = "data")]
        [Sends<Page<Item>>]
        [Receives<Page<Item>>]
        [Receives<Dictionary<string, int>>]
        [Receives<Item[]>]
        public partial class CatalogClient;

        public sealed record Item(string Name);
        public sealed record Page<T>(int Number, IReadOnlyList<T> Items);
        """);

    [Fact]
    public void StructContract() => Verify(
        "MyApp.TrackerClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<Position>("move")]
        [Receives<Position>("moved")]
        [Receives<Heartbeat>("beat")]
        [Receives<Heartbeat?>("maybeBeat", Name = "MaybeHeartbeat")]
        public partial class TrackerClient;

        public readonly record struct Position(double X, double Y);

        public struct Heartbeat
        {
            public int Count { get; set; }
        }
        """);

    [Fact]
    public void NameOverride() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<ChatMessage>("say", Name = "Say")]
        [Receives<ChatMessage>("said", Name = "Said")]
        [Receives<Other.ChatMessage>(Name = "OtherChat")]
        public partial class ChatClient;
        """,
        Contracts,
        """
        namespace MyApp.Other;

        public sealed record ChatMessage(string Text);
        """);

    [Fact]
    public void SameContractBothWays() => Verify(
        "MyApp.EchoClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<ChatMessage>("chat")]
        [Receives<ChatMessage>("chat")]
        [Sends<JoinRoom>("join")]
        [Receives<JoinRoom>("joined")]
        public partial class EchoClient;
        """,
        Contracts);

    [Fact]
    public void DiscriminatorsNeedingEscapes() => Verify(
        "MyApp.EscapingClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient(Discriminator = "the \"type\"", Envelope = "da\\ta")]
        [Sends<JoinRoom>("say \"hi\"")]
        [Receives<ChatMessage>("back\\slash & <tag>")]
        [Receives<UserJoined>("line\nbreak\u2028séparé 🎉")]
        public partial class EscapingClient;
        """,
        Contracts);

    [Fact]
    public void KeywordIdentifiers() => Verify(
        "@namespace.@class.WebSocketClient.g.cs".Replace("@", string.Empty, System.StringComparison.Ordinal),
        """
        using TypedWebSockets;

        namespace @namespace;

        [WebSocketClient]
        [Receives<@event>]
        [Sends<@event>]
        public partial class @class;

        public sealed record @event(string Name);
        """);

    [Fact]
    public void RequiresUnreferencedCodeAlreadyWritten() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using System.Diagnostics.CodeAnalysis;
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Receives<ChatMessage>("chat")]
        [RequiresUnreferencedCode("Chat messages are serialized with reflection.")]
        public partial class ChatClient;
        """,
        Contracts);

    [Fact]
    public void PrivateNamesStepAsideForUserMembers() => Verify(
        "MyApp.ChatClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Sends<ChatMessage>("chat")]
        [Receives<ChatMessage>("chat")]
        public partial class ChatClient
        {
            private static readonly string s_messageFormat = "mine";
            private readonly string _onChatMessage = "mine too";

            public override string ToString() => s_messageFormat + _onChatMessage;
        }
        """,
        Contracts);

    [Fact]
    public void ListenerKeysNamedLikeObjectMembers() => Verify(
        "MyApp.OddClient.WebSocketClient.g.cs",
        """
        using TypedWebSockets;

        namespace MyApp;

        [WebSocketClient]
        [Receives<ChatMessage>("chat", Name = "ToString")]
        [Receives<UserJoined>("joined", Name = "Equals")]
        public partial class OddClient;
        """,
        Contracts);

    private static void Verify(
        string expectedHintName,
        string client,
        string? more = null,
        string? evenMore = null,
        [CallerFilePath] string testFilePath = "",
        [CallerMemberName] string testMethod = "")
    {
        string[] sources = [client, .. more is null ? [] : new[] { more }, .. evenMore is null ? [] : new[] { evenMore }];
        var output = GeneratorRunner.Run(sources);
        Assert.Equal([expectedHintName], output.HintNames);
        GeneratorRunner.AssertCompilesCleanly(output.Compilation);
        Snapshot.Verify(output.Result, testFilePath, testMethod);
    }
}
