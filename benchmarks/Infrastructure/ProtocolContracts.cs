using System.Text.Json;
using System.Text.Json.Serialization;

namespace TypedWebSockets.Benchmarks;

// The protocol scenarios' wire (benchmarks/Infrastructure/ProtocolEndpoints.cs serves both):
//
// JSON-RPC 2.0 request round trip, params and result an EchoMessage:
//   → {"jsonrpc":"2.0","method":"echo","params":{"sequence":1,"user":"ada","text":"..."},"id":7}
//   ← {"jsonrpc":"2.0","result":{"sequence":1,"user":"ada","text":"..."},"id":7}
//
// graphql-transport-ws subscription of N items, the item being the `payload` of each `next`:
//   → {"type":"connection_init"}                       ← {"type":"connection_ack"}
//   → {"id":"1","type":"subscribe","payload":{"query":"subscription ($count: Int!) { ticks(count: $count) { n symbol price } }","variables":{"count":N}}}
//   ← {"id":"1","type":"next","payload":{"data":{"ticks":{"n":1,"symbol":"MSFT","price":100.25}}}}   (n = 1..N)
//   ← {"id":"1","type":"complete"}

/// <summary>One item of the subscription scenario: the <c>payload</c> of a graphql-transport-ws <c>next</c> message.</summary>
public sealed record TicksResult(TicksData Data);

/// <summary>The <c>data</c> of a <see cref="TicksResult"/>.</summary>
public sealed record TicksData(Tick Ticks);

/// <summary>The selected fields of one tick.</summary>
public sealed record Tick(int N, string Symbol, double Price);

/// <summary>The <c>payload</c> of the subscribe message.</summary>
public sealed record TicksSubscription(string Query, TicksVariables Variables)
{
    public const string Document = "subscription ($count: Int!) { ticks(count: $count) { n symbol price } }";

    public static TicksSubscription Of(int count) => new(Document, new TicksVariables(count));
}

/// <summary>The <c>variables</c> of a <see cref="TicksSubscription"/>.</summary>
public sealed record TicksVariables(int Count);

/// <summary>graphql-transport-ws <c>{"type":"connection_init"}</c> (no payload).</summary>
public sealed record ConnectionInit;

/// <summary>graphql-transport-ws <c>{"type":"connection_ack"}</c>.</summary>
public sealed record ConnectionAck;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EchoMessage))]
[JsonSerializable(typeof(TicksResult))]
[JsonSerializable(typeof(TicksSubscription))]
[JsonSerializable(typeof(ConnectionInit))]
[JsonSerializable(typeof(ConnectionAck))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;

/// <summary>The typed contender of scenario 6: JSON-RPC 2.0 <c>echo</c> as a <c>[Requests]</c> pair.</summary>
[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result", JsonContext = typeof(ProtocolJsonContext))]
[SendsProperty("jsonrpc", "2.0")]
[Requests<EchoMessage, EchoMessage>("echo")]
public partial class RpcBenchmarkClient;

/// <summary>The typed contender of scenario 7: graphql-transport-ws <c>subscribe</c> as a <c>[Subscribes]</c> pair.</summary>
[WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String, JsonContext = typeof(ProtocolJsonContext))]
[Sends<ConnectionInit>("connection_init", Envelope = "")]
[Receives<ConnectionAck>("connection_ack", Envelope = "")]
[Subscribes<TicksSubscription, TicksResult>("subscribe", ItemDiscriminator = "next",
    CompleteDiscriminator = "complete", ErrorDiscriminator = "error", StopDiscriminator = "complete")]
public partial class GraphQLBenchmarkClient;
