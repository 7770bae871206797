using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>
/// Misuses of <c>[Requests&lt;TRequest, TResponse&gt;]</c>: the request diagnostics (TWS0029–TWS0032) and the contract
/// diagnostics that apply to request and response types too. Every source also runs through the generator
/// (<see cref="DiagnosticVerifier"/>): no error lands in generated code.
/// </summary>
public sealed class RequestsTests
{
    private const string UserContracts = """
        public sealed record GetUser(int UserId);
        public sealed record User(string Name);
        public sealed record FindUser(string Name);
        public sealed record ChatMessage(string User, string Text);
        public sealed record SendChat(string Text);
        """;

    /// <summary>
    /// A test source with a <c>ChatJsonContext</c> that lists <paramref name="serializable"/>: the client declarations,
    /// <see cref="UserContracts"/> (and a <c>Page&lt;T&gt;</c>), then the context.
    /// </summary>
    private static string ContextSource(string clients, params string[] serializable) => $$"""
        using System;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using TypedWebSockets;

        namespace MyApp;

        {{clients}}

        public sealed record Page<T>(T[] Items);
        {{UserContracts}}

        {{string.Join("\n", serializable.Select(type => $"[JsonSerializable(typeof({type}))]"))}}
        public partial class ChatJsonContext : JsonSerializerContext
        {{JsonContextTests.ContextBody}}
        """;

    /// <summary>A test source: the client declarations in namespace <c>MyApp</c>, followed by <see cref="UserContracts"/>.</summary>
    private static string UserSource(string clients) => $$"""
        using TypedWebSockets;

        namespace MyApp;

        {{clients}}

        {{UserContracts}}
        """;

