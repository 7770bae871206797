using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// Every diagnostic TypedWebSockets reports, numbered in order. Each id has a section in <c>docs/diagnostics.md</c>
/// (<see cref="HelpLinkBase"/> + the id in lowercase) and a row in <c>AnalyzerReleases.*.md</c>.
/// </summary>
/// <remarks>
/// Errors are mistakes that would break the generated code or the client at run time; warnings are mistakes the
/// client survives but that are almost certainly unintended.
/// </remarks>
public static class DiagnosticDescriptors
{
    /// <summary>The category of every TypedWebSockets diagnostic.</summary>
    public const string Category = "TypedWebSockets";

    /// <summary>The diagnostics reference page; an id's anchor is appended in lowercase (<c>#tws0001</c>).</summary>
    public const string HelpLinkBase = "https://github.com/typedwebsockets/typedwebsockets/blob/main/docs/diagnostics.md#";

    /// <summary>TWS0001: a <c>[WebSocketClient]</c> class is not partial.</summary>
    public static readonly DiagnosticDescriptor ClientMustBePartial = new(
        id: "TWS0001",
        title: "WebSocket client class must be partial",
        messageFormat: "The [WebSocketClient] class '{0}' must be declared partial so the generator can complete it. Add the 'partial' modifier.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator completes a [WebSocketClient] class in a second partial declaration, which only compiles when every declaration of the class is partial.",
        helpLinkUri: HelpLinkBase + "tws0001");

    /// <summary>TWS0002: a type containing a <c>[WebSocketClient]</c> class is not partial.</summary>
    public static readonly DiagnosticDescriptor ContainingTypeMustBePartial = new(
        id: "TWS0002",
        title: "Type containing a WebSocket client must be partial",
        messageFormat: "'{0}' contains the [WebSocketClient] class '{1}' and must be declared partial so the generated code can extend it. Add the 'partial' modifier to '{0}'.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated code re-declares every containing type of a nested client as partial, which only compiles when those types are partial too.",
        helpLinkUri: HelpLinkBase + "tws0002");

    /// <summary>TWS0003: a <c>[WebSocketClient]</c> type is not a class, or is static, generic, abstract, a record, nested in a generic type or file-local.</summary>
    public static readonly DiagnosticDescriptor UnsupportedClientDeclaration = new(
        id: "TWS0003",
        title: "Unsupported WebSocket client declaration",
        messageFormat: "'{0}' cannot be a [WebSocketClient] because it is {1}. Declare the client as a plain partial class: not static, generic, abstract, a record, file-local or nested in a generic type.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A generated client is an instantiable, non-generic partial class deriving from TypedWebSockets.WebSocket; other kinds of declaration cannot be completed that way.",
        helpLinkUri: HelpLinkBase + "tws0003");

    /// <summary>TWS0004: a <c>[WebSocketClient]</c> class declares a base class other than <c>TypedWebSockets.WebSocket</c>.</summary>
    public static readonly DiagnosticDescriptor ClientHasOtherBaseClass = new(
        id: "TWS0004",
        title: "WebSocket client declares another base class",
        messageFormat: "'{0}' derives from '{1}', but the generator makes every [WebSocketClient] derive from TypedWebSockets.WebSocket. Remove the base class.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated partial declaration gives the client TypedWebSockets.WebSocket as its base class; a class cannot have two.",
        helpLinkUri: HelpLinkBase + "tws0004");

    /// <summary>TWS0005: two received contracts share a discriminator.</summary>
    public static readonly DiagnosticDescriptor DuplicateReceivedDiscriminator = new(
        id: "TWS0005",
        title: "Duplicate received discriminator",
        messageFormat: "{0} of '{1}' uses the discriminator '{2}', which {3} already uses, so messages with it could never reach {0}. Give each received contract its own discriminator.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Dispatch picks the received contract by its discriminator; two contracts with one discriminator make the second unreachable.",
        helpLinkUri: HelpLinkBase + "tws0005");

