namespace TypedWebSockets.Generator.Model;

/// <summary>One <c>[Sends&lt;T&gt;]</c> or <c>[Receives&lt;T&gt;]</c> of a client, with every name the emitter needs.</summary>
/// <param name="Direction">Whether the client sends or receives it.</param>
/// <param name="Type">The contract type.</param>
/// <param name="CanBeNull">Whether a value of the type can be <see langword="null"/> (reference types and <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="Kind">The kind: how it is written and matched, and its text as declared.</param>
/// <param name="DiscriminatorProperty">The contract's own <c>DiscriminatorProperty</c> as written, or <see langword="null"/> for the client's.</param>
/// <param name="Envelope">The contract's own <c>Envelope</c> as written, or <see langword="null"/> for the client's.</param>
/// <param name="MemberStem">The stem of member names: <c>On{Stem}</c> and <c>Events.{Stem}</c> (unescaped; the emitter escapes keywords).</param>
/// <param name="ContractField">
/// The static <c>MessageContract&lt;T&gt;</c> field; a type sent and received with the same discriminator shares one.
/// </param>
/// <param name="HandlerField">The field behind <c>On{Stem}</c> (received contracts only; empty for sent ones).</param>
internal sealed record MessageContractSpec(
    MessageDirection Direction,
    TypeRef Type,
    bool CanBeNull,
    KindSpec Kind,
    string? DiscriminatorProperty,
    string? Envelope,
    string MemberStem,
    string ContractField,
    string HandlerField)
{
    /// <summary>The <c>On{Stem}</c> handler property.</summary>
    public string HandlerProperty => "On" + MemberStem;

    /// <summary>The kind as written in the attribute: <c>chat</c>, <c>10</c>, <c>orderbook.*</c>; empty for no kind.</summary>
    public string Discriminator => Kind.Text;
}

/// <summary>A contract's kind as the emitter writes it.</summary>
/// <param name="Type">How it is written and matched.</param>
/// <param name="Text">The kind as declared (a number as its digits).</param>
internal sealed record KindSpec(KindSpecType Type, string Text);

/// <summary>How the emitter creates a contract's <c>MessageKind</c>.</summary>
internal enum KindSpecType
{
    /// <summary>A string, passed as a string (<c>"chat"</c>).</summary>
    String,

    /// <summary>A received pattern: <c>MessageKind.Pattern("orderbook.*")</c>.</summary>
    Pattern,

    /// <summary>A number: <c>MessageKind.Number(10)</c>.</summary>
    Number,

    /// <summary>No kind: <c>MessageKind.None</c>.</summary>
    None,
}

/// <summary>Which way a contract travels.</summary>
internal enum MessageDirection
{
    /// <summary><c>[Sends&lt;T&gt;]</c>: <c>Send(T)</c> and <c>SendAsync(T, CancellationToken)</c>.</summary>
    Sends,

    /// <summary><c>[Receives&lt;T&gt;]</c>: <c>On{T}</c>, <c>Events.{T}</c> and a branch of the dispatcher.</summary>
    Receives,
}
