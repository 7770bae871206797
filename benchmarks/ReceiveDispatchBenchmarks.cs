using System;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Scenario 3: receive dispatch without a socket. A batch of <see cref="BatchSize"/> messages of five contracts
/// (discriminator first, as servers usually write it) goes through each dispatcher, which deserializes every message
/// and hands it to its typed handler. Figures are per message.
/// </summary>
[MemoryDiagnoser]
public class ReceiveDispatchBenchmarks
{
    public const int BatchSize = 100;

    private byte[][] _batch = null!;
    private FlatDispatchProbe _flatGenerated = null!;
    private EnvelopeDispatchProbe _envelopeGenerated = null!;
    private Action<ChatPosted> _onChat = null!;
    private Action<UserJoined> _onJoined = null!;
    private Action<UserLeft> _onLeft = null!;
    private Action<PriceTick> _onTick = null!;
    private Action<Ack> _onAck = null!;
    private object? _last;
    private int _handled;

    /// <summary><c>flat</c>: <c>{"type":"chat","room":...}</c>; <c>envelope</c>: <c>{"type":"chat","data":{"room":...}}</c>.</summary>
    [Params("flat", "envelope")]
    public string Format { get; set; } = "flat";

    private bool IsEnvelope => Format == "envelope";

    [GlobalSetup]
    public void Setup()
    {
        _onChat = m => Handle(m);
        _onJoined = m => Handle(m);
        _onLeft = m => Handle(m);
        _onTick = m => Handle(m);
        _onAck = m => Handle(m);
        _batch = BuildBatch(IsEnvelope);

        _flatGenerated = new FlatDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };
        _envelopeGenerated = new EnvelopeDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };

        // Every dispatcher must handle every message of the batch, or the comparison means nothing.
        Check(nameof(HandTuned), HandTuned);
        Check(nameof(Generated), Generated);
        Check(nameof(JsonDocumentLookup), JsonDocumentLookup);
        Check(nameof(StjPolymorphic), StjPolymorphic);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _flatGenerated.Dispose();
        _envelopeGenerated.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize, Description = "Hand-tuned Utf8JsonReader (limit)")]
    public void HandTuned()
    {
        foreach (var payload in _batch)
        {
            DispatchHandTuned(payload);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Generated dispatcher")]
    public void Generated()
    {
        if (IsEnvelope)
        {
            foreach (var payload in _batch)
            {
                _envelopeGenerated.Feed(payload);
            }
        }
        else
        {
            foreach (var payload in _batch)
            {
                _flatGenerated.Feed(payload);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "JsonDocument + type lookup")]
    public void JsonDocumentLookup()
    {
        foreach (var payload in _batch)
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var body = IsEnvelope ? root.GetProperty("data") : root;
            var context = BenchJsonContext.Default;
            switch (root.GetProperty("type").GetString())
            {
                case "chat": _onChat(body.Deserialize(context.ChatPosted)!); break;
                case "joined": _onJoined(body.Deserialize(context.UserJoined)!); break;
                case "left": _onLeft(body.Deserialize(context.UserLeft)!); break;
                case "tick": _onTick(body.Deserialize(context.PriceTick)!); break;
                case "ack": _onAck(body.Deserialize(context.Ack)!); break;
            }
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "STJ [JsonPolymorphic] (out-of-order on)")]
    public void StjPolymorphic()
    {
        var context = PolymorphicJsonContext.Default;
        if (IsEnvelope)
        {
            foreach (var payload in _batch)
            {
                switch (JsonSerializer.Deserialize(payload, context.PolyEnvelopeMessage))
                {
                    case PolyEnvelope<ChatPosted> m: _onChat(m.Data); break;
                    case PolyEnvelope<UserJoined> m: _onJoined(m.Data); break;
                    case PolyEnvelope<UserLeft> m: _onLeft(m.Data); break;
                    case PolyEnvelope<PriceTick> m: _onTick(m.Data); break;
                    case PolyEnvelope<Ack> m: _onAck(m.Data); break;
                }
            }

            return;
        }

        foreach (var payload in _batch)
        {
            switch (JsonSerializer.Deserialize(payload, context.PolyMessage))
            {
                case PolyChatPosted m: Handle(m); break;
                case PolyUserJoined m: Handle(m); break;
                case PolyUserLeft m: Handle(m); break;
                case PolyPriceTick m: Handle(m); break;
                case PolyAck m: Handle(m); break;
            }
        }
    }

    private void DispatchHandTuned(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        reader.Read();
        if (!reader.ValueTextEquals("type"u8))
        {
            throw new InvalidOperationException("The hand-tuned dispatcher expects the discriminator first.");
        }

        reader.Read();
        var context = BenchJsonContext.Default;
        if (IsEnvelope)
        {
            var type = reader;
            reader.Read();
            if (!reader.ValueTextEquals("data"u8))
            {
                throw new InvalidOperationException("The hand-tuned dispatcher expects the envelope right after the discriminator.");
            }

            reader.Read();
            if (type.ValueTextEquals("chat"u8)) { _onChat(JsonSerializer.Deserialize(ref reader, context.ChatPosted)!); }
            else if (type.ValueTextEquals("joined"u8)) { _onJoined(JsonSerializer.Deserialize(ref reader, context.UserJoined)!); }
            else if (type.ValueTextEquals("left"u8)) { _onLeft(JsonSerializer.Deserialize(ref reader, context.UserLeft)!); }
            else if (type.ValueTextEquals("tick"u8)) { _onTick(JsonSerializer.Deserialize(ref reader, context.PriceTick)!); }
            else if (type.ValueTextEquals("ack"u8)) { _onAck(JsonSerializer.Deserialize(ref reader, context.Ack)!); }
            return;
        }

        if (reader.ValueTextEquals("chat"u8)) { _onChat(JsonSerializer.Deserialize(payload, context.ChatPosted)!); }
        else if (reader.ValueTextEquals("joined"u8)) { _onJoined(JsonSerializer.Deserialize(payload, context.UserJoined)!); }
        else if (reader.ValueTextEquals("left"u8)) { _onLeft(JsonSerializer.Deserialize(payload, context.UserLeft)!); }
        else if (reader.ValueTextEquals("tick"u8)) { _onTick(JsonSerializer.Deserialize(payload, context.PriceTick)!); }
        else if (reader.ValueTextEquals("ack"u8)) { _onAck(JsonSerializer.Deserialize(payload, context.Ack)!); }
    }

    private void Handle(object message)
    {
        _last = message;
        _handled++;
    }

    private void Check(string name, Action dispatch)
    {
        _handled = 0;
        dispatch();
        if (_handled != BatchSize || _last is null)
        {
            throw new InvalidOperationException($"{name} handled {_handled} of {BatchSize} {Format} messages.");
        }
    }

    internal static byte[][] BuildBatch(bool envelope)
    {
        string[] types = ["chat", "joined", "left", "tick", "ack"];
        string[] bodies =
        [
            "\"room\":\"lobby\",\"user\":\"ada\",\"text\":\"hello everyone, the build is green again\"",
            "\"room\":\"lobby\",\"user\":\"grace\",\"at\":1764109133000",
            "\"room\":\"lobby\",\"user\":\"linus\"",
            "\"symbol\":\"MSFT\",\"bid\":512.25,\"ask\":512.5,\"volume\":1200",
            "\"id\":42,\"ok\":true",
        ];
        var batch = new byte[BatchSize][];
        for (var i = 0; i < BatchSize; i++)
        {
            var kind = i % types.Length;
            var json = envelope
                ? $"{{\"type\":\"{types[kind]}\",\"data\":{{{bodies[kind]}}}}}"
                : $"{{\"type\":\"{types[kind]}\",{bodies[kind]}}}";
            batch[i] = Encoding.UTF8.GetBytes(json);
        }

        return batch;
    }
}

/// <summary>The generated flat dispatcher, fed directly: no socket, no dispatch lock, no raw listeners.</summary>
public sealed class FlatDispatchProbe : FlatDispatchClient
{
    public FlatDispatchProbe()
        : base("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false })
    {
    }

    public void Feed(ReadOnlySpan<byte> payload) => DispatchMessage(payload, isText: true);
}

/// <summary>The generated envelope dispatcher, fed directly.</summary>
public sealed class EnvelopeDispatchProbe : EnvelopeDispatchClient
{
    public EnvelopeDispatchProbe()
        : base("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false })
    {
    }

    public void Feed(ReadOnlySpan<byte> payload) => DispatchMessage(payload, isText: true);
}

/// <summary>
/// Scenario 3b: receive dispatch of the message shapes of real protocols, each against a hand-written
/// <c>Utf8JsonReader</c> switch for the same shape (the limit), in the same run. The same five contracts and bodies as
/// <see cref="ReceiveDispatchBenchmarks"/>, kind first as servers write it:
/// <c>flat</c> <c>{"type":"chat",...}</c> (the reference case, the generated flat client);
/// <c>nested</c> <c>{"meta":{"type":"chat"},"data":{...}}</c> (a nested discriminator path);
/// <c>number</c> <c>{"op":0,"d":{...}}</c> (number kinds, Discord and OBS);
/// <c>pattern</c> <c>{"stream":"btcusdt@chat","data":{...}}</c> (suffix patterns, Binance's combined streams);
/// <c>paths</c> <c>{"metadata":{"message_type":"notification","subscription_type":"chat"},"payload":{"event":{...}}}</c>
/// (four paths read at once: a second, per-contract discriminator path and a nested envelope; Twitch EventSub), with
/// the fifth contract (<c>ack</c>) named by message_type and read from payload.
/// </summary>
[MemoryDiagnoser]
public class ShapeDispatchBenchmarks
{
    private static readonly string[] s_types = ["chat", "joined", "left", "tick", "ack"];
    private static readonly string[] s_bodies =
    [
        "\"room\":\"lobby\",\"user\":\"ada\",\"text\":\"hello everyone, the build is green again\"",
        "\"room\":\"lobby\",\"user\":\"grace\",\"at\":1764109133000",
        "\"room\":\"lobby\",\"user\":\"linus\"",
        "\"symbol\":\"MSFT\",\"bid\":512.25,\"ask\":512.5,\"volume\":1200",
        "\"id\":42,\"ok\":true",
    ];

    private byte[][] _batch = null!;
    private WebSocket _client = null!;
    private Action<byte[]> _feed = null!;
    private Action<ChatPosted> _onChat = null!;
    private Action<UserJoined> _onJoined = null!;
    private Action<UserLeft> _onLeft = null!;
    private Action<PriceTick> _onTick = null!;
    private Action<Ack> _onAck = null!;
    private object? _last;
    private int _handled;

    [Params("flat", "nested", "number", "pattern", "paths")]
    public string Shape { get; set; } = "flat";

    [GlobalSetup]
    public void Setup()
    {
        _onChat = m => Handle(m);
        _onJoined = m => Handle(m);
        _onLeft = m => Handle(m);
        _onTick = m => Handle(m);
        _onAck = m => Handle(m);
        _batch = BuildBatch(Shape);
        switch (Shape)
        {
            case "flat":
                var flat = new FlatDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };
                (_client, _feed) = (flat, payload => flat.Feed(payload));
                break;
            case "nested":
                var nested = new NestedDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };
                (_client, _feed) = (nested, payload => nested.Feed(payload));
                break;
            case "number":
                var number = new NumberDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };
                (_client, _feed) = (number, payload => number.Feed(payload));
                break;
            case "pattern":
                var pattern = new PatternDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };
                (_client, _feed) = (pattern, payload => pattern.Feed(payload));
                break;
            default:
                var paths = new PathsDispatchProbe { OnChatPosted = _onChat, OnUserJoined = _onJoined, OnUserLeft = _onLeft, OnPriceTick = _onTick, OnAck = _onAck };
                (_client, _feed) = (paths, payload => paths.Feed(payload));
                break;
        }

        Check(nameof(HandWritten), HandWritten);
        Check(nameof(Generated), Generated);
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = ReceiveDispatchBenchmarks.BatchSize, Description = "Hand-written Utf8JsonReader for the shape (limit)")]
    public void HandWritten()
    {
        foreach (var payload in _batch)
        {
            switch (Shape)
            {
                case "flat": DispatchFlat(payload); break;
                case "nested": DispatchNested(payload); break;
                case "number": DispatchNumber(payload); break;
                case "pattern": DispatchPattern(payload); break;
                default: DispatchPaths(payload); break;
            }
        }
    }

    [Benchmark(OperationsPerInvoke = ReceiveDispatchBenchmarks.BatchSize, Description = "Generated dispatcher")]
    public void Generated()
    {
        foreach (var payload in _batch)
        {
            _feed(payload);
        }
    }

    internal static byte[][] BuildBatch(string shape)
    {
        var batch = new byte[ReceiveDispatchBenchmarks.BatchSize][];
        for (var i = 0; i < batch.Length; i++)
        {
            var kind = i % s_types.Length;
            var (type, body) = (s_types[kind], s_bodies[kind]);
            var json = shape switch
            {
                "flat" => $"{{\"type\":\"{type}\",{body}}}",
                "nested" => $"{{\"meta\":{{\"type\":\"{type}\"}},\"data\":{{{body}}}}}",
                "number" => $"{{\"op\":{kind},\"d\":{{{body}}}}}",
                "pattern" => $"{{\"stream\":\"btcusdt@{type}\",\"data\":{{{body}}}}}",
                _ => type == "ack"
                    ? $"{{\"metadata\":{{\"message_type\":\"ack\"}},\"payload\":{{{body}}}}}"
                    : $"{{\"metadata\":{{\"message_type\":\"notification\",\"subscription_type\":\"{type}\"}},\"payload\":{{\"event\":{{{body}}}}}}}",
            };
            batch[i] = Encoding.UTF8.GetBytes(json);
        }

        return batch;
    }

    // {"type":"chat",...}: the existing limit (kind first, then the whole payload deserialized).
    private void DispatchFlat(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        reader.Read();
        reader.Read();
        var context = BenchJsonContext.Default;
        if (reader.ValueTextEquals("chat"u8)) { _onChat(JsonSerializer.Deserialize(payload, context.ChatPosted)!); }
        else if (reader.ValueTextEquals("joined"u8)) { _onJoined(JsonSerializer.Deserialize(payload, context.UserJoined)!); }
        else if (reader.ValueTextEquals("left"u8)) { _onLeft(JsonSerializer.Deserialize(payload, context.UserLeft)!); }
        else if (reader.ValueTextEquals("tick"u8)) { _onTick(JsonSerializer.Deserialize(payload, context.PriceTick)!); }
        else if (reader.ValueTextEquals("ack"u8)) { _onAck(JsonSerializer.Deserialize(payload, context.Ack)!); }
    }

    // {"meta":{"type":"chat"},"data":{...}}
    private void DispatchNested(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read(); // {
        reader.Read(); // "meta"
        reader.Read(); // {
        reader.Read(); // "type"
        reader.Read(); // "chat"
        var type = reader;
        reader.Read(); // }
        reader.Read(); // "data"
        if (!reader.ValueTextEquals("data"u8))
        {
            throw new InvalidOperationException("The hand-written dispatcher expects data right after meta.");
        }

        reader.Read(); // {
        Deserialize(ref type, ref reader);
    }

    // {"op":0,"d":{...}}
    private void DispatchNumber(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        reader.Read();
        reader.Read();
        var op = reader.GetInt32();
        reader.Read();
        reader.Read();
        var context = BenchJsonContext.Default;
        switch (op)
        {
            case 0: _onChat(JsonSerializer.Deserialize(ref reader, context.ChatPosted)!); break;
            case 1: _onJoined(JsonSerializer.Deserialize(ref reader, context.UserJoined)!); break;
            case 2: _onLeft(JsonSerializer.Deserialize(ref reader, context.UserLeft)!); break;
            case 3: _onTick(JsonSerializer.Deserialize(ref reader, context.PriceTick)!); break;
            case 4: _onAck(JsonSerializer.Deserialize(ref reader, context.Ack)!); break;
        }
    }

    // {"stream":"btcusdt@chat","data":{...}}: the stream name's suffix, compared on the raw bytes (no escapes).
    private void DispatchPattern(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        reader.Read();
        reader.Read();
        var stream = reader.ValueSpan;
        reader.Read();
        reader.Read();
        var context = BenchJsonContext.Default;
        if (stream.EndsWith("@chat"u8)) { _onChat(JsonSerializer.Deserialize(ref reader, context.ChatPosted)!); }
        else if (stream.EndsWith("@joined"u8)) { _onJoined(JsonSerializer.Deserialize(ref reader, context.UserJoined)!); }
        else if (stream.EndsWith("@left"u8)) { _onLeft(JsonSerializer.Deserialize(ref reader, context.UserLeft)!); }
        else if (stream.EndsWith("@tick"u8)) { _onTick(JsonSerializer.Deserialize(ref reader, context.PriceTick)!); }
        else if (stream.EndsWith("@ack"u8)) { _onAck(JsonSerializer.Deserialize(ref reader, context.Ack)!); }
    }

    // {"metadata":{"message_type":..,"subscription_type":..},"payload":{"event":{...}}} or {"metadata":{"message_type":"ack"},"payload":{...}}
    private void DispatchPaths(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read(); // {
        reader.Read(); // "metadata"
        reader.Read(); // {
        reader.Read(); // "message_type"
        reader.Read();
        var messageType = reader;
        reader.Read();
        var subscriptionType = reader;
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            subscriptionType = reader;
            reader.Read(); // }
        }

        reader.Read(); // "payload"
        reader.Read(); // {
        var context = BenchJsonContext.Default;
        if (messageType.ValueTextEquals("ack"u8))
        {
            _onAck(JsonSerializer.Deserialize(ref reader, context.Ack)!);
            return;
        }

        reader.Read(); // "event"
        reader.Read(); // {
        Deserialize(ref subscriptionType, ref reader);
    }

    private void Deserialize(ref Utf8JsonReader type, ref Utf8JsonReader body)
    {
        var context = BenchJsonContext.Default;
        if (type.ValueTextEquals("chat"u8)) { _onChat(JsonSerializer.Deserialize(ref body, context.ChatPosted)!); }
        else if (type.ValueTextEquals("joined"u8)) { _onJoined(JsonSerializer.Deserialize(ref body, context.UserJoined)!); }
        else if (type.ValueTextEquals("left"u8)) { _onLeft(JsonSerializer.Deserialize(ref body, context.UserLeft)!); }
        else if (type.ValueTextEquals("tick"u8)) { _onTick(JsonSerializer.Deserialize(ref body, context.PriceTick)!); }
        else if (type.ValueTextEquals("ack"u8)) { _onAck(JsonSerializer.Deserialize(ref body, context.Ack)!); }
    }

    private void Handle(object message)
    {
        _last = message;
        _handled++;
    }

    private void Check(string name, Action dispatch)
    {
        _handled = 0;
        _last = null;
        dispatch();
        if (_handled != ReceiveDispatchBenchmarks.BatchSize || _last is null)
        {
            throw new InvalidOperationException($"{name} handled {_handled} of {ReceiveDispatchBenchmarks.BatchSize} {Shape} messages.");
        }
    }
}

