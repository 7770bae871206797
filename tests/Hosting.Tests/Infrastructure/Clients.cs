namespace TypedWebSockets.Hosting.Tests;

public sealed record Ping(int N, string Text);

public sealed record Tick(int N);

public sealed record Sum(long[] Values);

public sealed record SumResult(long Total);

public sealed record Fail(string Why);

public sealed record Slow(int N);

/// <summary>Talks to /echo (its pings come back), /push (ticks) and the other endpoints of <see cref="TestServer"/>.</summary>
[WebSocketClient]
[Sends<Ping>("ping")]
[Receives<Ping>("ping")]
[Receives<Tick>("tick")]
public partial class EchoClient;

/// <summary>A second client type, for hosts with several clients.</summary>
[WebSocketClient]
[Sends<Ping>("ping")]
[Receives<Tick>("tick")]
public partial class TickClient;

/// <summary>Requests to /rpc: "sum" is answered, "fail" gets an error reply, "slow" is never answered.</summary>
[WebSocketClient]
[Requests<Sum, SumResult>("sum")]
[Requests<Fail, SumResult>("fail")]
[Requests<Slow, SumResult>("slow")]
public partial class RpcClient;