    /// <summary>TWS0006: two sent contracts share a discriminator.</summary>
    public static readonly DiagnosticDescriptor DuplicateSentDiscriminator = new(
        id: "TWS0006",
        title: "Duplicate sent discriminator",
        messageFormat: "{0} of '{1}' uses the discriminator '{2}', which {3} already uses, so the server cannot tell the two apart. Give each sent contract its own discriminator, or suppress this warning if both shapes are meant to share it.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Two sent contracts with one discriminator compile and send, but the receiving side cannot tell which shape it got.",
        helpLinkUri: HelpLinkBase + "tws0006");

    /// <summary>TWS0007: the same contract type is listed twice in Sends or in Receives, or is the request type of two Requests.</summary>
    public static readonly DiagnosticDescriptor DuplicateContract = new(
        id: "TWS0007",
        title: "Contract type listed twice",
        messageFormat: "'{0}' is listed twice {1} of '{2}', which would generate {3} twice. Remove the duplicate [{4}] attribute.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each contract type generates one set of members per direction, and each request type one RequestAsync; listing it twice would declare them twice.",
        helpLinkUri: HelpLinkBase + "tws0007");

    /// <summary>TWS0008: two received contracts would generate the same <c>On{T}</c> handler.</summary>
    public static readonly DiagnosticDescriptor DuplicateHandlerName = new(
        id: "TWS0008",
        title: "Received contracts generate the same handler name",
        messageFormat: "{0} and {1} of '{2}' would both generate the handler 'On{3}' and the listener key 'Events.{3}'. Set Name on one of the attributes to a different member-name stem.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Handler and listener-key names come from the contract type's name (or the attribute's Name); types of the same name in different namespaces collide.",
        helpLinkUri: HelpLinkBase + "tws0008");

    /// <summary>TWS0009: a member the user wrote has the name or signature of a generated member.</summary>
    public static readonly DiagnosticDescriptor MemberConflictsWithGeneratedMember = new(
        id: "TWS0009",
        title: "Member conflicts with a generated member",
        messageFormat: "The member '{0}' conflicts with {1}, which the generator emits into '{2}'. Rename or remove the member.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator emits the constructors, Send/SendAsync per sent contract, On{T} per received contract, the Events class and a DispatchMessage override; a user method with the same signature, or a property, field, event or nested type of the same name, cannot coexist with them.",
        helpLinkUri: HelpLinkBase + "tws0009");

    /// <summary>TWS0010: a generated member would hide a member of <c>TypedWebSockets.WebSocket</c>.</summary>
    public static readonly DiagnosticDescriptor GeneratedMemberHidesBaseMember = new(
        id: "TWS0010",
        title: "Generated member hides a TypedWebSockets.WebSocket member",
        messageFormat: "{0} of '{1}' would generate '{2}', which hides the inherited member '{3}'. {4}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A generated handler such as OnMessage or a Send(string) overload would hide the raw member of TypedWebSockets.WebSocket and change what existing calls do.",
        helpLinkUri: HelpLinkBase + "tws0010");

    /// <summary>TWS0011: a contract type that System.Text.Json cannot (de)serialize as declared.</summary>
    public static readonly DiagnosticDescriptor UnsupportedContractType = new(
        id: "TWS0011",
        title: "Contract type cannot be serialized",
        messageFormat: "'{0}' cannot be a {1} contract of '{2}' because {3}. {4}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A contract must be a concrete type that System.Text.Json can write and, when received, create: not a type parameter, object, dynamic, a pointer, a ref struct, a delegate, or (when received) an interface or abstract class without polymorphism metadata.",
        helpLinkUri: HelpLinkBase + "tws0011");

    /// <summary>TWS0012: a received contract class has no constructor System.Text.Json can use.</summary>
    public static readonly DiagnosticDescriptor ReceivedContractHasNoUsableConstructor = new(
        id: "TWS0012",
        title: "Received contract has no usable constructor",
        messageFormat: "'{0}', received by '{1}', has no constructor System.Text.Json can use: no public parameterless constructor, no [JsonConstructor] and {2}. Mark the constructor to use with [JsonConstructor] or add a public parameterless constructor.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "System.Text.Json creates a class through its public parameterless constructor, the constructor marked [JsonConstructor], or its only public constructor; without one, every received message would fail to deserialize.",
        helpLinkUri: HelpLinkBase + "tws0012");

