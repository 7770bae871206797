using System;
using System.Globalization;
using System.Text;

namespace TypedWebSockets;

/// <summary>
/// A received message could not be read as the contract its discriminator names (or could not be read at all).
/// Reported to <see cref="WebSocket.OnError"/>; the connection stays open.
/// </summary>
/// <remarks>
/// The exception's message ends with a bounded excerpt of the message that failed (<see cref="MessageExcerpt"/>): its
/// first <see cref="MaxExcerptBytes"/> bytes, decoded as UTF-8, with control characters escaped.
/// </remarks>
public sealed class MessageContractException : Exception
{
    /// <summary>How many bytes of the message <see cref="MessageExcerpt"/> shows at most.</summary>
    public const int MaxExcerptBytes = 200;

    /// <summary>Creates the exception.</summary>
    /// <param name="clientType">The typed client that received the message.</param>
    /// <param name="contractType">The contract the discriminator named, or <see langword="null"/> when none was found.</param>
    /// <param name="discriminator">The discriminator value read, or <see langword="null"/> when none was read.</param>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The serializer's exception, if any.</param>
    public MessageContractException(Type clientType, Type? contractType, string? discriminator, string message, Exception? innerException = null)
        : this(clientType, contractType, discriminator, message, messageExcerpt: null, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="clientType">The typed client that received the message.</param>
    /// <param name="contractType">The contract the discriminator named, or <see langword="null"/> when none was found.</param>
    /// <param name="discriminator">The discriminator value read, or <see langword="null"/> when none was read.</param>
    /// <param name="message">What was wrong, including the excerpt if it should be shown.</param>
    /// <param name="messageExcerpt">An excerpt of the message that failed, or <see langword="null"/>.</param>
    /// <param name="innerException">The serializer's exception, if any.</param>
    public MessageContractException(Type clientType, Type? contractType, string? discriminator, string message, string? messageExcerpt, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ClientType = clientType;
        ContractType = contractType;
        Discriminator = discriminator;
        MessageExcerpt = messageExcerpt;
    }

    /// <summary>The typed client that received the message.</summary>
    public Type ClientType { get; }

    /// <summary>The contract the discriminator named, or <see langword="null"/> when the message named none.</summary>
    public Type? ContractType { get; }

    /// <summary>The discriminator value, or <see langword="null"/> when none could be read.</summary>
    public string? Discriminator { get; }

    /// <summary>
    /// The start of the message that failed (at most <see cref="MaxExcerptBytes"/> bytes, decoded as UTF-8, control
    /// characters escaped, followed by its length when cut), or <see langword="null"/> when not known.
    /// </summary>
    public string? MessageExcerpt { get; }

    // "{what went wrong}. Message: {excerpt}": the reason's own final period is not doubled.
    internal static MessageContractException Create(Type clientType, Type? contractType, string? discriminator, string reason, ReadOnlySpan<byte> message, Exception? innerException)
    {
        var excerpt = Excerpt(message);
        return new MessageContractException(clientType, contractType, discriminator, $"{reason.TrimEnd('.', ' ')}. Message: {excerpt}", excerpt, innerException);
    }

    internal static string Excerpt(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            return "(empty)";
        }

        var cut = message.Length;
        if (cut > MaxExcerptBytes)
        {
            // Back to the start of a UTF-8 sequence, so the cut does not leave half a character.
            cut = MaxExcerptBytes;
            while (cut > 0 && (message[cut] & 0xC0) == 0x80)
            {
                cut--;
            }
        }

        var text = Encoding.UTF8.GetString(message[..cut]);
        var builder = new StringBuilder(text.Length + 24);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
            else
            {
                builder.Append(c);
            }
        }

        if (cut < message.Length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({message.Length:N0} bytes)");
        }

        return builder.ToString();
    }
}
