namespace TypedWebSockets.Generator.Model;

/// <summary>One <c>[Sends&lt;T&gt;]</c> or <c>[Receives&lt;T&gt;]</c> of a client, with every name the emitter needs.</summary>
/// <param name="Direction">Whether the client sends or receives it.</param>
/// <param name="Type">The contract type.</param>
/// <param name="CanBeNull">Whether a value of the type can be <see langword="null"/> (reference types and <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="Discriminator">The discriminator value on the wire.</param>
/// <param name="MemberStem">The stem of member names: <c>On{Stem}</c> and <c>Events.{Stem}</c> (unescaped; the emitter escapes keywords).</param>
/// <param name="ContractField">
/// The static <c>MessageContract&lt;T&gt;</c> field; a type sent and received with the same discriminator shares one.
/// </param>
/// <param name="HandlerField">The field behind <c>On{Stem}</c> (received contracts only; empty for sent ones).</param>
internal sealed record MessageContractSpec(
    MessageDirection Direction,
    TypeRef Type,
    bool CanBeNull,
    string Discriminator,
    string MemberStem,
    string ContractField,
    string HandlerField)
{
    /// <summary>The <c>On{Stem}</c> handler property.</summary>
    public string HandlerProperty => "On" + MemberStem;
}

/// <summary>Which way a contract travels.</summary>
internal enum MessageDirection
{
    /// <summary><c>[Sends&lt;T&gt;]</c>: <c>Send(T)</c> and <c>SendAsync(T, CancellationToken)</c>.</summary>
    Sends,

    /// <summary><c>[Receives&lt;T&gt;]</c>: <c>On{T}</c>, <c>Events.{T}</c> and a branch of the dispatcher.</summary>
    Receives,
}