    /// <summary>TWS0013: a sent contract is an interface or abstract class, so only its declared members are written.</summary>
    public static readonly DiagnosticDescriptor SentContractSerializedByDeclaredType = new(
        id: "TWS0013",
        title: "Sent contract is serialized by its declared type",
        messageFormat: "'{0}', sent by '{1}', is {2}, so only the members it declares are serialized, not those of the object actually sent. Declare the derived types with [JsonPolymorphic]/[JsonDerivedType] or send a concrete type.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "System.Text.Json serializes by the declared type: the properties that only a derived type has are silently left out.",
        helpLinkUri: HelpLinkBase + "tws0013");

    /// <summary>TWS0014: a contract type is less accessible than the client that exposes it.</summary>
    public static readonly DiagnosticDescriptor ContractLessAccessibleThanClient = new(
        id: "TWS0014",
        title: "Contract type is less accessible than the client",
        messageFormat: "'{0}' is {1} but '{2}' is {3}, so the public members generated for it would expose a less accessible type. {4}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Generated Send, SendAsync and On{T} members are public; their parameter types must be accessible everywhere the client is (containing types and type arguments count, and a protected or private type only where its containing type's scope covers the client's).",
        helpLinkUri: HelpLinkBase + "tws0014");

    /// <summary>TWS0015: the <c>JsonContext</c> type is not a <c>JsonSerializerContext</c> the client can use.</summary>
    public static readonly DiagnosticDescriptor JsonContextIsNotSerializerContext = new(
        id: "TWS0015",
        title: "JsonContext is not a usable JsonSerializerContext",
        messageFormat: "The JsonContext '{0}' of '{1}' {2}. Set JsonContext to a partial class deriving from JsonSerializerContext, with [JsonSerializable(typeof(T))] for each contract.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated client reads serialization metadata from the JsonContext's Default instance: a non-generic class deriving from JsonSerializerContext, accessible from the client, as the System.Text.Json source generator writes it.",
        helpLinkUri: HelpLinkBase + "tws0015");

    /// <summary>TWS0016: the <c>JsonContext</c> has no metadata for a contract type.</summary>
    public static readonly DiagnosticDescriptor JsonContextMissingContract = new(
        id: "TWS0016",
        title: "JsonContext does not include a contract type",
        messageFormat: "The JsonContext '{0}' of '{1}' has no serialization metadata for the contract '{2}', so the client would throw when first used. Add [JsonSerializable(typeof({2}))] to '{0}'.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "With a JsonContext, each contract's metadata comes from the context; a type the context neither lists nor reaches through a listed type has none.",
        helpLinkUri: HelpLinkBase + "tws0016");

    /// <summary>TWS0017: in the flat format, a contract property has the discriminator's JSON name.</summary>
    public static readonly DiagnosticDescriptor ContractPropertyConflictsWithDiscriminator = new(
        id: "TWS0017",
        title: "Contract property has the discriminator's JSON name",
        messageFormat: "Property '{0}' of '{1}' is serialized as '{2}', which matches the discriminator property '{3}' of '{4}' in the flat format, so the message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "In the flat format the contract's properties stand beside the discriminator; a property of the same JSON name (compared case-insensitively) duplicates the discriminator on the wire, which the receiving side rejects or misreads.",
        helpLinkUri: HelpLinkBase + "tws0017");

    /// <summary>TWS0018: in the flat format, a contract does not serialize as a JSON object.</summary>
    public static readonly DiagnosticDescriptor FlatContractIsNotJsonObject = new(
        id: "TWS0018",
        title: "Flat-format contract is not a JSON object",
        messageFormat: "'{0}' does not serialize as a JSON object ({1}), but the flat format of '{2}' puts the discriminator beside the contract's own properties. Use an object contract, or set an Envelope such as Envelope = \"data\".",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The flat format merges the discriminator into the contract's JSON object; arrays, strings, numbers and other values have no object to merge into and fail when sent or received.",
        helpLinkUri: HelpLinkBase + "tws0018");

