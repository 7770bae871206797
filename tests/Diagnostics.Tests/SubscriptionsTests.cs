using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>
/// Misuses of <c>[Subscribes&lt;TRequest, TItem&gt;]</c> and of the issue-14 options of <c>[Requests]</c>: their own
/// paths and reply kinds (TWS0045–TWS0047, and TWS0019/TWS0033/TWS0036 for paths), batches (TWS0041), and the request
/// rules that cover subscriptions too (TWS0007, TWS0009, TWS0029, TWS0030).
/// </summary>
public sealed class SubscriptionsTests
{
    private const string Contracts = """
        public sealed record Subscribe(string Query);
        public sealed record ExecutionResult(string Data);
        public sealed record Tick(int N);
        """;

    private static string Source(string clients) => $$"""
        using System.Threading;
        using TypedWebSockets;

        namespace MyApp;

        {{clients}}

        {{Contracts}}
        """;

    [Fact]
    public async Task A_graphql_client_and_a_json_rpc_client_as_DESIGN_writes_them_are_clean()
    {
        await DiagnosticVerifier.VerifyCleanAsync(Source(
            """
            [WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String)]
            [Subscribes<Subscribe, ExecutionResult>("subscribe", ItemDiscriminator = "next",
                CompleteDiscriminator = "complete", ErrorDiscriminator = "error", StopDiscriminator = "complete")]
            public partial class GraphQLClient;

            [WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
            [SendsProperty("jsonrpc", "2.0")]
            [Requests<long[], long>("sum")]
            [Receives<Tick>("tick")]
            public partial class RpcClient;
            """));
    }

