using System;

namespace TypedWebSockets;

/// <summary>
/// Declares that a <see cref="WebSocketClientAttribute">[WebSocketClient]</see> receives messages of type
/// <typeparamref name="T"/>: the generator emits an <c>On{T}</c> handler property and a typed listener key
/// <c>Events.{T}</c>, and dispatches each message whose kind matches to them.
/// </summary>
/// <remarks>
/// A received message goes to the first received contract, in the order the attributes are written, whose
/// discriminator path holds its kind. A contract that an earlier one always matches first is reported (TWS0038).
/// </remarks>
/// <typeparam name="T">The message contract: a class, record or struct that System.Text.Json deserializes from an object.</typeparam>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReceivesAttribute<T> : ContractAttribute
{
    /// <summary>Declares a received contract with a string kind.</summary>
    /// <param name="discriminator">
    /// The discriminator value that selects this contract. Default (<see langword="null"/>): the type's name in camelCase.
    /// It may start or end with one <c>*</c>: <c>"orderbook.*"</c> matches every value with that prefix, <c>"*@trade"</c>
    /// every value with that suffix, <c>"*"</c> every string.
    /// </param>
    public ReceivesAttribute(string? discriminator = null)
        : base(discriminator)
    {
    }

    /// <summary>Declares a received contract selected by a JSON number (<c>{"op":10,...}</c>; the string <c>"10"</c> does not match).</summary>
    /// <param name="discriminator">The number that selects this contract.</param>
    public ReceivesAttribute(long discriminator)
        : base(discriminator)
    {
    }
}
