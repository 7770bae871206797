namespace TypedWebSockets.Generator.Model;

/// <summary>
/// Why the generator emitted nothing for a <c>[WebSocketClient]</c> class. The parser checks these in this order and
/// stops at the first that applies; each one matches a diagnostic the analyzers report where the user can fix it.
/// </summary>
internal enum ClientSkipReason
{
    /// <summary>Not skipped.</summary>
    None = 0,

    /// <summary>The runtime types (<c>TypedWebSockets.WebSocket</c>, the attributes) cannot be found, or are ambiguous.</summary>
    RuntimeTypesMissing,

    /// <summary>The attribute is on something other than a class (struct, interface, ...).</summary>
    NotAClass,

    /// <summary>The client is a <c>record</c>.</summary>
    Record,

    /// <summary>A declaration of the client lacks <c>partial</c>.</summary>
    NotPartial,

    /// <summary>The client is <c>static</c>.</summary>
    Static,

    /// <summary>The client is <c>abstract</c>.</summary>
    Abstract,

    /// <summary>The client has type parameters.</summary>
    Generic,

    /// <summary>The client (or a type containing it) is <c>file</c>-local, so another file cannot add to it.</summary>
    FileLocal,

    /// <summary>A declaration of a type containing the client lacks <c>partial</c>.</summary>
    ContainingTypeNotPartial,

    /// <summary>A type containing the client has type parameters.</summary>
    GenericContainingType,

    /// <summary>The client declares a base class other than <c>TypedWebSockets.WebSocket</c>.</summary>
    InvalidBaseClass,

    /// <summary>
    /// An attribute has compile errors (an unknown type, a wrong argument), or <c>[WebSocketClient]</c> appears more
    /// than once. The compiler already reports these.
    /// </summary>
    InvalidAttribute,

    /// <summary><c>Discriminator</c> is null, empty, whitespace, or not valid UTF-16.</summary>
    InvalidDiscriminatorProperty,

    /// <summary><c>Envelope</c> is set but empty, whitespace, or not valid UTF-16.</summary>
    InvalidEnvelopeProperty,

    /// <summary><c>Envelope</c> equals <c>Discriminator</c>.</summary>
    EnvelopeSameAsDiscriminator,

    /// <summary>
    /// <c>JsonContext</c> is not a non-abstract, non-generic class derived from
    /// <c>System.Text.Json.Serialization.JsonSerializerContext</c> and accessible from the client.
    /// </summary>
    InvalidJsonContext,

    /// <summary>
    /// A contract type cannot be a message: an open generic (it mentions a type parameter), an interface,
    /// <c>object</c>, <c>dynamic</c>, a pointer or function pointer, a ref struct, or an abstract class.
    /// </summary>
    UnsupportedContractType,

    /// <summary>A contract's discriminator is given but empty, whitespace, or not valid UTF-16.</summary>
    InvalidDiscriminator,

    /// <summary>A contract's <c>Name</c> is given but is not a valid C# identifier.</summary>
    InvalidMemberName,

    /// <summary>
    /// A contract type is less accessible than the client's generated public members (for example an internal
    /// contract on a public client), which would not compile.
    /// </summary>
    ContractLessAccessible,

    /// <summary>The same type appears twice among the client's <c>[Sends]</c>, or twice among its <c>[Receives]</c>.</summary>
    DuplicateContractType,

    /// <summary>The same discriminator appears twice among the client's <c>[Sends]</c>, or twice among its <c>[Receives]</c>.</summary>
    DuplicateDiscriminator,

    /// <summary>
    /// Two received contracts have the same member stem (so the same <c>On{Stem}</c> and <c>Events.{Stem}</c>), or a
    /// stem is <c>Events</c> or the name of a member of <see cref="object"/>, which a member of <c>Events</c> cannot be.
    /// </summary>
    HandlerNameCollision,

    /// <summary>
    /// A generated member would clash with a member the user wrote in the client (same name; for <c>Send</c>,
    /// <c>SendAsync</c>, <c>DispatchMessage</c> and the constructors, same parameter types), with a member of
    /// <c>TypedWebSockets.WebSocket</c> (<c>OnOpen</c>, <c>Send(string)</c>, ...), or with the client's own name.
    /// </summary>
    MemberCollision,
}
