// The generated typed clients under test: the same chat protocol in the flat format, the envelope format, the flat
// format with a custom discriminator property, and the flat format through a source-generated JsonSerializerContext.
// Each partial declaration also implements IChatClient, which only compiles if the generator emitted exactly the
// expected members (Send/SendAsync per sent contract, On{Stem} per received contract); the Events keys are mapped by hand.

using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>The generated members the four chat clients share, so one test runs against each.</summary>
public interface IChatClient : IAsyncDisposable
{
    WebSocket Socket { get; }

    Action<ChatMessage>? OnChatMessage { get; set; }

    Action<UserJoined>? OnUserJoined { get; set; }

    Action<Presence>? OnPresence { get; set; }

    Action<Tick>? OnTick { get; set; }

    Action<Page<Item>>? OnPageOfItem { get; set; }

    WebSocketEvent<ChatMessage> ChatMessageEvent { get; }

    WebSocketEvent<UserJoined> UserJoinedEvent { get; }

    WebSocketEvent<Presence> PresenceEvent { get; }

    WebSocketEvent<Tick> TickEvent { get; }

    WebSocketEvent<Page<Item>> PageOfItemEvent { get; }

    void Send(JoinRoom message);

    ValueTask SendAsync(JoinRoom message, CancellationToken cancellationToken = default);

    void Send(ChatMessage message);

    ValueTask SendAsync(ChatMessage message, CancellationToken cancellationToken = default);

    void Send(Presence message);

    ValueTask SendAsync(Presence message, CancellationToken cancellationToken = default);

    void Send(Tick message);

    ValueTask SendAsync(Tick message, CancellationToken cancellationToken = default);

    void Send(Page<Item> message);

    ValueTask SendAsync(Page<Item> message, CancellationToken cancellationToken = default);
}

/// <summary>Flat format: <c>{"type":"chat","room":...}</c>. </summary>
[WebSocketClient]
[Sends<JoinRoom>("join")]
[Sends<ChatMessage>("chat")]
[Sends<Presence>("presence")]
[Sends<Tick>("tick")]
[Sends<Page<Item>>]
[Receives<ChatMessage>("chat")]
[Receives<UserJoined>]
[Receives<Presence>("presence")]
[Receives<Tick>("tick")]
[Receives<Page<Item>>]
public sealed partial class FlatChatClient : IChatClient
{
    WebSocket IChatClient.Socket => this;

    WebSocketEvent<ChatMessage> IChatClient.ChatMessageEvent => Events.ChatMessage;

    WebSocketEvent<UserJoined> IChatClient.UserJoinedEvent => Events.UserJoined;

    WebSocketEvent<Presence> IChatClient.PresenceEvent => Events.Presence;

    WebSocketEvent<Tick> IChatClient.TickEvent => Events.Tick;

    WebSocketEvent<Page<Item>> IChatClient.PageOfItemEvent => Events.PageOfItem;
}

/// <summary>Envelope format: <c>{"type":"chat","data":{"room":...}}</c>.</summary>
[WebSocketClient(Envelope = "data")]
[Sends<JoinRoom>("join")]
[Sends<ChatMessage>("chat")]
[Sends<Presence>("presence")]
[Sends<Tick>("tick")]
[Sends<Page<Item>>]
[Receives<ChatMessage>("chat")]
[Receives<UserJoined>]
[Receives<Presence>("presence")]
[Receives<Tick>("tick")]
[Receives<Page<Item>>]
public sealed partial class EnvelopeChatClient : IChatClient
{
    WebSocket IChatClient.Socket => this;

    WebSocketEvent<ChatMessage> IChatClient.ChatMessageEvent => Events.ChatMessage;

    WebSocketEvent<UserJoined> IChatClient.UserJoinedEvent => Events.UserJoined;

    WebSocketEvent<Presence> IChatClient.PresenceEvent => Events.Presence;

    WebSocketEvent<Tick> IChatClient.TickEvent => Events.Tick;

    WebSocketEvent<Page<Item>> IChatClient.PageOfItemEvent => Events.PageOfItem;
}