    /// <summary>TWS0019: a discriminator property name, envelope property name or discriminator value is empty.</summary>
    public static readonly DiagnosticDescriptor EmptyWireName = new(
        id: "TWS0019",
        title: "Empty discriminator or envelope name",
        messageFormat: "The {0} of '{1}' is null, empty or whitespace, which the wire format cannot use. {2}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Discriminator property names, envelope property names and discriminator values must be non-blank; the runtime rejects blank ones when the client type is first used.",
        helpLinkUri: HelpLinkBase + "tws0019");

    /// <summary>TWS0020: the envelope property is the discriminator property, or lies inside it.</summary>
    public static readonly DiagnosticDescriptor EnvelopeSameAsDiscriminator = new(
        id: "TWS0020",
        title: "Envelope and discriminator are the same property",
        messageFormat: "The Envelope of '{0}' is '{1}', {2} its Discriminator, so the message and its kind would share one JSON property. Choose different names for Envelope and Discriminator.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "In the envelope format the discriminator and the message are two properties of one object; they need two names.",
        helpLinkUri: HelpLinkBase + "tws0020");

    /// <summary>TWS0021: a contract's <c>Name</c> is not a valid C# identifier.</summary>
    public static readonly DiagnosticDescriptor InvalidMemberNameStem = new(
        id: "TWS0021",
        title: "Invalid member-name stem",
        messageFormat: "The Name '{0}' of {1} on '{2}' is not a valid C# identifier, so the generated members could not be declared. Use an identifier such as '{3}'.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Name replaces the contract type's name in generated member names (On{Name}, Events.{Name}); it must be a C# identifier that is not a keyword.",
        helpLinkUri: HelpLinkBase + "tws0021");

    /// <summary>TWS0022: <c>[Sends]</c>/<c>[Receives]</c> on a class without <c>[WebSocketClient]</c>.</summary>
    public static readonly DiagnosticDescriptor ContractAttributeWithoutClient = new(
        id: "TWS0022",
        title: "Contract attribute on a class without [WebSocketClient]",
        messageFormat: "'{0}' has [{1}] but no [WebSocketClient], so the attribute has no effect. Add [WebSocketClient] to '{0}' or remove the attribute.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator only reads [Sends<T>] and [Receives<T>] on classes marked [WebSocketClient].",
        helpLinkUri: HelpLinkBase + "tws0022");

    /// <summary>TWS0023: a <c>[WebSocketClient]</c> declares no contracts.</summary>
    public static readonly DiagnosticDescriptor ClientWithoutContracts = new(
        id: "TWS0023",
        title: "WebSocket client declares no contracts",
        messageFormat: "'{0}' has no [Sends<T>] or [Receives<T>] attribute, so the generated client adds nothing to TypedWebSockets.WebSocket. Declare its messages with [Sends<T>] and [Receives<T>], or use TypedWebSockets.WebSocket directly.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A client without contracts only has the raw members of TypedWebSockets.WebSocket; its attributes were probably forgotten.",
        helpLinkUri: HelpLinkBase + "tws0023");

    /// <summary>TWS0024: reflection-based serialization in a project that is trimmed or compiled ahead of time.</summary>
    public static readonly DiagnosticDescriptor ReflectionSerializationInTrimmedProject = new(
        id: "TWS0024",
        title: "Reflection-based serialization in a trimmed or AOT project",
        messageFormat: "'{0}' has no JsonContext, so its contracts are serialized with reflection, which is not trim- or NativeAOT-safe, and this project sets {1}. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext that lists its contracts.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Without a JsonContext, contracts are serialized through reflection over JsonSerializerOptions.Web, which trimming can break and NativeAOT cannot run.",
        helpLinkUri: HelpLinkBase + "tws0024");

