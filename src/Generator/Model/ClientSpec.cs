using TypedWebSockets.Generator.Helpers;

namespace TypedWebSockets.Generator.Model;

/// <summary>Everything the emitter needs to write one typed client; compares by value.</summary>
/// <param name="Hierarchy">Where the client is declared.</param>
/// <param name="ClientType">The client type itself.</param>
/// <param name="Format">The client's wire format (<c>[WebSocketClient]</c>, <c>[SendsProperty]</c> and the paths its received contracts read).</param>
/// <param name="JsonContext">The <c>JsonSerializerContext</c> type, or <see langword="null"/> for reflection-based serialization.</param>
/// <param name="MessageFormatField">The static <c>MessageFormat</c> field (empty when the client has no contracts or requests).</param>
/// <param name="Contracts">The contracts in the order their attributes are declared.</param>
/// <param name="Requests">The <c>[Requests]</c> and <c>[Subscribes]</c> in the order they are declared.</param>
/// <param name="AddRequiresUnreferencedCode">
/// Whether to put <c>[RequiresUnreferencedCode]</c> on the client: it serializes with reflection (no JSON context) and
/// the user has not written that attribute already. Trim analysis then warns where the client is constructed.
/// </param>
/// <param name="AddRequiresDynamicCode">The same for <c>[RequiresDynamicCode]</c> (NativeAOT analysis).</param>
/// <param name="ReflectionCheckField">
/// The instance field whose initializer checks, before the base constructor starts connecting, that reflection-based
/// serialization is enabled; empty when the client has a JSON context or no contracts.
/// </param>
internal sealed record ClientSpec(
    HierarchyInfo Hierarchy,
    TypeRef ClientType,
    MessageFormatSpec Format,
    TypeRef? JsonContext,
    string MessageFormatField,
    EquatableArray<MessageContractSpec> Contracts,
    EquatableArray<RequestSpec> Requests,
    bool AddRequiresUnreferencedCode,
    bool AddRequiresDynamicCode,
    string ReflectionCheckField);
