using System;
using System.Collections.Generic;
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

    /// <summary>
    /// The input of each snapshot test, by test name: the expected hint name and the sources. Shared with
    /// <see cref="ValidInputDiagnosticsTests"/>, which requires the analyzers to find nothing wrong with any of them.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, SnapshotInput> Inputs = new Dictionary<string, SnapshotInput>(StringComparer.Ordinal)
    {
        [nameof(MinimalClient)] = new(
            "MyApp.MinimalClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            public partial class MinimalClient;
            """),
        [nameof(FlatFormat)] = new(
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
            Contracts),
        [nameof(EnvelopeFormat)] = new(
            "MyApp.ChatClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "data")]
            [Sends<JoinRoom>("join")]
            [Receives<ChatMessage>("chat")]
            public sealed partial class ChatClient;
            """,
            Contracts),
        [nameof(CustomDiscriminatorProperty)] = new(
            "MyApp.ChatClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "kind", Envelope = "payload")]
            [Sends<JoinRoom>]
            [Receives<UserJoined>]
            internal partial class ChatClient;
            """,
            Contracts),
        [nameof(RequestsContract)] = new(
            "MyApp.UserClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(CorrelationId = "rid", ErrorProperty = "fault")]
            [Receives<ChatMessage>("chat")]
            [Requests<GetUser, User>("getUser")]
            [Requests<ListUsers, UserPage<User>>]
            public partial class UserClient;
            """,
            Contracts,
            """
            namespace MyApp;

            public sealed record GetUser(int UserId);
            public sealed record User(string Name);
            public readonly record struct ListUsers(int Page);
            public sealed record UserPage<T>(T[] Items);
            """),
        [nameof(GraphQLSubscriptions)] = new(
            "MyApp.GraphQLClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String)]
            [Sends<ConnectionInit>("connection_init")]
            [Receives<ConnectionAck>("connection_ack", Envelope = "")]
            [Receives<Ping>("ping", Envelope = "")]
            [Sends<Pong>("pong", Envelope = "")]
            [Subscribes<Subscribe, ExecutionResult>("subscribe", ItemDiscriminator = "next",
                CompleteDiscriminator = "complete", ErrorDiscriminator = "error", StopDiscriminator = "complete")]
            public partial class GraphQLClient;
            """,
            """
            namespace MyApp;

            public sealed record ConnectionInit;
            public sealed record ConnectionAck;
            public sealed record Ping;
            public sealed record Pong;
            public sealed record Subscribe(string Query);
            public sealed record ExecutionResult(System.Text.Json.JsonElement Data);
            """),
        [nameof(JsonRpcRequests)] = new(
            "MyApp.RpcClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
            [SendsProperty("jsonrpc", "2.0")]
            [Requests<long[], long>("sum")]
            [Requests<string[], System.Text.Json.JsonElement?>("SUBSCRIBE", ErrorDiscriminator = "failed", DiscriminatorProperty = "/meta/kind")]
            [Receives<Tick>("tick")]
            public partial class RpcClient;
            """,
            """
            namespace MyApp;

            public sealed record Tick(int N);
            """),
        [nameof(RequestsWithJsonContext)] = new(
            "MyApp.UserClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(UserJsonContext), Envelope = "data")]
            [Sends<JoinRoom>("join")]
            [Requests<GetUser, User>("getUser", ResponseDiscriminator = "user")]
            [Requests<ListUsers, UserPage<User>>]
            public sealed partial class UserClient;
            """,
            Contracts,
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;

            namespace MyApp;

            public sealed record GetUser(int UserId);
            public sealed record User(string Name);
            public readonly record struct ListUsers(int Page);
            public sealed record UserPage<T>(T[] Items);

            // Stands in for what the System.Text.Json source generator writes for [JsonSerializable] contexts.
            [JsonSerializable(typeof(JoinRoom))]
            [JsonSerializable(typeof(GetUser))]
            [JsonSerializable(typeof(User))]
            [JsonSerializable(typeof(ListUsers))]
            [JsonSerializable(typeof(UserPage<User>))]
            internal sealed class UserJsonContext : JsonSerializerContext
            {
                public UserJsonContext()
                    : base(null)
                {
                }

                public static UserJsonContext Default { get; } = new();

                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """),
        [nameof(JsonContextGiven)] = new(
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
            [JsonSerializable(typeof(JoinRoom))]
            [JsonSerializable(typeof(ChatMessage))]
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
            """),
        [nameof(NestedClient)] = new(
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
            Contracts),
        [nameof(GlobalNamespaceClient)] = new(
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
            """),
        [nameof(ContractInAnotherNamespace)] = new(
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
            """),
        [nameof(GenericClosedContract)] = new(
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
            """),
        [nameof(StructContract)] = new(
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
            """),
        [nameof(NameOverride)] = new(
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
            """),
        [nameof(SameContractBothWays)] = new(
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
            Contracts),
        [nameof(DiscriminatorsNeedingEscapes)] = new(
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
            Contracts),
        [nameof(KeywordIdentifiers)] = new(
            "@namespace.@class.WebSocketClient.g.cs".Replace("@", string.Empty, System.StringComparison.Ordinal),
            """
            using TypedWebSockets;

            namespace @namespace;

            [WebSocketClient]
            [Receives<@event>]
            [Sends<@event>]
            public partial class @class;

            public sealed record @event(string Name);
            """),
        [nameof(RequiresUnreferencedCodeAlreadyWritten)] = new(
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
            Contracts),
        [nameof(PrivateNamesStepAsideForUserMembers)] = new(
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
            Contracts),
        [nameof(RealProtocolShapes)] = new(
            "MyApp.GatewayClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            // Kinds by number and by a second property, a flat wrapper, nested paths, patterns, constants, a kind-less ack.
            [WebSocketClient(Discriminator = "op", Envelope = "d")]
            [SendsProperty("v", 10)]
            [SendsProperty("client", "typed")]
            [Receives<Hello>(10)]
            [Receives<Dispatch>("READY", DiscriminatorProperty = "t", Envelope = "")]
            [Receives<Notice>("notice.*", DiscriminatorProperty = "/meta/kind", Envelope = "/payload")]
            [Receives<Trade>("*@trade", DiscriminatorProperty = "/meta/kind", Envelope = "/payload/0")]
            [Sends<Identify>(2)]
            [Sends<Ack>(DiscriminatorProperty = "", Envelope = "")]
            [Sends<Notice>("notice", DiscriminatorProperty = "/d/kind")]
            public partial class GatewayClient;

            public sealed record Hello(int HeartbeatInterval);
            public sealed record Ready(string SessionId);
            public sealed record Dispatch(long S, Ready D);
            public sealed record Notice(string Text);
            public sealed record Trade(decimal Price);
            public sealed record Identify(string Token);
            public sealed record Ack(string EnvelopeId);
            """),
        [nameof(BatchesPlainTextAndNaming)] = new(
            "MyApp.FeedClient.WebSocketClient.g.cs",
            """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "ev", Batches = true, PlainTextMessages = new[] { "pong" },
                PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
                NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
            [Receives<Quote>("Q")]
            [Sends<Subscribe>("subscribe")]
            public partial class FeedClient;

            public sealed record Quote(string Symbol, decimal BidPrice);
            public sealed record Subscribe(string Params);
            """),
        [nameof(ShapesWithJsonContext)] = new(
            "MyApp.TopicClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "/metadata/message_type", Envelope = "/payload", JsonContext = typeof(TopicJsonContext))]
            [Receives<ChatMessage>("chat")]
            [Receives<UserJoined>("joined", DiscriminatorProperty = "/metadata/subscription_type", Envelope = "/payload/event")]
            [Sends<JoinRoom>(7, DiscriminatorProperty = "op", Envelope = "d")]
            public partial class TopicClient;
            """,
            Contracts,
            """
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;

            namespace MyApp;

            // Stands in for what the System.Text.Json source generator writes for [JsonSerializable] contexts.
            [JsonSerializable(typeof(JoinRoom))]
            [JsonSerializable(typeof(ChatMessage))]
            [JsonSerializable(typeof(UserJoined))]
            internal sealed class TopicJsonContext : JsonSerializerContext
            {
                public TopicJsonContext()
                    : base(null)
                {
                }

                public static TopicJsonContext Default { get; } = new();

                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }
            """),
        [nameof(ListenerKeysNamedLikeObjectMembers)] = new(
            "MyApp.OddClient.WebSocketClient.g.cs",
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<ChatMessage>("chat", Name = "ToString")]
            [Receives<UserJoined>("joined", Name = "Equals")]
            public partial class OddClient;
            """,
            Contracts),
    };

    [Fact]
    public void MinimalClient() => Verify();

    [Fact]
    public void FlatFormat() => Verify();

    [Fact]
    public void EnvelopeFormat() => Verify();

    [Fact]
    public void CustomDiscriminatorProperty() => Verify();

    [Fact]
    public void JsonContextGiven() => Verify();

    [Fact]
    public void NestedClient() => Verify();

    [Fact]
    public void GlobalNamespaceClient() => Verify();

    [Fact]
    public void ContractInAnotherNamespace() => Verify();

    [Fact]
    public void GenericClosedContract() => Verify();

    [Fact]
    public void StructContract() => Verify();

    [Fact]
    public void NameOverride() => Verify();

    [Fact]
    public void SameContractBothWays() => Verify();

    [Fact]
    public void DiscriminatorsNeedingEscapes() => Verify();

    [Fact]
    public void KeywordIdentifiers() => Verify();

    [Fact]
    public void RequiresUnreferencedCodeAlreadyWritten() => Verify();

    [Fact]
    public void PrivateNamesStepAsideForUserMembers() => Verify();

    [Fact]
    public void ListenerKeysNamedLikeObjectMembers() => Verify();

    [Fact]
    public void RequestsContract() => Verify();

    [Fact]
    public void RequestsWithJsonContext() => Verify();

    [Fact]
    public void RealProtocolShapes() => Verify();

    [Fact]
    public void GraphQLSubscriptions() => Verify();

    [Fact]
    public void JsonRpcRequests() => Verify();

    [Fact]
    public void BatchesPlainTextAndNaming() => Verify();

    [Fact]
    public void ShapesWithJsonContext() => Verify();

    private static void Verify([CallerFilePath] string testFilePath = "", [CallerMemberName] string testMethod = "")
    {
        var input = Inputs[testMethod];
        var output = GeneratorRunner.Run(input.Sources);
        Assert.Equal([input.HintName], output.HintNames);
        GeneratorRunner.AssertCompilesCleanly(output.Compilation);
        Snapshot.Verify(output.Result, testFilePath, testMethod);
    }
}

/// <summary>What one snapshot test feeds the generator.</summary>
/// <param name="HintName">The one file it must generate.</param>
/// <param name="Sources">The user's source files.</param>
internal sealed record SnapshotInput(string HintName, params string[] Sources);
