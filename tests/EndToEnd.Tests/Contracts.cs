// The chat protocol of the end-to-end suite: contracts of every shape a user writes (records, classes, structs,
// a closed generic), with nested objects, arrays, nullables, enums and DateTimeOffset.

using System;
using System.Collections.Generic;

namespace TypedWebSockets.EndToEnd.Tests;

/// <summary>Serialized as a number (no string enum converter).</summary>
public enum Mood
{
    Calm = 0,
    Happy = 1,
    Angry = 7,
}

public sealed record Author(string Name, int Level);

/// <summary>A record with every kind of member.</summary>
public sealed record ChatMessage(
    string Room,
    string User,
    string Text,
    DateTimeOffset SentAt,
    Mood Mood,
    int? ReplyTo,
    string[] Tags,
    Author Author,
    Author? Editor);

/// <summary>A mutable class with settable properties and a list.</summary>
public sealed class JoinRoom
{
    public string Room { get; set; } = "";

    public string? Password { get; set; }

    public List<int> Seats { get; set; } = [];
}

/// <summary>A class the server sends; <c>Since</c> is nullable.</summary>
public sealed class UserJoined
{
    public required string User { get; init; }

    public DateTimeOffset? Since { get; init; }

    public long Count { get; init; }
}

/// <summary>A struct contract.</summary>
public readonly record struct Presence(string User, bool Online, double Latency);

/// <summary>A small contract for the ordering tests.</summary>
public sealed record Tick(int Seq, string Label);

public sealed record Item(string Sku, decimal Price, Mood? Rating);

/// <summary>A generic contract, used closed as <c>Page&lt;Item&gt;</c> (member stem <c>PageOfItem</c>).</summary>
public sealed record Page<T>(int Number, IReadOnlyList<T> Items, string? Next);