    [Fact]
    public async Task TWS0045_item_kind_equal_to_the_complete_kind()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient]
                [Subscribes<Subscribe, ExecutionResult>("subscribe", ItemDiscriminator = "data", {|TWS0045:CompleteDiscriminator = "data"|})]
                public partial class FeedClient;
                """),
            new Expected("TWS0045", DiagnosticSeverity.Error,
                "The CompleteDiscriminator of Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.FeedClient' is 'data', the same as its ItemDiscriminator, so a message of that kind ends the subscription and is never an item. Give each kind of message its own value, or remove the one that does not apply."));
    }

    [Fact]
    public async Task TWS0045_item_kind_equal_to_the_error_kind()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient]
                [Subscribes<Subscribe, ExecutionResult>("subscribe", ErrorDiscriminator = "x", {|TWS0045:ItemDiscriminator = "x"|})]
                public partial class FeedClient;
                """),
            new Expected("TWS0045", DiagnosticSeverity.Error,
                "The ItemDiscriminator of Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.FeedClient' is 'x', the same as its ErrorDiscriminator, so a message of that kind fails the subscription and is never an item. Give each kind of message its own value, or remove the one that does not apply."));
    }

    [Fact]
    public async Task TWS0046_request_without_a_kind()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient]
                [Requests<Subscribe, ExecutionResult>({|TWS0046:DiscriminatorProperty = ""|})]
                public partial class QueryClient;
                """),
            new Expected("TWS0046", DiagnosticSeverity.Error,
                "Requests<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.QueryClient' has DiscriminatorProperty = \"\", but a request is sent with its kind and its replies' kinds are read at the same place. Set DiscriminatorProperty to where the kind lives, or remove it to use the client's Discriminator."));
    }

    [Fact]
    public async Task TWS0047_subscription_kind_at_the_correlation_id()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient(CorrelationId = "/d/id")]
                [Subscribes<Subscribe, ExecutionResult>("subscribe", {|TWS0047:DiscriminatorProperty = "d"|})]
                public partial class FeedClient;
                """),
            new Expected("TWS0047", DiagnosticSeverity.Error,
                "The DiscriminatorProperty 'd' of Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.FeedClient' is, holds or lies inside the correlation id '/d/id', so the request would need one property for both. Choose a path apart from the correlation id."));
    }

    [Fact]
    public async Task Ill_formed_and_blank_paths_and_kinds_of_a_subscription()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient]
                [Subscribes<Subscribe, ExecutionResult>("a", {|TWS0033:ItemEnvelope = "/x~"|})]
                public partial class FirstClient;

                [WebSocketClient]
                [Subscribes<Subscribe, ExecutionResult>("b", {|TWS0019:StopDiscriminator = " "|})]
                public partial class SecondClient;

                [WebSocketClient]
                [Requests<Subscribe, ExecutionResult>("c", DiscriminatorProperty = "/m", {|TWS0036:Envelope = "/m/p"|})]
                public partial class ThirdClient;
                """),
            new Expected("TWS0033", DiagnosticSeverity.Error,
                "The ItemEnvelope '/x~' of Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.FirstClient' is not a well-formed path: it ends with a '~' that escapes nothing. Write a property name, or a JSON Pointer such as \"/metadata/message_type\" ('~0' stands for '~', '~1' for '/')."),
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The StopDiscriminator of Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> of 'MyApp.SecondClient' is null, empty or whitespace, which the wire format cannot use. Set StopDiscriminator to the kind's value, or remove it."),
            new Expected("TWS0036", DiagnosticSeverity.Error,
                "The envelope '/m/p' of Requests<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.ThirdClient' is the same as or inside its discriminator property '/m', so the message and its kind would need one JSON value. Give the contract an Envelope and a DiscriminatorProperty that do not contain each other."));
    }

    [Fact]
    public async Task TWS0041_batches_with_subscriptions()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient({|TWS0041:Batches = true|})]
                [Subscribes<Subscribe, ExecutionResult>("subscribe_events", ItemDiscriminator = "event")]
                public partial class HomeClient;
                """),
            new Expected("TWS0041", DiagnosticSeverity.Warning,
                "'MyApp.HomeClient' has Batches = true and [Subscribes], but a reply or subscription item that arrives inside a batch (a JSON array) is dispatched as an ordinary message, not matched to its call or subscription. If the server batches replies, receive them as [Receives] contracts; otherwise suppress this warning."));
    }

    [Fact]
    public async Task Request_rules_cover_subscriptions()
    {
        await DiagnosticVerifier.VerifyAsync(
            Source(
                """
                [WebSocketClient]
                [Sends<Tick>("subscribe")]
                [{|TWS0029:Subscribes<Subscribe, ExecutionResult>("subscribe")|}]
                public partial class SharedKindClient;

                [WebSocketClient]
                [Receives<ExecutionResult>("next")]
                [Subscribes<Subscribe, ExecutionResult>("subscribe", {|TWS0030:ItemDiscriminator = "next"|})]
                public partial class PushedItemClient;

                [WebSocketClient]
                [Subscribes<Subscribe, ExecutionResult>("a")]
                [{|TWS0007:Subscribes<Subscribe, Tick>("b")|}]
                public partial class TwiceClient;

                [WebSocketClient]
                [Subscribes<Subscribe, ExecutionResult>("a")]
                public partial class CollidingClient
                {
                    public void {|TWS0009:SubscribeAsync|}(Subscribe request, CancellationToken cancellationToken) { }
                }
                """),
            new Expected("TWS0029", DiagnosticSeverity.Warning, 
                "Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> of 'MyApp.SharedKindClient' uses the discriminator 'subscribe', which Sends<MyApp.Tick> already uses, so the server cannot tell the two apart. Give each request its own discriminator, or suppress this warning if the server reads both shapes under one discriminator."),
            new Expected("TWS0030", DiagnosticSeverity.Warning, 
                "The response of Subscribes<MyApp.Subscribe, MyApp.ExecutionResult> on 'MyApp.PushedItemClient' carries the discriminator 'next', as Receives<MyApp.ExecutionResult> does. A message with it is taken by a pending RequestAsync or SubscribeAsync when its 'id' property holds the id of a call or subscription in flight, and otherwise reaches OnExecutionResult: a reply that comes after its call timed out or was cancelled is read as a MyApp.ExecutionResult, and a pushed MyApp.ExecutionResult that carries a pending call's id answers that call instead. Give replies their own discriminator (declared with ResponseDiscriminator, or a subscription's ItemDiscriminator), or suppress this warning if the overlap is intended."),
            new Expected("TWS0007", DiagnosticSeverity.Error, 
                "'MyApp.Subscribe' is listed twice as the request type of the Subscribes of 'MyApp.TwiceClient', which would generate SubscribeAsync(MyApp.Subscribe, CancellationToken) twice. Remove the duplicate [Subscribes<MyApp.Subscribe, MyApp.Tick>] attribute."),
            new Expected("TWS0009", DiagnosticSeverity.Error, 
                "The member 'CollidingClient.SubscribeAsync(Subscribe, CancellationToken)' conflicts with the method 'SubscribeAsync(MyApp.Subscribe, CancellationToken)' for [Subscribes<MyApp.Subscribe, MyApp.ExecutionResult>], which the generator emits into 'MyApp.CollidingClient'. Rename or remove the member."));
    }

    [Fact]
    public async Task A_request_and_a_subscription_may_share_their_request_type()
    {
        await DiagnosticVerifier.VerifyCleanAsync(Source(
            """
            [WebSocketClient]
            [Requests<Subscribe, ExecutionResult>("query")]
            [Subscribes<Subscribe, ExecutionResult>("subscribe")]
            public partial class QueryClient;
            """));
    }
}
