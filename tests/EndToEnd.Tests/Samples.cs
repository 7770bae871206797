// The sample messages of the suite, each with its JSON written by hand (never by the library's serializer) and an
// assertion that compares every field.

using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using TypedWebSockets.EndToEnd.Tests.Infrastructure;
using Xunit;

namespace TypedWebSockets.EndToEnd.Tests;

public static class Samples
{
    /// <summary>Non-ASCII (accents, a surrogate pair), a quote, a backslash, a line break and a character JSON escapes by default.</summary>
    public const string TrickyText = "héllo 👋 \"quoted\" \\ back\nslash <b>&amp; 日本語";

    public static readonly DateTimeOffset SentAt = new(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2));

    public static ChatMessage Chat(string text = TrickyText, int? replyTo = 41) => new(
        Room: "lobby",
        User: "zoë",
        Text: text,
        SentAt: SentAt,
        Mood: Mood.Angry,
        ReplyTo: replyTo,
        Tags: ["a", "ß", ""],
        Author: new Author("ada", 3),
        Editor: null);

    /// <summary>The JSON of <see cref="Chat"/> as a server writes it (non-ASCII raw, one character escaped).</summary>
    public const string ChatJson =
        """{"room":"lobby","user":"zoë","text":"héllo 👋 \"quoted\" \\ back\nslash <b>&amp; \u65E5本語","sentAt":"2024-05-06T07:08:09.123+02:00","mood":7,"replyTo":41,"tags":["a","ß",""],"author":{"name":"ada","level":3},"editor":null}""";

    public static readonly string[] ChatPropertyNames = ["room", "user", "text", "sentAt", "mood", "replyTo", "tags", "author", "editor"];

    public static JoinRoom Join() => new() { Room = "café ☕", Password = null, Seats = [3, 1, 2] };

    public static Presence Presence() => new("grace", Online: true, Latency: 12.5);

    public const string PresenceJson = """{"user":"grace","online":true,"latency":12.5}""";

    public static Page<Item> Page() => new(2, [new Item("A-1", 19.99m, Mood.Happy), new Item("B-2", 0.1m, null)], Next: null);

    public const string PageJson = """{"number":2,"items":[{"sku":"A-1","price":19.99,"rating":1},{"sku":"B-2","price":0.1,"rating":null}],"next":null}""";

    /// <summary>A count beyond 2^53, which a double would round.</summary>
    public const string UserJoinedJson = """{"user":"grace","since":"2023-01-02T03:04:05Z","count":9007199254740993}""";

    public const string TickJson = """{"seq":5,"label":"five"}""";

    public static void AssertChat(ChatMessage expected, ChatMessage actual)
    {
        Assert.Equal(expected.Room, actual.Room);
        Assert.Equal(expected.User, actual.User);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.SentAt, actual.SentAt);
        Assert.Equal(expected.SentAt.Offset, actual.SentAt.Offset);
        Assert.Equal(expected.Mood, actual.Mood);
        Assert.Equal(expected.ReplyTo, actual.ReplyTo);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Author, actual.Author);
        Assert.Equal(expected.Editor, actual.Editor);
    }

    public static void AssertUserJoined(UserJoined actual)
    {
        Assert.Equal("grace", actual.User);
        Assert.Equal(new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero), actual.Since);
        Assert.Equal(9007199254740993L, actual.Count);
    }

    public static void AssertPage(Page<Item> actual)
    {
        Assert.Equal(2, actual.Number);
        Assert.Null(actual.Next);
        Assert.Equal([new Item("A-1", 19.99m, Mood.Happy), new Item("B-2", 0.1m, null)], actual.Items);
    }

    /// <summary>Every field of a chat message a client sent, read with <see cref="JsonDocument"/>.</summary>
    public static void AssertChatJson(ChatMessage expected, Wire.Body body)
    {
        Assert.Equal(ChatPropertyNames, body.PropertyNames);
        Assert.Equal(expected.Room, body["room"].GetString());
        Assert.Equal(expected.User, body["user"].GetString());
        Assert.Equal(expected.Text, body["text"].GetString());
        var sentAt = body["sentAt"];
        Assert.Equal(JsonValueKind.String, sentAt.ValueKind);
        Assert.Equal(expected.SentAt, DateTimeOffset.Parse(sentAt.GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(expected.SentAt.Offset, DateTimeOffset.Parse(sentAt.GetString()!, CultureInfo.InvariantCulture).Offset);
        Assert.Equal(JsonValueKind.Number, body["mood"].ValueKind);
        Assert.Equal((int)expected.Mood, body["mood"].GetInt32());
        if (expected.ReplyTo is { } replyTo)
        {
            Assert.Equal(replyTo, body["replyTo"].GetInt32());
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, body["replyTo"].ValueKind);
        }

        Assert.Equal(expected.Tags, body["tags"].EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["name", "level"], body["author"].EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected.Author.Name, body["author"].GetProperty("name").GetString());
        Assert.Equal(expected.Author.Level, body["author"].GetProperty("level").GetInt32());
        Assert.Equal(JsonValueKind.Null, body["editor"].ValueKind);
    }
}
