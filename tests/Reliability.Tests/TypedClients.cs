// The typed clients of the reliability suite, completed by the TypedWebSockets generator (referenced as an analyzer).

using System;
using System.Threading;

namespace TypedWebSockets.Reliability.Tests;

public sealed record ChatMessage(string User, string Text, int Seq);

public sealed class Ticket
{
    public required string Id { get; init; }

    public required int Seq { get; init; }

    public int Priority { get; init; }
}

public sealed record Measurement(int Seq, long Count, double Ratio, byte Level);

/// <summary>A contract with a subclass the wire must not be able to pick (<c>$type</c> is not honoured).</summary>
public class Animal
{
    public string Name { get; init; } = "";

    public int Seq { get; init; }
}

public sealed class Dog : Animal
{
    public static int Constructed;

    public Dog() => Interlocked.Increment(ref Constructed);

    public bool Barks { get; init; }
}

/// <summary>A contract with an untyped member: whatever the wire says, it stays a <see cref="System.Text.Json.JsonElement"/>.</summary>
public sealed record Bag(int Seq, object? Payload);

/// <summary>A generated client in the flat format: <c>{"type":"chat","user":...}</c>.</summary>
[WebSocketClient]
[Sends<ChatMessage>("chat")]
[Receives<ChatMessage>("chat")]
[Receives<Ticket>("ticket")]
[Receives<Measurement>("measure")]
[Receives<Animal>("animal")]
[Receives<Bag>("bag")]
public partial class TypedClient;

/// <summary>A generated client in the envelope format with a custom discriminator: <c>{"kind":"chat","data":{...}}</c>.</summary>
[WebSocketClient(Discriminator = "kind", Envelope = "data")]
[Sends<ChatMessage>("chat")]
[Receives<ChatMessage>("chat")]
[Receives<Ticket>("ticket")]
[Receives<Measurement>("measure")]
public partial class TypedEnvelopeClient;
