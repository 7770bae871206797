using System.Text.Json;
using System.Text.Json.Serialization;

namespace TypedWebSockets.Samples.Worker;

/// <summary>Asks the feed for quotes of some symbols.</summary>
public sealed record Subscribe(string[] Symbols);

/// <summary>One quote.</summary>
public sealed record Quote(string Symbol, decimal Bid, decimal Ask, long Sequence);

/// <summary>
/// The typed quote client, registered in the host by <c>AddWebSocketClient&lt;QuoteClient&gt;</c>. Its JSON context makes it
/// reflection-free, so the Worker publishes with NativeAOT without a warning.
/// </summary>
[WebSocketClient(JsonContext = typeof(QuoteJsonContext))]
[Sends<Subscribe>("subscribe")]
[Receives<Quote>("quote")]
public sealed partial class QuoteClient;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Subscribe))]
[JsonSerializable(typeof(Quote))]
internal sealed partial class QuoteJsonContext : JsonSerializerContext;
