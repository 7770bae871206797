using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using TypedWebSockets;

namespace TypedWebSockets.Benchmarks;

/// <summary>The message every echo contender sends and receives: <c>{"type":"echo","sequence":1,"user":"ada","text":"..."}</c>.</summary>
public sealed record EchoMessage(int Sequence, string User, string Text)
{
    /// <summary>A message whose flat wire form (with <c>"type":"echo"</c>) is about <paramref name="wireBytes"/> bytes.</summary>
    public static EchoMessage OfWireSize(int wireBytes)
    {
        // {"type":"echo","sequence":1,"user":"ada","text":""} is 52 bytes.
        var textLength = Math.Max(wireBytes - 52, 1);
        return new EchoMessage(1, "ada", new string('x', textLength));
    }
}

/// <summary>
/// What a hand-written client without a typed layer serializes: the same fields with the discriminator first
/// (declaration order), so the wire bytes equal the typed client's.
/// </summary>
public sealed record EchoWire(string Type, int Sequence, string User, string Text)
{
    public static EchoWire From(EchoMessage message) => new("echo", message.Sequence, message.User, message.Text);
}

// Five contracts for the receive-dispatch scenario.
public sealed record ChatPosted(string Room, string User, string Text);

public sealed record UserJoined(string Room, string User, long At);

public sealed record UserLeft(string Room, string User);

public sealed record PriceTick(string Symbol, double Bid, double Ask, long Volume);

public sealed record Ack(int Id, bool Ok);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EchoMessage))]
[JsonSerializable(typeof(EchoWire))]
[JsonSerializable(typeof(ChatPosted))]
[JsonSerializable(typeof(UserJoined))]
[JsonSerializable(typeof(UserLeft))]
[JsonSerializable(typeof(PriceTick))]
[JsonSerializable(typeof(Ack))]
public sealed partial class BenchJsonContext : JsonSerializerContext;

/// <summary>The generated typed client of the echo scenarios.</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext))]
[Sends<EchoMessage>("echo")]
[Receives<EchoMessage>("echo")]
public partial class EchoClient;

/// <summary>The generated dispatcher of the receive scenario, flat format.</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext))]
[Receives<ChatPosted>("chat")]
[Receives<UserJoined>("joined")]
[Receives<UserLeft>("left")]
[Receives<PriceTick>("tick")]
[Receives<Ack>("ack")]
public partial class FlatDispatchClient;

/// <summary>The generated dispatcher of the receive scenario, envelope format (<c>{"type":"chat","data":{...}}</c>).</summary>
[WebSocketClient(JsonContext = typeof(BenchJsonContext), Envelope = "data")]
[Receives<ChatPosted>("chat")]
[Receives<UserJoined>("joined")]
[Receives<UserLeft>("left")]
[Receives<PriceTick>("tick")]
[Receives<Ack>("ack")]
public partial class EnvelopeDispatchClient;

// STJ polymorphism: the same five messages as derived types of one base, discriminated by "type".
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PolyChatPosted), "chat")]
[JsonDerivedType(typeof(PolyUserJoined), "joined")]
[JsonDerivedType(typeof(PolyUserLeft), "left")]
[JsonDerivedType(typeof(PolyPriceTick), "tick")]
[JsonDerivedType(typeof(PolyAck), "ack")]
public abstract record PolyMessage;

public sealed record PolyChatPosted(string Room, string User, string Text) : PolyMessage;

public sealed record PolyUserJoined(string Room, string User, long At) : PolyMessage;

public sealed record PolyUserLeft(string Room, string User) : PolyMessage;

public sealed record PolyPriceTick(string Symbol, double Bid, double Ask, long Volume) : PolyMessage;

public sealed record PolyAck(int Id, bool Ok) : PolyMessage;

// The envelope format in STJ polymorphism: each derived type wraps its contract in a "data" property.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PolyEnvelope<ChatPosted>), "chat")]
[JsonDerivedType(typeof(PolyEnvelope<UserJoined>), "joined")]
[JsonDerivedType(typeof(PolyEnvelope<UserLeft>), "left")]
[JsonDerivedType(typeof(PolyEnvelope<PriceTick>), "tick")]
[JsonDerivedType(typeof(PolyEnvelope<Ack>), "ack")]
public abstract record PolyEnvelopeMessage;

public sealed record PolyEnvelope<T>(T Data) : PolyEnvelopeMessage;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(PolyMessage))]
[JsonSerializable(typeof(PolyEnvelopeMessage))]
public sealed partial class PolymorphicJsonContext : JsonSerializerContext;
