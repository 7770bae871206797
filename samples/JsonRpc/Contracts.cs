namespace TypedWebSockets.Samples.JsonRpc;

/// <summary>
/// A typed JSON-RPC 2.0 client: each <c>[Requests]</c> is one method (the discriminator is <c>method</c>, the request
/// record is <c>params</c>, by name), the reply's <c>result</c> is the response, an <c>error</c> reply fails the call
/// with a <see cref="WebSocketRequestException"/>, and <c>[Receives]</c> types the server's notifications.
/// </summary>
[WebSocketClient(Discriminator = "method", Envelope = "params", ResponseEnvelope = "result")]
[SendsProperty("jsonrpc", "2.0")]
[Requests<AddParams, long>("add")]
[Requests<SumParams, long>("sum")]
[Requests<DivideParams, double>("divide")]
[Requests<StartTicksParams, int>("startTicks")]
[Receives<Tick>("tick")]
public partial class RpcClient;

/// <summary>The params of <c>add(long a, long b)</c>: by name, so the property names are the parameter names.</summary>
public sealed record AddParams(long A, long B);

/// <summary>The params of <c>sum(long[] values)</c>.</summary>
public sealed record SumParams(long[] Values);

/// <summary>The params of <c>divide(long dividend, long divisor)</c>.</summary>
public sealed record DivideParams(long Dividend, long Divisor);

/// <summary>The params of <c>startTicks(int count)</c>.</summary>
public sealed record StartTicksParams(int Count);

/// <summary>The params of a <c>tick</c> notification.</summary>
public sealed record Tick(int N);

/// <summary>The <c>data</c> of the division-by-zero error.</summary>
public sealed record DivisionError(long Dividend);
