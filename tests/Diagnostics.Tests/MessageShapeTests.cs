using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace TypedWebSockets.Diagnostics.Tests;

/// <summary>
/// The mistakes of message shapes: paths, number and pattern kinds, per-contract envelopes, constant properties,
/// batches and serializer options. Each is reported on the argument at fault, and the client is still never an error
/// inside generated code (every source here is also run through the generator).
/// </summary>
public sealed class MessageShapeTests
{
    private const string PointerFix = "Write a property name, or a JSON Pointer such as \"/metadata/message_type\" ('~0' stands for '~', '~1' for '/').";

    [Fact]
    public async Task TWS0033_ill_formed_client_discriminator_pointer()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0033:Discriminator = "/metadata/~2type"|})]
            [Receives<Welcome>("session_welcome")]
            public partial class TwitchClient;

            public sealed record Welcome(string Id);
            """,
            new Expected("TWS0033", DiagnosticSeverity.Error,
                "The Discriminator '/metadata/~2type' of 'MyApp.TwitchClient' is not a well-formed path: '~2' at index 10 is not an escape. " + PointerFix));
    }

    [Fact]
    public async Task TWS0033_ill_formed_contract_paths()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [Receives<Welcome>("session_welcome", {|TWS0033:DiscriminatorProperty = "/metadata/message_type~"|})]
            [Sends<Subscribe>("subscribe", {|TWS0033:Envelope = "/~x"|})]
            public partial class TwitchClient;

            public sealed record Welcome(string Id);
            public sealed record Subscribe(string Type);
            """,
            new Expected("TWS0033", DiagnosticSeverity.Error,
                "The DiscriminatorProperty '/metadata/message_type~' of Receives<MyApp.Welcome> on 'MyApp.TwitchClient' is not a well-formed path: it ends with a '~' that escapes nothing. " + PointerFix),
            new Expected("TWS0033", DiagnosticSeverity.Error,
                "The Envelope '/~x' of Sends<MyApp.Subscribe> on 'MyApp.TwitchClient' is not a well-formed path: '~x' at index 1 is not an escape. " + PointerFix));
    }

    [Fact]
    public async Task TWS0034_pattern_with_a_star_inside_or_two_stars()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "topic", Envelope = "data")]
            [Receives<OrderBook>({|TWS0034:"orderbook.*.BTCUSDT"|})]
            [Receives<Trade>({|TWS0034:"*.trade.*"|})]
            public partial class BybitClient;

            public sealed record OrderBook(string S);
            public sealed record Trade(string S);
            """,
            new Expected("TWS0034", DiagnosticSeverity.Error,
                "The discriminator 'orderbook.*.BTCUSDT' of Receives<MyApp.OrderBook> on 'MyApp.BybitClient' is not a pattern the dispatcher can match: its '*' at index 10 is neither its first nor its last character. A received discriminator may start or end with one '*' (\"orderbook.*\", \"*@trade\", or \"*\" for any string)."),
            new Expected("TWS0034", DiagnosticSeverity.Error,
                "The discriminator '*.trade.*' of Receives<MyApp.Trade> on 'MyApp.BybitClient' is not a pattern the dispatcher can match: it has more than one '*'. A received discriminator may start or end with one '*' (\"orderbook.*\", \"*@trade\", or \"*\" for any string)."));
    }

    [Fact]
    public async Task TWS0035_star_in_a_sent_discriminator()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "op", Envelope = "args")]
            [Sends<Subscribe>({|TWS0035:"orderbook.*"|})]
            [Receives<OrderBook>("orderbook.*")]
            public partial class BybitClient;

            public sealed record Subscribe(string Symbol);
            public sealed record OrderBook(string S);
            """,
            new Expected("TWS0035", DiagnosticSeverity.Warning,
                "The discriminator 'orderbook.*' of Sends<MyApp.Subscribe> on 'MyApp.BybitClient' contains '*', which only a received discriminator reads as a pattern; this one is sent as written. Remove the '*', or suppress this warning if the kind contains it."));
    }

    [Fact]
    public async Task TWS0036_contract_envelope_is_or_lies_inside_its_discriminator()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "op", Envelope = "d")]
            [Receives<Ready>("READY", DiscriminatorProperty = "t", {|TWS0036:Envelope = "/t"|})]
            [Sends<Identify>(2, {|TWS0036:Envelope = "/op/d"|})]
            public partial class DiscordClient;

            public sealed record Ready(string SessionId);
            public sealed record Identify(string Token);
            """,
            new Expected("TWS0036", DiagnosticSeverity.Error,
                "The envelope '/t' of Receives<MyApp.Ready> on 'MyApp.DiscordClient' is the same as its discriminator property 't', so the message and its kind would need one JSON value. Give the contract an Envelope and a DiscriminatorProperty that do not contain each other."),
            new Expected("TWS0036", DiagnosticSeverity.Error,
                "The envelope '/op/d' of Sends<MyApp.Identify> on 'MyApp.DiscordClient' is inside its discriminator property 'op', so the message and its kind would need one JSON value. Give the contract an Envelope and a DiscriminatorProperty that do not contain each other."));
    }

    [Fact]
    public async Task TWS0020_client_envelope_inside_its_discriminator()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "/meta", {|TWS0020:Envelope = "/meta/data"|})]
            [Receives<Ready>("ready")]
            public partial class MetaClient;

            public sealed record Ready(string SessionId);
            """,
            new Expected("TWS0020", DiagnosticSeverity.Error,
                "The Envelope of 'MyApp.MetaClient' is '/meta/data', inside its Discriminator, so the message and its kind would share one JSON property. Choose different names for Envelope and Discriminator."));
    }

    [Fact]
    public async Task TWS0037_constant_named_like_a_discriminator_an_envelope_another_constant_or_the_correlation_id()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "method", Envelope = "params")]
            [SendsProperty("jsonrpc", "2.0")]
            [SendsProperty({|TWS0037:"jsonrpc"|}, "1.0")]
            [SendsProperty({|TWS0037:"method"|}, "call")]
            [SendsProperty({|TWS0037:"params"|}, true)]
            [SendsProperty({|TWS0037:"id"|}, 1)]
            [Sends<Subscribe>("public/subscribe")]
            [Requests<Subscribe, string[]>("public/get")]
            public partial class DeribitClient;

            public sealed record Subscribe(string[] Channels);
            """,
            new Expected("TWS0037", DiagnosticSeverity.Error,
                "[SendsProperty(\"jsonrpc\", \"1.0\")] on 'MyApp.DeribitClient' writes the top-level property 'jsonrpc', which the SendsProperty(\"jsonrpc\", \"2.0\") before it needs too, so sent messages would carry it twice. Rename one of them."),
            new Expected("TWS0037", DiagnosticSeverity.Error,
                "[SendsProperty(\"method\", \"call\")] on 'MyApp.DeribitClient' writes the top-level property 'method', which the discriminator 'method' of Sends<MyApp.Subscribe> needs too, so sent messages would carry it twice. Rename one of them."),
            new Expected("TWS0037", DiagnosticSeverity.Error,
                "[SendsProperty(\"params\", true)] on 'MyApp.DeribitClient' writes the top-level property 'params', which the envelope 'params' of Sends<MyApp.Subscribe> needs too, so sent messages would carry it twice. Rename one of them."),
            new Expected("TWS0037", DiagnosticSeverity.Error,
                "[SendsProperty(\"id\", 1)] on 'MyApp.DeribitClient' writes the top-level property 'id', which the correlation id 'id' needs too, so sent messages would carry it twice. Rename one of them."));
    }

    [Fact]
    public async Task TWS0038_received_contract_shadowed_by_an_earlier_pattern()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "topic", Envelope = "data")]
            [Receives<AnyBook>("orderbook.*")]
            [Receives<Btc>({|TWS0038:"orderbook.50.BTCUSDT"|})]
            [Receives<Deep>({|TWS0038:"orderbook.500.*"|})]
            [Receives<Trade>("*")]
            [Receives<Ticker>({|TWS0038:"*.tickers"|})]
            [Receives<Late>(7)]
            public partial class BybitClient;

            public sealed record AnyBook(string S);
            public sealed record Btc(string S);
            public sealed record Deep(string S);
            public sealed record Trade(string S);
            public sealed record Ticker(string S);
            public sealed record Late(string S);
            """,
            new Expected("TWS0038", DiagnosticSeverity.Warning,
                "Receives<MyApp.Btc> of 'MyApp.BybitClient' never gets a message: every value its discriminator 'orderbook.50.BTCUSDT' matches at 'topic' is matched first by Receives<MyApp.AnyBook> ('orderbook.*'), declared before it. Declare the more specific contract first."),
            new Expected("TWS0038", DiagnosticSeverity.Warning,
                "Receives<MyApp.Deep> of 'MyApp.BybitClient' never gets a message: every value its discriminator 'orderbook.500.*' matches at 'topic' is matched first by Receives<MyApp.AnyBook> ('orderbook.*'), declared before it. Declare the more specific contract first."),
            new Expected("TWS0038", DiagnosticSeverity.Warning,
                "Receives<MyApp.Ticker> of 'MyApp.BybitClient' never gets a message: every value its discriminator '*.tickers' matches at 'topic' is matched first by Receives<MyApp.Trade> ('*'), declared before it. Declare the more specific contract first."));
    }

    [Fact]
    public async Task TWS0005_same_kind_at_the_same_path_written_two_ways_and_TWS0006_for_sends()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "op", Envelope = "d")]
            [Receives<Ready>("READY", DiscriminatorProperty = "t")]
            [{|TWS0005:Receives<Resumed>("READY", DiscriminatorProperty = "/t")|}]
            [Receives<Hello>(10)]
            [Receives<HelloText>("10")]
            [Sends<Identify>(2)]
            [{|TWS0006:Sends<Resume>(2)|}]
            public partial class DiscordClient;

            public sealed record Ready(string SessionId);
            public sealed record Resumed(string SessionId);
            public sealed record Hello(int HeartbeatInterval);
            public sealed record HelloText(int HeartbeatInterval);
            public sealed record Identify(string Token);
            public sealed record Resume(string Token);
            """,
            new Expected("TWS0005", DiagnosticSeverity.Error,
                "Receives<MyApp.Resumed> of 'MyApp.DiscordClient' uses the discriminator 'READY', which Receives<MyApp.Ready> already uses, so messages with it could never reach Receives<MyApp.Resumed>. Give each received contract its own discriminator."),
            new Expected("TWS0006", DiagnosticSeverity.Warning,
                "Sends<MyApp.Resume> of 'MyApp.DiscordClient' uses the discriminator '2', which Sends<MyApp.Identify> already uses, so the server cannot tell the two apart. Give each sent contract its own discriminator, or suppress this warning if both shapes are meant to share it."));
    }

    [Fact]
    public async Task TWS0039_batches_with_a_received_contract_that_is_an_array()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using System.Collections.Generic;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "ev", Batches = true)]
            [{|TWS0039:Receives<List<Trade>>("T")|}]
            [Receives<Quote>("Q")]
            public partial class PolygonClient;

            public sealed record Trade(string Sym);
            public sealed record Quote(string Sym);
            """,
            new Expected("TWS0039", DiagnosticSeverity.Error,
                "'System.Collections.Generic.List<MyApp.Trade>' is received by 'MyApp.PolygonClient' as the whole message (it is a collection, written as a JSON array), but with Batches = true a message that is a JSON array is a batch whose elements are dispatched one by one, so it could never be read as 'System.Collections.Generic.List<MyApp.Trade>'. Receive it in an Envelope, or turn Batches off."));
    }

    [Fact]
    public async Task TWS0040_received_contract_without_a_discriminator_property()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "payload")]
            [Receives<Hello>("hello", {|TWS0040:DiscriminatorProperty = ""|})]
            [Sends<Ack>(DiscriminatorProperty = "", Envelope = "")]
            public partial class SlackClient;

            public sealed record Hello(int NumConnections);
            public sealed record Ack(string EnvelopeId);
            """,
            new Expected("TWS0040", DiagnosticSeverity.Error,
                "Receives<MyApp.Hello> of 'MyApp.SlackClient' has DiscriminatorProperty = \"\", but a received message is dispatched by its kind, so nothing could tell this contract's messages from others. Set DiscriminatorProperty to where its kind lives, or remove it to use the client's Discriminator."));
    }

    [Fact]
    public async Task TWS0042_serializer_options_beside_a_json_context_or_undefined()
    {
        await DiagnosticVerifier.VerifyAsync(
            $$"""
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(JsonContext = typeof(ChatJsonContext), {|TWS0042:PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower|})]
            [Receives<Ticker>("ticker")]
            public partial class CoinbaseClient;

            [WebSocketClient({|TWS0042:NumberHandling = (JsonNumberHandling)64|})]
            [Receives<Ticker>("ticker")]
            public partial class KrakenClient;

            public sealed record Ticker(string ProductId);

            [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
            [JsonSerializable(typeof(Ticker))]
            public partial class ChatJsonContext : JsonSerializerContext
            {{JsonContextTests.ContextBody}}
            """,
            new Expected("TWS0042", DiagnosticSeverity.Warning,
                "The PropertyNamingPolicy of 'MyApp.CoinbaseClient' is ignored because JsonContext is set: the context's own options apply. Set it on the context's [JsonSourceGenerationOptions] instead (keep JsonSerializerDefaults.Web for the web defaults), or remove it."),
            new Expected("TWS0042", DiagnosticSeverity.Warning,
                "The NumberHandling of 'MyApp.KrakenClient' is 64, which is not a defined JsonNumberHandling value, so the web default applies. Use one of the named JsonNumberHandling values."));
    }

    [Fact]
    public async Task TWS0043_sent_discriminator_that_is_not_written()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "payload")]
            [Sends<Ack>({|TWS0043:"ack"|}, DiscriminatorProperty = "", Envelope = "")]
            public partial class SlackClient;

            public sealed record Ack(string EnvelopeId);
            """,
            new Expected("TWS0043", DiagnosticSeverity.Warning,
                "Sends<MyApp.Ack> of 'MyApp.SlackClient' has the discriminator 'ack' and DiscriminatorProperty = \"\", which writes no kind, so 'ack' is never sent. Remove the discriminator argument, or set DiscriminatorProperty to where the kind goes."));
    }

    [Fact]
    public async Task TWS0044_flat_contract_property_named_like_a_constant()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "method")]
            [SendsProperty("jsonrpc", "2.0")]
            [{|TWS0044:Sends<Call>("call")|}]
            public partial class RpcClient;

            public sealed record Call(string Jsonrpc, int Value);
            """,
            new Expected("TWS0044", DiagnosticSeverity.Error,
                "Property 'Jsonrpc' of 'MyApp.Call' is serialized as 'jsonrpc', the name of [SendsProperty(\"jsonrpc\", \"2.0\")] on 'MyApp.RpcClient', so the flat message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0017_payload_property_named_like_a_kind_that_lies_inside_its_envelope()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "op", Envelope = "d")]
            [{|TWS0017:Receives<Event>("StreamStateChanged", DiscriminatorProperty = "/d/eventType")|}]
            public partial class ObsClient;

            public sealed record Event(string EventType, int EventIntent);
            """,
            new Expected("TWS0017", DiagnosticSeverity.Error,
                "Property 'EventType' of 'MyApp.Event' is serialized as 'eventType', which matches the discriminator property 'eventType' of 'MyApp.ObsClient' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope."));
    }

    [Fact]
    public async Task TWS0019_and_TWS0026_on_constants_and_contract_paths()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient]
            [SendsProperty({|TWS0019:" "|}, "2.0")]
            [SendsProperty("v", {|TWS0026:"x\uD800"|})]
            [Receives<Ready>("ready", {|TWS0019:DiscriminatorProperty = "  "|})]
            public partial class RpcClient;

            public sealed record Ready(string SessionId);
            """,
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The property name of [SendsProperty(\" \", \"2.0\")] of 'MyApp.RpcClient' is null, empty or whitespace, which the wire format cannot use. Name the top-level property the constant is written as."),
            new Expected("TWS0026", DiagnosticSeverity.Error,
                "The value of [SendsProperty(\"v\", \"x\\ud800\")] on 'MyApp.RpcClient' contains the unpaired surrogate U+D800 at index 1, which has no UTF-8 encoding, so it could not be written or matched on the wire. Remove it or complete the surrogate pair."),
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The DiscriminatorProperty of Receives<MyApp.Ready> of 'MyApp.RpcClient' is null, empty or whitespace, which the wire format cannot use. Set DiscriminatorProperty to where the kind lives, or remove it to use the client's Discriminator."));
    }

    [Fact]
    public async Task TWS0019_and_TWS0026_on_plain_text_messages()
    {
        await DiagnosticVerifier.VerifyAsync(
            """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient({|TWS0019:PlainTextMessages = new[] { "pong", null! }|})]
            [Receives<Ticker>("ticker")]
            public partial class OkxClient;

            [WebSocketClient({|TWS0026:PlainTextMessages = new[] { "po\uDC00ng" }|})]
            [Receives<Ticker>("ticker")]
            public partial class BitmexClient;

            public sealed record Ticker(string InstId);
            """,
            new Expected("TWS0019", DiagnosticSeverity.Error,
                "The plain-text message 1 (PlainTextMessages) of 'MyApp.OkxClient' is null, empty or whitespace, which the wire format cannot use. Remove the null entry: a plain-text message is the whole text of a frame."),
            new Expected("TWS0026", DiagnosticSeverity.Error,
                "The plain-text message 0 of [WebSocketClient] on 'MyApp.BitmexClient' contains the unpaired surrogate U+DC00 at index 2, which has no UTF-8 encoding, so it could not be written or matched on the wire. Remove it or complete the surrogate pair."));
    }

    public static TheoryData<string> ValidShapes => [.. s_validShapes.Keys];

    private static readonly Dictionary<string, string> s_validShapes = new()
    {
        ["number kinds, a second discriminator and a flat wrapper"] = """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "op", Envelope = "d")]
            [Receives<Hello>(10)]
            [Receives<HeartbeatAck>(11, Envelope = "")]
            [Receives<ReadyDispatch>("READY", DiscriminatorProperty = "t", Envelope = "")]
            [Sends<Identify>(2)]
            [Sends<long>(1)]
            public partial class DiscordClient;

            public sealed record Hello(int HeartbeatInterval);
            public sealed record HeartbeatAck;
            public sealed record Ready(string SessionId);
            public sealed record ReadyDispatch(long? S, Ready D);
            public sealed record Identify(string Token, int Intents);
            """,
        ["nested paths, patterns and constants"] = """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Discriminator = "method", Envelope = "params")]
            [SendsProperty("jsonrpc", "2.0")]
            [Receives<Book>("book.*", DiscriminatorProperty = "/params/channel", Envelope = "/params/data")]
            [Receives<Trade>("*.raw", DiscriminatorProperty = "/params/channel", Envelope = "/params/data")]
            [Sends<Subscribe>("public/subscribe")]
            public partial class DeribitClient;

            public sealed record Book(string InstrumentName);
            public sealed record Trade(string InstrumentName);
            public sealed record Subscribe(string[] Channels);
            """,
        ["kind-less acknowledgement, batches and plain text"] = """
            using System.Text.Json.Serialization;
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "payload", Batches = true, PlainTextMessages = new[] { "pong", "" },
                PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
            [Receives<EventsApi>("events_api")]
            [Sends<Ack>(DiscriminatorProperty = "", Envelope = "")]
            [Sends<int[]>(DiscriminatorProperty = "", Envelope = "")]
            public partial class SlackClient;

            public sealed record EventsApi(string TeamId);
            public sealed record Ack(string EnvelopeId);
            """,
        ["an empty envelope is the flat format"] = """
            using TypedWebSockets;

            namespace MyApp;

            [WebSocketClient(Envelope = "")]
            [Sends<Ping>("ping")]
            [Receives<Ping>("ping")]
            public partial class FlatClient;

            public sealed record Ping(int Sequence);
            """,
    };

    [Theory]
    [MemberData(nameof(ValidShapes))]
    public async Task Real_protocol_shapes_produce_no_diagnostic(string caseName)
        => await DiagnosticVerifier.VerifyCleanAsync(s_validShapes[caseName]);
}
