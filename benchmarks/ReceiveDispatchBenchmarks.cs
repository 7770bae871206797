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