/// <summary>Flat format with a custom discriminator property: <c>{"kind":"chat","room":...}</c>.</summary>
[WebSocketClient(Discriminator = "kind")]
[Sends<JoinRoom>("join")]
[Sends<ChatMessage>("chat")]
[Sends<Presence>("presence")]
[Sends<Tick>("tick")]
[Sends<Page<Item>>]
[Receives<ChatMessage>("chat")]
[Receives<UserJoined>]
[Receives<Presence>("presence")]
[Receives<Tick>("tick")]
[Receives<Page<Item>>]
internal sealed partial class KindChatClient : IChatClient
{
    WebSocket IChatClient.Socket => this;

    WebSocketEvent<ChatMessage> IChatClient.ChatMessageEvent => Events.ChatMessage;

    WebSocketEvent<UserJoined> IChatClient.UserJoinedEvent => Events.UserJoined;

    WebSocketEvent<Presence> IChatClient.PresenceEvent => Events.Presence;

    WebSocketEvent<Tick> IChatClient.TickEvent => Events.Tick;

    WebSocketEvent<Page<Item>> IChatClient.PageOfItemEvent => Events.PageOfItem;
}

/// <summary>Flat format through a source-generated context with the web defaults (no reflection).</summary>
[WebSocketClient(JsonContext = typeof(ChatJsonContext))]
[Sends<JoinRoom>("join")]
[Sends<ChatMessage>("chat")]
[Sends<Presence>("presence")]
[Sends<Tick>("tick")]
[Sends<Page<Item>>]
[Receives<ChatMessage>("chat")]
[Receives<UserJoined>]
[Receives<Presence>("presence")]
[Receives<Tick>("tick")]
[Receives<Page<Item>>]
public sealed partial class ContextChatClient : IChatClient
{
    WebSocket IChatClient.Socket => this;

    WebSocketEvent<ChatMessage> IChatClient.ChatMessageEvent => Events.ChatMessage;

    WebSocketEvent<UserJoined> IChatClient.UserJoinedEvent => Events.UserJoined;

    WebSocketEvent<Presence> IChatClient.PresenceEvent => Events.Presence;

    WebSocketEvent<Tick> IChatClient.TickEvent => Events.Tick;

    WebSocketEvent<Page<Item>> IChatClient.PageOfItemEvent => Events.PageOfItem;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JoinRoom))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(UserJoined))]
[JsonSerializable(typeof(Presence))]
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(Page<Item>))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;

/// <summary>Which generated client a test runs against.</summary>
public enum ClientKind
{
    Flat,
    Envelope,
    CustomDiscriminator,
    JsonContext,
}

/// <summary>How a client kind writes its messages, and how to make one.</summary>
public static class ChatClients
{
    public static readonly TheoryData<ClientKind> AllKinds = new(Enum.GetValues<ClientKind>());

    public static IChatClient Create(ClientKind kind, string url, WebSocketOptions options) => kind switch
    {
        ClientKind.Flat => new FlatChatClient(url, options),
        ClientKind.Envelope => new EnvelopeChatClient(url, options),
        ClientKind.CustomDiscriminator => new KindChatClient(url, options),
        ClientKind.JsonContext => new ContextChatClient(url, options),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown client kind."),
    };

    public static Type ClientType(ClientKind kind) => kind switch
    {
        ClientKind.Flat => typeof(FlatChatClient),
        ClientKind.Envelope => typeof(EnvelopeChatClient),
        ClientKind.CustomDiscriminator => typeof(KindChatClient),
        ClientKind.JsonContext => typeof(ContextChatClient),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown client kind."),
    };

    /// <summary>The JSON property holding the discriminator.</summary>
    public static string DiscriminatorProperty(ClientKind kind) => kind == ClientKind.CustomDiscriminator ? "kind" : "type";

    /// <summary>The envelope property, or <see langword="null"/> for the flat format.</summary>
    public static string? EnvelopeProperty(ClientKind kind) => kind == ClientKind.Envelope ? "data" : null;
}
