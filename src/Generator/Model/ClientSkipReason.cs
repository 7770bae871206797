namespace TypedWebSockets.Generator.Model;

/// <summary>
/// Why the generator emitted nothing for a <c>[WebSocketClient]</c> class. The parser checks these in this order and
/// stops at the first that applies. The rule: skip what the analyzers report as an error about the client's shape, and
/// anything the generated code could not compile with; never skip for what they only warn about (for example two
/// <c>[Sends]</c> sharing a discriminator), since a suppressed warning must still leave a working client.
/// Every reason has its diagnostics in <c>Diagnostics.SkipReasonDiagnostics</c>; a new reason needs an entry there
/// (the tests fail without one).
/// </summary>
internal enum ClientSkipReason
{
    /// <summary>Not skipped.</summary>
    None = 0,

    /// <summary>The runtime types (<c>TypedWebSockets.WebSocket</c>, the attributes) cannot be found, or are ambiguous (TWS0027).</summary>
    RuntimeTypesMissing,

    /// <summary>The attribute is on something other than a class (struct, interface, ...) (TWS0003).</summary>
    NotAClass,

    /// <summary>The client is a <c>record</c> (TWS0003).</summary>
    Record,

    /// <summary>A declaration of the client lacks <c>partial</c> (TWS0001).</summary>
    NotPartial,

    /// <summary>The client is <c>static</c> (TWS0003).</summary>
    Static,

    /// <summary>The client is <c>abstract</c> (TWS0003).</summary>
    Abstract,

    /// <summary>The client has type parameters (TWS0003).</summary>
    Generic,

    /// <summary>The client (or a type containing it) is <c>file</c>-local, so another file cannot add to it (TWS0003).</summary>
    FileLocal,

    /// <summary>A declaration of a type containing the client lacks <c>partial</c> (TWS0002).</summary>
    ContainingTypeNotPartial,

    /// <summary>A type containing the client has type parameters (TWS0003).</summary>
    GenericContainingType,

    /// <summary>The client declares a base class other than <c>TypedWebSockets.WebSocket</c> (TWS0004).</summary>
    InvalidBaseClass,

    /// <summary>
    /// An attribute has compile errors (an unknown type, a wrong argument), or <c>[WebSocketClient]</c> appears more
    /// than once. The compiler already reports these; TWS0028 (a warning) says that the client is not generated because of them.
    /// </summary>
    InvalidAttribute,

    /// <summary><c>Discriminator</c> is null, empty or whitespace (TWS0019).</summary>
    InvalidDiscriminatorProperty,

    /// <summary><c>Envelope</c> is whitespace (TWS0019); <c>""</c> is the flat format.</summary>
    InvalidEnvelopeProperty,

    /// <summary><c>CorrelationId</c> or <c>ErrorProperty</c> is null, empty or whitespace (TWS0019).</summary>
    InvalidRequestProperty,

    /// <summary>A path of <c>[WebSocketClient]</c> or of a contract is an ill-formed JSON Pointer (TWS0033).</summary>
    IllFormedPath,

    /// <summary><c>Envelope</c> is <c>Discriminator</c> or lies inside it, compared as paths (TWS0020).</summary>
    EnvelopeSameAsDiscriminator,

    /// <summary>
    /// The client has <c>[Requests]</c> and its <c>CorrelationId</c> or <c>ErrorProperty</c> equals <c>Discriminator</c>,
    /// <c>Envelope</c> or each other, compared ordinally (TWS0031): requests or replies would need one property twice.
    /// </summary>
    RequestPropertyCollision,

    /// <summary>A <c>[Requests]</c> or <c>[Subscribes]</c> has <c>DiscriminatorProperty = ""</c> (TWS0046): a request needs a kind.</summary>
    RequestWithoutKind,

    /// <summary>A <c>[Requests]</c> or <c>[Subscribes]</c> puts its kind or envelope where the correlation id goes (TWS0047).</summary>
    CorrelatedPathOverlapsCorrelationId,

    /// <summary>Two of a <c>[Subscribes]</c>'s item, complete and error kinds are equal (TWS0045).</summary>
    SubscriptionKindsOverlap,

