using System.Text.Json;

namespace TypedWebSockets.RealServers.Tests.JsonRpc;

#region cookbook
// JSON-RPC 2.0: {"jsonrpc":"2.0","method":"sum","id":1,"params":{"values":[1,2,3]}} out, {"jsonrpc":"2.0","id":1,"result":6}
// or {"jsonrpc":"2.0","id":1,"error":{"code":...,"message":...,"data":...}} back; notifications carry a method and no id.
// Params by name: each request record's properties are the method's parameter names (StreamJsonRpc matches them
// case-sensitively, so camelCase here for .NET parameters named sum(long[] values)).
[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
[SendsProperty("jsonrpc", "2.0")]
[Requests<SumParams, long>("sum")]
[Requests<GreetParams, string>("greet")]
[Requests<EchoMessage, EchoMessage>("echo")]
[Requests<FailParams, JsonElement?>("fail")]
[Requests<SlowParams, int>("slow")]
[Requests<StartTicksParams, int>("startTicks")]
[Requests<NopeParams, int>("nope")]           // a method the server does not have
[Receives<Tick>("tick")]          // server notifications {"jsonrpc":"2.0","method":"tick","params":{"n":1}}
public partial class RpcClient;

public sealed record SumParams(long[] Values);

public sealed record GreetParams(string Name, int Times = 1);

public sealed record FailParams(string Reason);

public sealed record SlowParams(int DelayMs);

public sealed record StartTicksParams(int Count);

public sealed record NopeParams;

// Params by position: the request is the params array, one element per parameter. sum(long[] values) has one
// parameter, so its params are an array holding the array.
[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
[SendsProperty("jsonrpc", "2.0")]
[Requests<long[][], long>("sum")]
[Requests<string[], string>("greet")]
public partial class PositionalRpcClient;
#endregion

// DESIGN's JSON-RPC example as written: [Requests<long[], long>("sum")] sends "params":[1,2,3], three arguments by
// position, which StreamJsonRpc refuses for sum(long[] values) (see JsonRpcClientTests).
[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
[SendsProperty("jsonrpc", "2.0")]
[Requests<long[], long>("sum")]
[Receives<Tick>("tick")]
public partial class DesignRpcClient;
