using System;

namespace TypedWebSockets;

/// <summary>
/// A received message could not be read as the contract its discriminator names (or could not be read at all).
/// Reported to <see cref="WebSocket.OnError"/>; the connection stays open.
/// </summary>
public sealed class MessageContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="clientType">The typed client that received the message.</param>
    /// <param name="contractType">The contract the discriminator named, or <see langword="null"/> when none was found.</param>
    /// <param name="discriminator">The discriminator value read, or <see langword="null"/> when none was read.</param>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The serializer's exception, if any.</param>
    public MessageContractException(Type clientType, Type? contractType, string? discriminator, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        ClientType = clientType;
        ContractType = contractType;
        Discriminator = discriminator;
    }

    /// <summary>The typed client that received the message.</summary>
    public Type ClientType { get; }

    /// <summary>The contract the discriminator named, or <see langword="null"/> when the message named none.</summary>
    public Type? ContractType { get; }

    /// <summary>The discriminator value, or <see langword="null"/> when none could be read.</summary>
    public string? Discriminator { get; }
}