    /// <summary>TWS0025: a generated member would be named like the type it is declared in (CS0542).</summary>
    public static readonly DiagnosticDescriptor GeneratedMemberNamedLikeEnclosingType = new(
        id: "TWS0025",
        title: "Generated member would be named like its enclosing type",
        messageFormat: "'{0}' would contain the generated member '{1}' for [{2}], but a member cannot have the name of its enclosing type. {3}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "C# forbids a member named like the type that declares it: a client named Send, SendAsync, DispatchMessage, Events or On{Stem} cannot receive that generated member, and a received contract with the stem Events cannot have its listener key Events.Events.",
        helpLinkUri: HelpLinkBase + "tws0025");

    /// <summary>TWS0026: a discriminator (or another text written on the wire) is not well-formed UTF-16 (an unpaired surrogate).</summary>
    public static readonly DiagnosticDescriptor DiscriminatorNotWellFormedUnicode = new(
        id: "TWS0026",
        title: "Discriminator is not well-formed Unicode",
        messageFormat: "The {0} of {1} on '{2}' contains the unpaired surrogate U+{3} at index {4}, which has no UTF-8 encoding, so it could not be written or matched on the wire. Remove it or complete the surrogate pair.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Discriminators, constant properties and plain-text messages travel as UTF-8 and the dispatcher compares them as UTF-8; a lone high or low surrogate has no UTF-8 form.",
        helpLinkUri: HelpLinkBase + "tws0026");

    /// <summary>TWS0027: the runtime types the generated client needs are missing or defined twice.</summary>
    public static readonly DiagnosticDescriptor RuntimeTypesNotFound = new(
        id: "TWS0027",
        title: "TypedWebSockets runtime types not found",
        messageFormat: "'{0}' cannot be generated because {1}. Reference the TypedWebSockets package, and no other assembly that declares its types.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A generated client derives from TypedWebSockets.WebSocket and reads [Sends<T>] and [Receives<T>]; the compilation must see exactly one declaration of each of these types, as the TypedWebSockets package provides them.",
        helpLinkUri: HelpLinkBase + "tws0027");

    /// <summary>TWS0028: an attribute or the base type of a client has compile errors, so the client is not generated.</summary>
    public static readonly DiagnosticDescriptor ClientDeclarationHasErrors = new(
        id: "TWS0028",
        title: "WebSocket client not generated because its declaration has errors",
        messageFormat: "'{0}' is not generated because {1}, so none of its generated members exist yet. Fix the error the compiler reports there.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator cannot read an attribute or a base type the compiler rejects (an unknown type, a wrong argument, a repeated [WebSocketClient]), so it generates nothing for the client; every use of a generated member then fails too. The compiler's error is the one to fix; this warning links the two.",
        helpLinkUri: HelpLinkBase + "tws0028");

    /// <summary>TWS0029: a request's discriminator is already used by another request or by a sent contract.</summary>
    public static readonly DiagnosticDescriptor DuplicateRequestDiscriminator = new(
        id: "TWS0029",
        title: "Duplicate request discriminator",
        messageFormat: "{0} of '{1}' uses the discriminator '{2}', which {3} already uses, so the server cannot tell the two apart. Give each request its own discriminator, or suppress this warning if the server reads both shapes under one discriminator.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Replies are matched by correlation id, so the client works; but a server that dispatches by discriminator cannot tell which request, or which sent message, it received.",
        helpLinkUri: HelpLinkBase + "tws0029");

    /// <summary>TWS0030: a request's response discriminator is also the discriminator of a received contract.</summary>
    public static readonly DiagnosticDescriptor ResponseDiscriminatorAlsoReceived = new(
        id: "TWS0030",
        title: "Response discriminator is also a received discriminator",
        messageFormat: "The response of {0} on '{1}' carries the discriminator '{2}', as {3} does. A message with it is taken by a pending RequestAsync or SubscribeAsync when its '{4}' property holds the id of a call or subscription in flight, and otherwise reaches On{5}: a reply that comes after its call timed out or was cancelled is read as a {6}, and a pushed {6} that carries a pending call's id answers that call instead. Give replies their own discriminator (declared with ResponseDiscriminator, or a subscription's ItemDiscriminator), or suppress this warning if the overlap is intended.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A received message completes a pending request when it carries the id of a call in flight, whatever its discriminator; only the others are dispatched by discriminator. A response discriminator shared with a received contract makes the two depend on timing and on the ids a message happens to carry.",
        helpLinkUri: HelpLinkBase + "tws0030");

