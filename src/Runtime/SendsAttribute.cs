using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> sends messages of type
/// <typeparamref name="T"/>: the generator emits <c>Send(T)</c> and <c>SendAsync(T, CancellationToken)</c>.
/// </summary>
/// <typeparam name="T">The message contract: a class, record or struct that System.Text.Json serializes as an object.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SendsAttribute<T> : ContractAttribute
{
    /// <summary>Declares a sent contract with a string kind.</summary>
    /// <param name="discriminator">
    /// The discriminator value written on the wire. Default (<see langword="null"/>): the type's name in camelCase.
    /// </param>
    public SendsAttribute(string? discriminator = null)
        : base(discriminator)
    {
    }

    /// <summary>Declares a sent contract whose kind is written as a JSON number (<c>{"op":2,"d":{...}}</c>).</summary>
    /// <param name="discriminator">The number written on the wire.</param>
    public SendsAttribute(long discriminator)
        : base(discriminator)
    {
    }
}
