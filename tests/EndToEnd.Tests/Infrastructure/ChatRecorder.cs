using System;
using System.Collections.Generic;

namespace TypedWebSockets.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every handler of a chat client: each typed <c>On{T}</c> handler, a listener on each <c>Events.{T}</c> key, the raw
/// message handler and the error handler, all recording into one ordered <see cref="Log"/>.
/// </summary>
public sealed class ChatRecorder
{
    public List<string> Log { get; } = [];

    public Inbox<WebSocketMessage> Raw { get; }

    public Inbox<Exception> Errors { get; }

    public Inbox<ChatMessage> Chat { get; }

    public Inbox<ChatMessage> ChatListener { get; }

    public Inbox<UserJoined> UserJoined { get; }

    public Inbox<UserJoined> UserJoinedListener { get; }

    public Inbox<Presence> Presence { get; }

    public Inbox<Presence> PresenceListener { get; }

    public Inbox<Tick> Tick { get; }

    public Inbox<Tick> TickListener { get; }

    public Inbox<Page<Item>> Page { get; }

    public Inbox<Page<Item>> PageListener { get; }

    private ChatRecorder()
    {
        Raw = new("raw", Log);
        Errors = new("error", Log);
        Chat = new("chat", Log);
        ChatListener = new("chat listener", Log);
        UserJoined = new("userJoined", Log);
        UserJoinedListener = new("userJoined listener", Log);
        Presence = new("presence", Log);
        PresenceListener = new("presence listener", Log);
        Tick = new("tick", Log);
        TickListener = new("tick listener", Log);
        Page = new("pageOfItem", Log);
        PageListener = new("pageOfItem listener", Log);
    }

    /// <summary>Registers every handler; call it before the client can have received anything that matters.</summary>
    public static ChatRecorder Attach(IChatClient client)
    {
        var recorder = new ChatRecorder();
        client.Socket.OnMessage = recorder.Raw.Add;
        client.Socket.OnError = recorder.Errors.Add;
        client.OnChatMessage = recorder.Chat.Add;
        client.Socket.AddEventListener(client.ChatMessageEvent, recorder.ChatListener.Add);
        client.OnUserJoined = recorder.UserJoined.Add;
        client.Socket.AddEventListener(client.UserJoinedEvent, recorder.UserJoinedListener.Add);
        client.OnPresence = recorder.Presence.Add;
        client.Socket.AddEventListener(client.PresenceEvent, recorder.PresenceListener.Add);
        client.OnTick = recorder.Tick.Add;
        client.Socket.AddEventListener(client.TickEvent, recorder.TickListener.Add);
        client.OnPageOfItem = recorder.Page.Add;
        client.Socket.AddEventListener(client.PageOfItemEvent, recorder.PageListener.Add);
        return recorder;
    }

    public string[] LogSnapshot()
    {
        lock (Log)
        {
            return Log.ToArray();
        }
    }
}
