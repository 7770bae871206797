using System;

namespace TypedWebSockets.Samples.Chat;

// What a chat client sends ...
public sealed record JoinRoom(string Room, string User);

public sealed record SendChat(string Text);

// ... and what the server sends back.
public sealed record ChatMessage(string User, string Text, DateTimeOffset At);

public sealed record UserJoined(string User, string Room);

public sealed record UserLeft(string User, string Room);

/// <summary>
/// The typed chat client. The generator completes it with <c>Send(JoinRoom)</c>, <c>Send(SendChat)</c>,
/// <c>OnChatMessage</c>, <c>OnUserJoined</c> and <c>OnUserLeft</c>. Messages are flat JSON:
/// <c>{"type":"join","room":"lobby","user":"ada"}</c>.
/// </summary>
[WebSocketClient]
[Sends<JoinRoom>("join")]
[Sends<SendChat>("say")]
[Receives<ChatMessage>("chat")]
[Receives<UserJoined>("joined")]
[Receives<UserLeft>("left")]
public sealed partial class ChatClient;
