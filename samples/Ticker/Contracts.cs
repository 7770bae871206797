using System.Text.Json;
using System.Text.Json.Serialization;

namespace TypedWebSockets.Samples.Ticker;

/// <summary>Asks the server for price updates of some symbols.</summary>
public sealed record Subscribe(string[] Symbols);

/// <summary>The server's answer to <see cref="Subscribe"/>.</summary>
public sealed record Subscribed(string[] Symbols, int IntervalMilliseconds);

/// <summary>One price tick.</summary>
public sealed record PriceUpdate(string Symbol, decimal Price, decimal Change, long Sequence);

/// <summary>
/// The typed ticker client, in the envelope format (<c>{"type":"price","data":{...}}</c>) and with a source-generated
/// JSON context, so it needs no reflection: the sample publishes with NativeAOT without a single warning.
/// </summary>
[WebSocketClient(Envelope = "data", JsonContext = typeof(TickerJsonContext))]
[Sends<Subscribe>("subscribe")]
[Receives<Subscribed>("subscribed")]
[Receives<PriceUpdate>("price")]
public sealed partial class TickerClient;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Subscribe))]
[JsonSerializable(typeof(Subscribed))]
[JsonSerializable(typeof(PriceUpdate))]
internal sealed partial class TickerJsonContext : JsonSerializerContext;
