using System;

namespace TypedWebSockets;

/// <summary>
/// A received message: text or binary (<see cref="Data"/>). Exactly one of <see cref="Text"/> and <see cref="Data"/> is non-null.
/// </summary>
public sealed class WebSocketMessage
{
    private WebSocketMessage(string? text, Data? data)
    {
        Text = text;
        Data = data;
    }

    /// <summary><see langword="true"/> for a text message; then <see cref="Text"/> is non-null.</summary>
    public bool IsText => Text is not null;

    /// <summary><see langword="true"/> for a binary message; then <see cref="Data"/> is non-null.</summary>
    public bool IsBinary => Data is not null;

    /// <summary>The text of a text message, otherwise <see langword="null"/>.</summary>
    public string? Text { get; }

    /// <summary>The bytes of a binary message, otherwise <see langword="null"/>.</summary>
    public Data? Data { get; }

    /// <summary>Makes a text message.</summary>
    /// <param name="text">The text.</param>
    /// <returns>A message whose <see cref="IsText"/> is <see langword="true"/>.</returns>
    public static WebSocketMessage FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new WebSocketMessage(text, null);
    }

    /// <summary>Makes a binary message.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>A message whose <see cref="IsBinary"/> is <see langword="true"/>.</returns>
    public static WebSocketMessage FromData(Data data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new WebSocketMessage(null, data);
    }

    /// <summary>The text, or a description of the binary data.</summary>
    /// <returns>The text of a text message; <c>Data(N bytes)</c> for a binary one.</returns>
    public override string ToString() => Text ?? Data!.ToString();
}