    /// <summary>
    /// <c>JsonContext</c> is not a class derived from <c>System.Text.Json.Serialization.JsonSerializerContext</c> (TWS0015),
    /// is an open generic (<c>typeof(Context&lt;&gt;)</c>), or is not accessible from the client (also TWS0015).
    /// </summary>
    InvalidJsonContext,

    /// <summary>A <c>PlainTextMessages</c> entry is null (TWS0019) or is not valid UTF-16 (TWS0026).</summary>
    InvalidPlainTextMessage,

    /// <summary>
    /// A contract type cannot be a message whichever way it travels (TWS0011): it mentions a type parameter, or it is
    /// <c>object</c>, <c>dynamic</c>, a pointer or function pointer, a delegate, or a ref struct. Interfaces and
    /// abstract classes are not skipped: polymorphic, collection and framework types are valid contracts, and the
    /// analyzers tell the others apart.
    /// </summary>
    UnsupportedContractType,

    /// <summary>
    /// A contract's discriminator is given but empty or whitespace (TWS0019), or is not valid UTF-16 (an unpaired
    /// surrogate), which the dispatcher's UTF-8 literal cannot hold (TWS0026).
    /// </summary>
    InvalidDiscriminator,

    /// <summary>A contract's <c>DiscriminatorProperty</c> or <c>Envelope</c> is whitespace (TWS0019) or an ill-formed JSON Pointer (TWS0033).</summary>
    InvalidContractPath,

    /// <summary>A received contract has <c>DiscriminatorProperty = ""</c>: it could never be told apart (TWS0040).</summary>
    ReceivedWithoutKind,

    /// <summary>A received kind has more than one <c>*</c>, or a <c>*</c> that is neither first nor last (TWS0034).</summary>
    InvalidKindPattern,

    /// <summary>A contract's own envelope is its discriminator path or lies inside it (TWS0036).</summary>
    ContractEnvelopeOverlapsDiscriminator,

    /// <summary>A contract's <c>Name</c> is given but is not a valid C# identifier, or is a keyword (TWS0021).</summary>
    InvalidMemberName,

    /// <summary>
    /// A contract type (or a type argument or containing type of it) is not accessible wherever the client's generated
    /// public members are (TWS0014), for example an internal contract on a public client: CS0051 in generated code.
    /// </summary>
    ContractLessAccessible,

    /// <summary>
    /// The same type appears twice among the client's <c>[Sends]</c>, twice among its <c>[Receives]</c>, or as the request
    /// type of two <c>[Requests]</c> (TWS0007).
    /// </summary>
    DuplicateContractType,

    /// <summary>
    /// The same discriminator appears twice among the client's <c>[Receives]</c> (TWS0005). Among its <c>[Sends]</c>
    /// (TWS0006) or its <c>[Requests]</c> (TWS0029) that is only a warning and the client is generated.
    /// </summary>
    DuplicateDiscriminator,

    /// <summary>
    /// Two received contracts have the same member stem, so the same <c>On{Stem}</c> and <c>Events.{Stem}</c> (TWS0008),
    /// or a stem is <c>Events</c>, which a member of the class <c>Events</c> cannot be named (TWS0025).
    /// </summary>
    HandlerNameCollision,

    /// <summary>A <c>[SendsProperty]</c> name is blank (TWS0019), or its name or value is not valid UTF-16 (TWS0026).</summary>
    InvalidSentProperty,

    /// <summary>
    /// A <c>[SendsProperty]</c> is named like another one, or like the first property of a sent discriminator, a sent
    /// envelope or (with requests) the correlation id or error property (TWS0037): a message would need it twice.
    /// </summary>
    SentPropertyCollision,

    /// <summary>
    /// A generated public member would clash with a member the user wrote in the client (TWS0009: same name for
    /// <c>On{Stem}</c> and <c>Events</c>; same parameter types for the constructors, <c>Send</c>, <c>SendAsync</c> and
    /// <c>DispatchMessage</c>, or a non-method of that name), would hide a member of <c>TypedWebSockets.WebSocket</c>
    /// (TWS0010: <c>OnOpen</c>, <c>Send(string)</c>, ...), or would be named like the client itself (TWS0025, CS0542). Private
    /// generated names never clash: they are numbered around the user's members.
    /// </summary>
    MemberCollision,
}