/// <summary>Scenario 3b, nested: <c>{"meta":{"type":"chat"},"data":{...}}</c>.</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext), Discriminator = "/meta/type", Envelope = "data")]
[Receives<ChatPosted>("chat")]
[Receives<UserJoined>("joined")]
[Receives<UserLeft>("left")]
[Receives<PriceTick>("tick")]
[Receives<Ack>("ack")]
public partial class NestedDispatchClient;

/// <summary>Scenario 3b, number: <c>{"op":0,"d":{...}}</c>.</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext), Discriminator = "op", Envelope = "d")]
[Receives<ChatPosted>(0)]
[Receives<UserJoined>(1)]
[Receives<UserLeft>(2)]
[Receives<PriceTick>(3)]
[Receives<Ack>(4)]
public partial class NumberDispatchClient;

/// <summary>Scenario 3b, pattern: <c>{"stream":"btcusdt@chat","data":{...}}</c>.</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext), Discriminator = "stream", Envelope = "data")]
[Receives<ChatPosted>("*@chat")]
[Receives<UserJoined>("*@joined")]
[Receives<UserLeft>("*@left")]
[Receives<PriceTick>("*@tick")]
[Receives<Ack>("*@ack")]
public partial class PatternDispatchClient;

/// <summary>Scenario 3b, paths: Twitch EventSub's shape, four paths read in one pass.</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext), Discriminator = "/metadata/message_type", Envelope = "payload")]
[Receives<ChatPosted>("chat", DiscriminatorProperty = "/metadata/subscription_type", Envelope = "/payload/event")]
[Receives<UserJoined>("joined", DiscriminatorProperty = "/metadata/subscription_type", Envelope = "/payload/event")]
[Receives<UserLeft>("left", DiscriminatorProperty = "/metadata/subscription_type", Envelope = "/payload/event")]
[Receives<PriceTick>("tick", DiscriminatorProperty = "/metadata/subscription_type", Envelope = "/payload/event")]
[Receives<Ack>("ack")]
public partial class PathsDispatchClient;

public sealed class NestedDispatchProbe : NestedDispatchClient
{
    public NestedDispatchProbe()
        : base("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false })
    {
    }

    public void Feed(ReadOnlySpan<byte> payload) => DispatchMessage(payload, isText: true);
}

public sealed class NumberDispatchProbe : NumberDispatchClient
{
    public NumberDispatchProbe()
        : base("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false })
    {
    }

    public void Feed(ReadOnlySpan<byte> payload) => DispatchMessage(payload, isText: true);
}

public sealed class PatternDispatchProbe : PatternDispatchClient
{
    public PatternDispatchProbe()
        : base("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false })
    {
    }

    public void Feed(ReadOnlySpan<byte> payload) => DispatchMessage(payload, isText: true);
}

public sealed class PathsDispatchProbe : PathsDispatchClient
{
    public PathsDispatchProbe()
        : base("ws://127.0.0.1:9/", new WebSocketOptions { AutoConnect = false })
    {
    }

    public void Feed(ReadOnlySpan<byte> payload) => DispatchMessage(payload, isText: true);
}