    [Fact]
    public async Task TWS0007_request_type_of_two_Requests()
    {
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                """
                [WebSocketClient]
                [Requests<GetUser, User>("getUser")]
                [{|TWS0007:Requests<GetUser, ChatMessage>("getUserChat")|}]
                public partial class UserClient;
                """),
            new Expected("TWS0007", DiagnosticSeverity.Error,
                "'MyApp.GetUser' is listed twice as the request type of the Requests of 'MyApp.UserClient', which would generate RequestAsync(MyApp.GetUser, TimeSpan?, CancellationToken) twice. Remove the duplicate [Requests<MyApp.GetUser, MyApp.ChatMessage>] attribute."));
    }

    [Fact]
    public async Task TWS0029_request_discriminator_used_by_another_request()
    {
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                """
                [WebSocketClient]
                [Requests<GetUser, User>("user")]
                [{|TWS0029:Requests<FindUser, User>("user")|}]
                public partial class UserClient;
                """),
            new Expected("TWS0029", DiagnosticSeverity.Warning,
                "Requests<MyApp.FindUser, MyApp.User> of 'MyApp.UserClient' uses the discriminator 'user', which Requests<MyApp.GetUser, MyApp.User> already uses, so the server cannot tell the two apart. Give each request its own discriminator, or suppress this warning if the server reads both shapes under one discriminator."));
    }

    [Fact]
    public async Task TWS0029_request_discriminator_used_by_a_sent_contract()
    {
        // The default discriminator of GetUser is "getUser".
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                """
                [WebSocketClient]
                [{|TWS0029:Requests<GetUser, User>|}]
                [Sends<SendChat>("getUser")]
                public partial class UserClient;
                """),
            new Expected("TWS0029", DiagnosticSeverity.Warning,
                "Requests<MyApp.GetUser, MyApp.User> of 'MyApp.UserClient' uses the discriminator 'getUser', which Sends<MyApp.SendChat> already uses, so the server cannot tell the two apart. Give each request its own discriminator, or suppress this warning if the server reads both shapes under one discriminator."));
    }

    [Fact]
    public async Task TWS0029_can_be_suppressed_and_the_client_is_generated()
    {
        var source = UserSource(
            """
            [WebSocketClient]
            [Requests<GetUser, User>("user")]
            #pragma warning disable TWS0029 // the server tells the two apart by their properties
            [Requests<FindUser, User>("user")]
            #pragma warning restore TWS0029
            public partial class UserClient;
            """);
        await DiagnosticVerifier.VerifyAsync(source);

        var suppressed = Assert.Single(await AnalyzerRunner.GetDiagnosticsAsync(TestCompilation.Create(source)));
        Assert.Equal("TWS0029", suppressed.Id);
        Assert.True(suppressed.IsSuppressed);
        var client = GeneratorRun.WithGeneratedCode(TestCompilation.Create(source)).GetTypeByMetadataName("MyApp.UserClient")!;
        Assert.Equal(2, client.GetMembers("RequestAsync").Length);
    }

    [Fact]
    public async Task TWS0030_response_discriminator_defaults_to_a_received_one()
    {
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                """
                [WebSocketClient]
                [Receives<User>("getUser")]
                [{|TWS0030:Requests<GetUser, User>|}]
                public partial class UserClient;
                """),
            new Expected("TWS0030", DiagnosticSeverity.Warning,
                "The response of Requests<MyApp.GetUser, MyApp.User> on 'MyApp.UserClient' carries the discriminator 'getUser', as Receives<MyApp.User> does. A message with it is taken by a pending RequestAsync or SubscribeAsync when its 'id' property holds the id of a call or subscription in flight, and otherwise reaches OnUser: a reply that comes after its call timed out or was cancelled is read as a MyApp.User, and a pushed MyApp.User that carries a pending call's id answers that call instead. Give replies their own discriminator (declared with ResponseDiscriminator, or a subscription's ItemDiscriminator), or suppress this warning if the overlap is intended."));
    }

    [Fact]
    public async Task TWS0030_explicit_response_discriminator_of_a_received_contract()
    {
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                """
                [WebSocketClient(CorrelationId = "rid")]
                [Receives<ChatMessage>("chat", Name = "Chat")]
                [Requests<SendChat, ChatMessage>("say", {|TWS0030:ResponseDiscriminator = "chat"|})]
                public partial class ChatClient;
                """),
            new Expected("TWS0030", DiagnosticSeverity.Warning,
                "The response of Requests<MyApp.SendChat, MyApp.ChatMessage> on 'MyApp.ChatClient' carries the discriminator 'chat', as Receives<MyApp.ChatMessage> does. A message with it is taken by a pending RequestAsync or SubscribeAsync when its 'rid' property holds the id of a call or subscription in flight, and otherwise reaches OnChat: a reply that comes after its call timed out or was cancelled is read as a MyApp.ChatMessage, and a pushed MyApp.ChatMessage that carries a pending call's id answers that call instead. Give replies their own discriminator (declared with ResponseDiscriminator, or a subscription's ItemDiscriminator), or suppress this warning if the overlap is intended."));
    }

    [Fact]
    public async Task TWS0030_not_reported_when_the_response_has_its_own_discriminator()
    {
        // The request's discriminator is a received one, but its replies are declared with another.
        await DiagnosticVerifier.VerifyCleanAsync(
            UserSource(
                """
                [WebSocketClient]
                [Receives<ChatMessage>("chat")]
                [Requests<SendChat, ChatMessage>("chat", ResponseDiscriminator = "chatAck")]
                [Requests<GetUser, User>]
                public partial class ChatClient;
                """));
    }

    [Theory]
    [InlineData("""{|TWS0031:CorrelationId = "type"|}""", "type")]
    [InlineData("""{|TWS0031:Discriminator = "id"|}""", "id")]
    public async Task TWS0031_CorrelationId_is_the_discriminator_property(string arguments, string name)
    {
        // Reported on CorrelationId when it is written, else on the Discriminator that equals the default "id".
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                $"""
                [WebSocketClient({arguments})]
                [Requests<GetUser, User>]
                public partial class UserClient;
                """),
            new Expected("TWS0031", DiagnosticSeverity.Error,
                $"The CorrelationId of 'MyApp.UserClient' is '{name}', the same as its Discriminator, so every request would write that property twice, once with its discriminator and once with its id. Choose different names."));
    }

    [Fact]
    public async Task TWS0031_envelope_collisions_and_error_property_equal_to_the_id()
    {
        await DiagnosticVerifier.VerifyAsync(
            UserSource(
                """
                [WebSocketClient(Envelope = "data", {|TWS0031:CorrelationId = "data"|}, {|TWS0031:{|TWS0031:ErrorProperty = "data"|}|})]
                [Requests<GetUser, User>]
                public partial class EnvelopeClient;

                [WebSocketClient(CorrelationId = "rid", {|TWS0031:ErrorProperty = "rid"|})]
                [Requests<GetUser, User>]
                public partial class SameIdClient;

                [WebSocketClient(Discriminator = "kind", {|TWS0031:ErrorProperty = "kind"|})]
                [Requests<GetUser, User>]
                public partial class KindClient;
                """),
            new Expected("TWS0031", DiagnosticSeverity.Error,
                "The CorrelationId of 'MyApp.EnvelopeClient' is 'data', the same as its Envelope, so every request would write that property twice, once with its id and once with the request. Choose different names."),
            new Expected("TWS0031", DiagnosticSeverity.Error,
                "The ErrorProperty of 'MyApp.EnvelopeClient' is 'data', the same as its CorrelationId, so an error reply would need that property twice, once with the id and once with the error. Choose different names."),
            new Expected("TWS0031", DiagnosticSeverity.Error,
                "The ErrorProperty of 'MyApp.EnvelopeClient' is 'data', the same as its Envelope, so every reply that holds its response in the envelope would be read as an error reply. Choose different names."),
            new Expected("TWS0031", DiagnosticSeverity.Error,
                "The ErrorProperty of 'MyApp.SameIdClient' is 'rid', the same as its CorrelationId, so an error reply would need that property twice, once with the id and once with the error. Choose different names."),
            new Expected("TWS0031", DiagnosticSeverity.Error,
                "The ErrorProperty of 'MyApp.KindClient' is 'kind', the same as its Discriminator, so every reply that carries a discriminator would be read as an error reply. Choose different names."));
    }

    [Fact]
    public async Task TWS0031_not_reported_without_requests_or_for_names_that_differ_in_case()
    {
        // Without [Requests] the correlation id never travels; property names are compared ordinally, as the runtime does.
        await DiagnosticVerifier.VerifyCleanAsync(
            UserSource(
                """
                [WebSocketClient(Discriminator = "id")]
                [Sends<SendChat>("say")]
                public partial class NoRequestsClient;

                [WebSocketClient(Discriminator = "Type", CorrelationId = "type", ErrorProperty = "Error", Envelope = "error")]
                [Requests<GetUser, User>]
                public partial class CaseClient;
                """));
    }

    [Fact]
    public async Task TWS0032_request_and_response_properties_named_like_the_correlation_id_or_error_property()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0032:Requests<GetOrder, Order>|}]
            [{|TWS0032:Requests<Cancel, CancelResult>|}]
            public partial class OrderClient;

            public sealed record GetOrder(long Id);
            public sealed record Order(string Item);
            public sealed record Cancel(string Item);
            public sealed record CancelResult(bool Done, string? Error);
            """,
            new Expected("TWS0032", DiagnosticSeverity.Error,
                "Property 'Id' of 'MyApp.GetOrder' is serialized as 'id', which matches the correlation id property 'id' of 'MyApp.OrderClient' in the flat format, so every request would carry that property twice, once with the correlation id and once with the request's value. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."),
            new Expected("TWS0032", DiagnosticSeverity.Error,
                "Property 'Error' of 'MyApp.CancelResult' is serialized as 'error', which matches the error property 'error' of 'MyApp.OrderClient' in the flat format, so a reply whose 'error' is not null would fail the call as an error reply instead of completing with the response. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0032_response_property_named_like_a_renamed_correlation_id_case_insensitively()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(CorrelationId = "ref")]
            [{|TWS0032:Requests<GetOrder, Order>|}]
            public partial class OrderClient;

            public sealed record GetOrder(long Id);
            public sealed record Order([property: JsonPropertyName("Ref")] string Reference, string Item);
            """,
            new Expected("TWS0032", DiagnosticSeverity.Error,
                "Property 'Reference' of 'MyApp.Order' is serialized as 'Ref', which matches the correlation id property 'ref' of 'MyApp.OrderClient' in the flat format, so a reply would need that property twice, once with the correlation id and once with the response's value. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0032_not_reported_in_the_envelope_format_or_for_a_request_property_named_like_the_error()
    {
        await DiagnosticVerifier.VerifyCleanAsync(
            """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "data")]
            [Requests<GetOrder, Order>]
            public partial class EnvelopeClient;

            [WebSocketClient]
            [Requests<Report, Found>]
            [Requests<Lookup, Found>]
            public partial class FlatClient;

            public sealed record GetOrder(long Id);
            public sealed record Order(long Id, string? Error);
            public sealed record Report(string Error);
            public sealed record Lookup([property: JsonIgnore] long Id, string Key);
            public sealed record Found([property: JsonPropertyName("orderId")] long Id);
            """);
    }

    [Fact]
    public async Task TWS0017_and_TWS0018_apply_to_request_and_response_types()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0017:Requests<Classify, Category>|}]
            [{|TWS0018:Requests<ListItems, List<Item>>|}]
            public partial class CatalogClient;

            public sealed record Classify(string Type);
            public sealed record Category(string Name);
            public sealed record ListItems(int Page);
            public sealed record Item(string Name);
            """,
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'Type' of 'MyApp.Classify' is serialized as 'type', which matches the discriminator property 'type' of 'MyApp.CatalogClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."),
            new Expected("TWS0018", DiagnosticSeverity.Error,
                "'System.Collections.Generic.List<MyApp.Item>' does not serialize as a JSON object (it is a collection, written as a JSON array), but the flat format of 'MyApp.CatalogClient' puts the discriminator beside the contract's own properties. Use an object contract, or set an Envelope such as Envelope = \"data\"."));
    }

    [Fact]
    public async Task TWS0011_TWS0012_and_TWS0013_apply_to_responses_and_requests()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [{|TWS0011:Requests<GetShape, IShape>|}]
            [{|TWS0012:Requests<GetNotice, Notice>|}]
            [{|TWS0013:Requests<Query, Notice2>|}]
            public partial class ShapeClient;

            public sealed record GetShape(int Sides);
            public interface IShape { double Area { get; } }
            public sealed record GetNotice(int Number);
            public sealed class Notice
            {
                public Notice(string text) => Text = text;
                public Notice(string text, int level) : this(text) => Level = level;
                public string Text { get; }
                public int Level { get; }
            }
            public abstract class Query { public string Text { get; set; } = ""; }
            public sealed record Notice2(string Text);
            """,
            new Expected("TWS0011", DiagnosticSeverity.Error,
                "'MyApp.IShape' cannot be a response contract of 'MyApp.ShapeClient' because it is an interface without [JsonPolymorphic] or [JsonDerivedType], so System.Text.Json cannot create it. Receive a concrete type, or declare its derived types with [JsonDerivedType]."),
            new Expected("TWS0012", DiagnosticSeverity.Error,
                "'MyApp.Notice', received by 'MyApp.ShapeClient', has no constructor System.Text.Json can use: no public parameterless constructor, no [JsonConstructor] and 2 public constructors to choose from. Mark the constructor to use with [JsonConstructor] or add a public parameterless constructor."),
            new Expected("TWS0013", DiagnosticSeverity.Warning,
                "'MyApp.Query', sent by 'MyApp.ShapeClient', is an abstract class, so only the members it declares are serialized, not those of the object actually sent. Declare the derived types with [JsonPolymorphic]/[JsonDerivedType] or send a concrete type."));
    }

    [Fact]
    public async Task TWS0016_JsonContext_without_a_request_or_response_type()
    {
        await DiagnosticVerifier.VerifyAsync(
            ContextSource(
                """
                [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
                [{|TWS0016:Requests<GetUser, User>|}]
                [{|TWS0016:Requests<FindUser, Page<User>>|}]
                [Requests<SendChat, ChatMessage>]
                public partial class UserClient;
                """,
                "GetUser", "FindUser", "SendChat", "ChatMessage"),
            new Expected("TWS0016", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatJsonContext' of 'MyApp.UserClient' has no serialization metadata for the contract 'MyApp.User', so the client would throw when first used. Add [JsonSerializable(typeof(MyApp.User))] to 'MyApp.ChatJsonContext'."),
            new Expected("TWS0016", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatJsonContext' of 'MyApp.UserClient' has no serialization metadata for the contract 'MyApp.Page<MyApp.User>', so the client would throw when first used. Add [JsonSerializable(typeof(MyApp.Page<MyApp.User>))] to 'MyApp.ChatJsonContext'."));
    }

    [Fact]
    public async Task TWS0016_missing_request_type_and_TWS0024_for_a_client_with_requests_only()
    {
        await DiagnosticVerifier.VerifyAsync(
            ContextSource(
                """
                [WebSocketClient(JsonContext = typeof(ChatJsonContext))]
                [{|TWS0016:Requests<GetUser, User>|}]
                public partial class ContextClient;

                [{|TWS0024:WebSocketClient|}]
                [Requests<GetUser, User>]
                public partial class ReflectionClient;
                """,
                "User"),
            new Dictionary<string, string> { ["PublishAot"] = "true" },
            new Expected("TWS0016", DiagnosticSeverity.Error,
                "The JsonContext 'MyApp.ChatJsonContext' of 'MyApp.ContextClient' has no serialization metadata for the contract 'MyApp.GetUser', so the client would throw when first used. Add [JsonSerializable(typeof(MyApp.GetUser))] to 'MyApp.ChatJsonContext'."),
            new Expected("TWS0024", DiagnosticSeverity.Warning,
                "'MyApp.ReflectionClient' has no JsonContext, so its contracts are serialized with reflection, which is not trim- or NativeAOT-safe, and this project sets PublishAot=true. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext that lists its contracts."));
    }

    [Fact]
    public async Task A_valid_client_with_requests_a_JsonContext_and_custom_properties_is_clean()
    {
        await DiagnosticVerifier.VerifyCleanAsync(
            ContextSource(
                """
                [WebSocketClient(JsonContext = typeof(ChatJsonContext), CorrelationId = "rid", ErrorProperty = "fault")]
                [Sends<SendChat>("say")]
                [Receives<ChatMessage>("chat")]
                [Requests<GetUser, User>("getUser", ResponseDiscriminator = "user")]
                [Requests<FindUser, User>]
                public partial class UserClient;
                """,
                "GetUser", "FindUser", "User", "SendChat", "ChatMessage"));
    }
}