    /// <summary>TWS0031: <c>CorrelationId</c> or <c>ErrorProperty</c> names the same JSON property as the discriminator, the envelope or each other.</summary>
    public static readonly DiagnosticDescriptor RequestPropertySharesName = new(
        id: "TWS0031",
        title: "Correlation id or error property shares its name with another wire property",
        messageFormat: "The {0} of '{1}' is '{2}', the same as its {3}, so {4}. Choose different names.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A request carries the discriminator, the correlation id and (in the envelope format) the envelope as separate top-level properties, and a reply is an error reply when it has the error property; each of these needs its own name (compared ordinally, as the runtime does).",
        helpLinkUri: HelpLinkBase + "tws0031");

    /// <summary>TWS0032: in the flat format, a request or response property has the JSON name of the correlation id or of the error property.</summary>
    public static readonly DiagnosticDescriptor ContractPropertyConflictsWithRequestProperty = new(
        id: "TWS0032",
        title: "Request or response property has the correlation id's or error property's JSON name",
        messageFormat: "Property '{0}' of '{1}' is serialized as '{2}', which matches the {3} '{4}' of '{5}' in the flat format, so {6}. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "In the flat format a request's and a response's properties stand beside the correlation id, and a reply with a non-null error property is an error reply; a contract property of the same JSON name (compared case-insensitively, as for TWS0017) writes the id twice or turns a response into an error.",
        helpLinkUri: HelpLinkBase + "tws0032");

    /// <summary>TWS0033: a path is an ill-formed JSON Pointer.</summary>
    public static readonly DiagnosticDescriptor IllFormedPath = new(
        id: "TWS0033",
        title: "Path is not a well-formed JSON Pointer",
        messageFormat: "The {0} '{1}' of {2} is not a well-formed path: {3}. Write a property name, or a JSON Pointer such as \"/metadata/message_type\" ('~0' stands for '~', '~1' for '/').",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Where something lives in a message is a property name or an RFC 6901 JSON Pointer that starts with '/'; inside a pointer '~' must be written '~0' and a '/' in a name '~1'.",
        helpLinkUri: HelpLinkBase + "tws0033");

    /// <summary>TWS0034: a received kind pattern has more than one <c>*</c>, or one in its middle.</summary>
    public static readonly DiagnosticDescriptor InvalidKindPattern = new(
        id: "TWS0034",
        title: "Invalid received discriminator pattern",
        messageFormat: "The discriminator '{0}' of {1} on '{2}' is not a pattern the dispatcher can match: {3}. A received discriminator may start or end with one '*' (\"orderbook.*\", \"*@trade\", or \"*\" for any string).",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A received string discriminator is matched whole, by its prefix (a '*' at its end) or by its suffix (a '*' at its start); other uses of '*' have no meaning.",
        helpLinkUri: HelpLinkBase + "tws0034");

    /// <summary>TWS0035: a sent kind contains <c>*</c>, which is written as it is.</summary>
    public static readonly DiagnosticDescriptor PatternOnSentKind = new(
        id: "TWS0035",
        title: "Pattern on a sent discriminator",
        messageFormat: "The discriminator '{0}' of {1} on '{2}' contains '*', which only a received discriminator reads as a pattern; this one is sent as written. Remove the '*', or suppress this warning if the kind contains it.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Patterns select received messages; a sent message carries one kind, so a '*' in it is almost always a copy of a received pattern.",
        helpLinkUri: HelpLinkBase + "tws0035");

