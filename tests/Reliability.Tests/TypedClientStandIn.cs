// Stand-ins for generated typed clients, written by hand while the generator is built on another branch.
//
// HandWrittenTypedClient mirrors, member for member, what the TypedWebSockets generator emits (see BRIEF.md,
// "What the generator emits") for
//
//     [WebSocketClient]
//     [Sends<ChatMessage>("chat")]
//     [Receives<ChatMessage>("chat")]
//     [Receives<Ticket>("ticket")]
//     [Receives<Measurement>("measure")]
//     [Receives<Animal>("animal")]
//     [Receives<Bag>("bag")]
//     public partial class HandWrittenTypedClient;
//
// and HandWrittenEnvelopeClient the same with [WebSocketClient(Discriminator = "kind", Envelope = "data")].
// To swap in the generator: reference it as an analyzer, replace each class below with the attributed partial
// declaration above, and keep the tests unchanged (they only use the members a generated client has).
#pragma warning disable IL2026, IL3050 // CreateWithReflection: the generated code for a client without JsonContext uses it too.

using System;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

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

// Mirrors generated code: see the comment at the top of this file.
public partial class HandWrittenTypedClient : global::TypedWebSockets.WebSocket
{
    private static readonly global::TypedWebSockets.Messaging.MessageFormat s_messageFormat = new("type", null);
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.ChatMessage> s_chatMessageContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.ChatMessage>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenTypedClient), s_messageFormat, "chat");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Ticket> s_ticketContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Ticket>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenTypedClient), s_messageFormat, "ticket");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Measurement> s_measurementContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Measurement>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenTypedClient), s_messageFormat, "measure");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Animal> s_animalContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Animal>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenTypedClient), s_messageFormat, "animal");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Bag> s_bagContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Bag>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenTypedClient), s_messageFormat, "bag");

    /// <summary>Creates a <see cref="HandWrittenTypedClient"/> and starts connecting to <paramref name="url"/>.</summary>
    /// <param name="url">An absolute ws:// or wss:// URL.</param>
    public HandWrittenTypedClient(string url)
        : base(url)
    {
    }

    /// <summary>Creates a <see cref="HandWrittenTypedClient"/> with options.</summary>
    /// <param name="url">An absolute ws:// or wss:// URL.</param>
    /// <param name="options">The options.</param>
    public HandWrittenTypedClient(string url, global::TypedWebSockets.WebSocketOptions options)
        : base(url, options)
    {
    }

    /// <summary>Typed listener keys.</summary>
    public static class Events
    {
        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.ChatMessage> ChatMessage { get; } = new("chat");

        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.Ticket> Ticket { get; } = new("ticket");

        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.Measurement> Measurement { get; } = new("measure");

        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.Animal> Animal { get; } = new("animal");

        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.Bag> Bag { get; } = new("bag");
    }

    public void Send(global::TypedWebSockets.Reliability.Tests.ChatMessage message) => SendMessage(s_chatMessageContract, message);

    public global::System.Threading.Tasks.ValueTask SendAsync(global::TypedWebSockets.Reliability.Tests.ChatMessage message, global::System.Threading.CancellationToken cancellationToken = default)
        => SendMessageAsync(s_chatMessageContract, message, cancellationToken);

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.ChatMessage>? _onChatMessage;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.ChatMessage>? OnChatMessage
    {
        get => _onChatMessage;
        set { _onChatMessage = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.Ticket>? _onTicket;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.Ticket>? OnTicket
    {
        get => _onTicket;
        set { _onTicket = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.Measurement>? _onMeasurement;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.Measurement>? OnMeasurement
    {
        get => _onMeasurement;
        set { _onMeasurement = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.Animal>? _onAnimal;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.Animal>? OnAnimal
    {
        get => _onAnimal;
        set { _onAnimal = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.Bag>? _onBag;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.Bag>? OnBag
    {
        get => _onBag;
        set { _onBag = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    protected override void DispatchMessage(global::System.ReadOnlySpan<byte> payload, bool isText)
    {
        var reader = new global::TypedWebSockets.Messaging.MessageReader(payload, s_messageFormat, typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenTypedClient));
        if (!reader.TryReadDiscriminator()) { return; }
        if (reader.DiscriminatorEquals("chat"u8)) { RaiseEvent(Events.ChatMessage, _onChatMessage, reader.Deserialize(s_chatMessageContract)); return; }
        if (reader.DiscriminatorEquals("ticket"u8)) { RaiseEvent(Events.Ticket, _onTicket, reader.Deserialize(s_ticketContract)); return; }
        if (reader.DiscriminatorEquals("measure"u8)) { RaiseEvent(Events.Measurement, _onMeasurement, reader.Deserialize(s_measurementContract)); return; }
        if (reader.DiscriminatorEquals("animal"u8)) { RaiseEvent(Events.Animal, _onAnimal, reader.Deserialize(s_animalContract)); return; }
        if (reader.DiscriminatorEquals("bag"u8)) { RaiseEvent(Events.Bag, _onBag, reader.Deserialize(s_bagContract)); return; }
        // unknown discriminator: raw listeners only (they already ran)
    }
}

// Mirrors generated code for [WebSocketClient(Discriminator = "kind", Envelope = "data")] with
// [Sends<ChatMessage>("chat")], [Receives<ChatMessage>("chat")], [Receives<Ticket>("ticket")], [Receives<Measurement>("measure")].
public partial class HandWrittenEnvelopeClient : global::TypedWebSockets.WebSocket
{
    private static readonly global::TypedWebSockets.Messaging.MessageFormat s_messageFormat = new("kind", "data");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.ChatMessage> s_chatMessageContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.ChatMessage>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenEnvelopeClient), s_messageFormat, "chat");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Ticket> s_ticketContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Ticket>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenEnvelopeClient), s_messageFormat, "ticket");
    private static readonly global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Measurement> s_measurementContract =
        global::TypedWebSockets.Messaging.MessageContract<global::TypedWebSockets.Reliability.Tests.Measurement>.CreateWithReflection(typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenEnvelopeClient), s_messageFormat, "measure");

    /// <summary>Creates a <see cref="HandWrittenEnvelopeClient"/> with options.</summary>
    /// <param name="url">An absolute ws:// or wss:// URL.</param>
    /// <param name="options">The options.</param>
    public HandWrittenEnvelopeClient(string url, global::TypedWebSockets.WebSocketOptions options)
        : base(url, options)
    {
    }

    /// <summary>Typed listener keys.</summary>
    public static class Events
    {
        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.ChatMessage> ChatMessage { get; } = new("chat");

        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.Ticket> Ticket { get; } = new("ticket");

        public static global::TypedWebSockets.WebSocketEvent<global::TypedWebSockets.Reliability.Tests.Measurement> Measurement { get; } = new("measure");
    }

    public void Send(global::TypedWebSockets.Reliability.Tests.ChatMessage message) => SendMessage(s_chatMessageContract, message);

    public global::System.Threading.Tasks.ValueTask SendAsync(global::TypedWebSockets.Reliability.Tests.ChatMessage message, global::System.Threading.CancellationToken cancellationToken = default)
        => SendMessageAsync(s_chatMessageContract, message, cancellationToken);

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.ChatMessage>? _onChatMessage;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.ChatMessage>? OnChatMessage
    {
        get => _onChatMessage;
        set { _onChatMessage = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.Ticket>? _onTicket;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.Ticket>? OnTicket
    {
        get => _onTicket;
        set { _onTicket = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    private global::System.Action<global::TypedWebSockets.Reliability.Tests.Measurement>? _onMeasurement;

    public global::System.Action<global::TypedWebSockets.Reliability.Tests.Measurement>? OnMeasurement
    {
        get => _onMeasurement;
        set { _onMeasurement = value; if (value is not null) { RegisterMessageConsumer(); } }
    }

    protected override void DispatchMessage(global::System.ReadOnlySpan<byte> payload, bool isText)
    {
        var reader = new global::TypedWebSockets.Messaging.MessageReader(payload, s_messageFormat, typeof(global::TypedWebSockets.Reliability.Tests.HandWrittenEnvelopeClient));
        if (!reader.TryReadDiscriminator()) { return; }
        if (reader.DiscriminatorEquals("chat"u8)) { RaiseEvent(Events.ChatMessage, _onChatMessage, reader.Deserialize(s_chatMessageContract)); return; }
        if (reader.DiscriminatorEquals("ticket"u8)) { RaiseEvent(Events.Ticket, _onTicket, reader.Deserialize(s_ticketContract)); return; }
        if (reader.DiscriminatorEquals("measure"u8)) { RaiseEvent(Events.Measurement, _onMeasurement, reader.Deserialize(s_measurementContract)); return; }
        // unknown discriminator: raw listeners only (they already ran)
    }
}
