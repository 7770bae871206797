using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TypedWebSockets.RealServers.Tests.GraphQL;

#region cookbook
// graphql-transport-ws (the protocol of the npm package graphql-ws): {"id":"1","type":"subscribe","payload":{...}} out,
// {"id":"1","type":"next","payload":{...}} items back, then {"id":"1","type":"complete"}; string ids.
[WebSocketClient(Envelope = "payload", CorrelationIdFormat = CorrelationIdFormat.String)]
[Sends<ConnectionInit>("connection_init")]
[Receives<ConnectionAck>("connection_ack", Envelope = "")]
[Receives<Ping>("ping", Envelope = "")]
[Sends<Pong>("pong", Envelope = "")]
[Subscribes<Subscribe, ExecutionResult>("subscribe", ItemDiscriminator = "next",
    CompleteDiscriminator = "complete", ErrorDiscriminator = "error", StopDiscriminator = "complete")]
public partial class GraphQLClient;

public sealed record ConnectionInit(string? Token = null);

public sealed record ConnectionAck;

public sealed record Ping;

public sealed record Pong;

public sealed record Subscribe(
    string Query,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Variables = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperationName = null);

/// <summary>A GraphQL result: <c>data</c>, and the field errors that travel beside it in a <c>next</c>.</summary>
public sealed record ExecutionResult(JsonElement Data, IReadOnlyList<GraphQLError>? Errors = null);

public sealed record GraphQLError(string Message, IReadOnlyList<JsonElement>? Path = null);
#endregion