    /// <summary>TWS0036: a contract's envelope is its discriminator path or lies inside it.</summary>
    public static readonly DiagnosticDescriptor ContractEnvelopeOverlapsDiscriminator = new(
        id: "TWS0036",
        title: "Contract envelope contains its own discriminator",
        messageFormat: "The envelope '{0}' of {1} on '{2}' is {3} its discriminator property '{4}', so the message and its kind would need one JSON value. Give the contract an Envelope and a DiscriminatorProperty that do not contain each other.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A contract's kind is a string or number at its discriminator path and its payload the value at its envelope; the two can be siblings, or the kind can lie inside the payload, but the payload cannot be the kind or lie inside it.",
        helpLinkUri: HelpLinkBase + "tws0036");

    /// <summary>TWS0037: a <c>[SendsProperty]</c> is named like another property the client writes at the top level.</summary>
    public static readonly DiagnosticDescriptor SentPropertyCollision = new(
        id: "TWS0037",
        title: "Constant property collides with another sent property",
        messageFormat: "[{0}] on '{1}' writes the top-level property '{2}', which {3} needs too, so sent messages would carry it twice. Rename one of them.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Constant properties are written at the top level of every sent message, beside the kind, the envelope and (for requests) the correlation id; each of them needs its own top-level property.",
        helpLinkUri: HelpLinkBase + "tws0037");

    /// <summary>TWS0038: a received contract whose every message an earlier one takes.</summary>
    public static readonly DiagnosticDescriptor ShadowedReceivedContract = new(
        id: "TWS0038",
        title: "Received contract is shadowed by an earlier one",
        messageFormat: "{0} of '{1}' never gets a message: every value its discriminator '{2}' matches at '{3}' is matched first by {4} ('{5}'), declared before it. Declare the more specific contract first.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A received message goes to the first contract, in the order the attributes are written, whose discriminator path holds its kind; a later contract whose kinds an earlier pattern always matches is unreachable.",
        helpLinkUri: HelpLinkBase + "tws0038");

    /// <summary>TWS0039: <c>Batches</c> with a received contract that is the whole message and an array.</summary>
    public static readonly DiagnosticDescriptor BatchesWithArrayContract = new(
        id: "TWS0039",
        title: "Batches with a received contract that is an array",
        messageFormat: "'{0}' is received by '{1}' as the whole message ({2}), but with Batches = true a message that is a JSON array is a batch whose elements are dispatched one by one, so it could never be read as '{0}'. Receive it in an Envelope, or turn Batches off.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "With Batches a received JSON array is split into messages; a contract that is itself an array can only arrive inside an envelope property.",
        helpLinkUri: HelpLinkBase + "tws0039");

    /// <summary>TWS0040: a received contract has <c>DiscriminatorProperty = ""</c>.</summary>
    public static readonly DiagnosticDescriptor ReceivedContractWithoutKind = new(
        id: "TWS0040",
        title: "Received contract without a discriminator property",
        messageFormat: "{0} of '{1}' has DiscriminatorProperty = \"\", but a received message is dispatched by its kind, so nothing could tell this contract's messages from others. Set DiscriminatorProperty to where its kind lives, or remove it to use the client's Discriminator.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "DiscriminatorProperty = \"\" means a message without a kind; only sent contracts can be such messages (acknowledgements), since a received one must be recognised.",
        helpLinkUri: HelpLinkBase + "tws0040");

    /// <summary>TWS0041: a client with <c>[Requests]</c> or <c>[Subscribes]</c> reads batches, whose elements are not matched to calls.</summary>
    public static readonly DiagnosticDescriptor RepliesInBatchesNotMatched = new(
        id: "TWS0041",
        title: "Replies inside a batch are not matched",
        messageFormat: "'{0}' has Batches = true and {1}, but a reply or subscription item that arrives inside a batch (a JSON array) is dispatched as an ordinary message, not matched to its call or subscription. If the server batches replies, receive them as [Receives] contracts; otherwise suppress this warning.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Replies are matched by correlation id in one pass over a whole message; the elements of a batch are dispatched one by one to typed handlers only.",
        helpLinkUri: HelpLinkBase + "tws0041");

    /// <summary>TWS0042: <c>PropertyNamingPolicy</c> or <c>NumberHandling</c> is set but does not apply.</summary>
    public static readonly DiagnosticDescriptor SerializerOptionNotApplied = new(
        id: "TWS0042",
        title: "Serializer option does not apply",
        messageFormat: "The {0} of '{1}' {2}. {3}.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "PropertyNamingPolicy and NumberHandling configure the reflection-based serializer of a client without JsonContext; with a JsonContext the context's [JsonSourceGenerationOptions] decide, and a value that is not a defined one cannot be applied.",
        helpLinkUri: HelpLinkBase + "tws0042");

    /// <summary>TWS0043: a sent contract has an explicit kind and <c>DiscriminatorProperty = ""</c>.</summary>
    public static readonly DiagnosticDescriptor SentKindNotWritten = new(
        id: "TWS0043",
        title: "Sent discriminator is not written",
        messageFormat: "{0} of '{1}' has the discriminator '{2}' and DiscriminatorProperty = \"\", which writes no kind, so '{2}' is never sent. Remove the discriminator argument, or set DiscriminatorProperty to where the kind goes.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "DiscriminatorProperty = \"\" sends the message without a kind (an acknowledgement); a discriminator given as well is ignored.",
        helpLinkUri: HelpLinkBase + "tws0043");

    /// <summary>TWS0044: in the flat format, a sent contract property has a <c>[SendsProperty]</c>'s JSON name.</summary>
    public static readonly DiagnosticDescriptor ContractPropertyConflictsWithSentProperty = new(
        id: "TWS0044",
        title: "Contract property has a constant property's JSON name",
        messageFormat: "Property '{0}' of '{1}' is serialized as '{2}', the name of [{3}] on '{4}', so the flat message would carry that property twice. Rename it with [JsonPropertyName], exclude it with [JsonIgnore], or set an Envelope.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "In the flat format a sent contract's properties stand beside the constant properties; a property of the same JSON name (compared case-insensitively, as for TWS0017) duplicates the constant on the wire.",
        helpLinkUri: HelpLinkBase + "tws0044");

    /// <summary>TWS0045: two of a subscription's item, complete and error kinds are equal.</summary>
    public static readonly DiagnosticDescriptor SubscriptionKindsOverlap = new(
        id: "TWS0045",
        title: "Subscription kinds overlap",
        messageFormat: "The {0} of {1} on '{2}' is '{3}', the same as its {4}, so {5}. Give each kind of message its own value, or remove the one that does not apply.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A message with a subscription's id fails it when its kind is ErrorDiscriminator, ends it when its kind is CompleteDiscriminator, and only otherwise is an item (of ItemDiscriminator, when set); one value for two of them leaves one meaning unreachable.",
        helpLinkUri: HelpLinkBase + "tws0045");

    /// <summary>TWS0046: a <c>[Requests]</c> or <c>[Subscribes]</c> has <c>DiscriminatorProperty = ""</c>.</summary>
    public static readonly DiagnosticDescriptor RequestWithoutKind = new(
        id: "TWS0046",
        title: "Request without a kind",
        messageFormat: "{0} on '{1}' has DiscriminatorProperty = \"\", but a request is sent with its kind and its replies' kinds are read at the same place. Set DiscriminatorProperty to where the kind lives, or remove it to use the client's Discriminator.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A request or subscription writes its discriminator; DiscriminatorProperty = \"\" (no kind) only applies to sent acknowledgements ([Sends]).",
        helpLinkUri: HelpLinkBase + "tws0046");

    /// <summary>TWS0047: a request's own kind or envelope path needs the correlation id's property.</summary>
    public static readonly DiagnosticDescriptor CorrelatedPathOverlapsCorrelationId = new(
        id: "TWS0047",
        title: "Request path overlaps the correlation id",
        messageFormat: "The {0} '{1}' of {2} on '{3}' {4} the correlation id '{5}', so the request would need one property for both. Choose a path apart from the correlation id.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A request carries its kind, its correlation id and its payload in separate properties; a kind at the id's path (or an object around it), or an envelope at the id's path or inside it, would write one property twice.",
        helpLinkUri: HelpLinkBase + "tws0047");
}
