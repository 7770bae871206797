using TypedWebSockets.Generator.Helpers;

namespace TypedWebSockets.Generator.Model;

/// <summary>
/// One <c>[Requests&lt;TRequest, TResponse&gt;]</c> (<c>RequestAsync(TRequest, ...)</c>) or
/// <c>[Subscribes&lt;TRequest, TItem&gt;]</c> (<c>SubscribeAsync(TRequest, ...)</c>) of a client, and its contract field.
/// </summary>
/// <param name="Request">The request type.</param>
/// <param name="Response">The response type (for a subscription, the item type), with its <c>?</c> when it allows null.</param>
/// <param name="RequestCanBeNull">Whether a request can be <see langword="null"/> (reference types and <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="Discriminator">The request's discriminator as text (a number kind's digits).</param>
/// <param name="Kind">The request's kind.</param>
/// <param name="ContractField">The static <c>RequestContract</c> or <c>SubscriptionContract</c> field.</param>
/// <param name="IsSubscription">Whether this is a <c>[Subscribes]</c>.</param>
/// <param name="ResponseAllowsNull">Whether the response type allows null (a null or absent payload is a response).</param>
/// <param name="Options">The <c>CorrelatedContractOptions</c> string properties the attribute sets, in a fixed order.</param>
internal sealed record RequestSpec(
    TypeRef Request,
    TypeRef Response,
    bool RequestCanBeNull,
    string Discriminator,
    KindSpec Kind,
    string ContractField,
    bool IsSubscription,
    bool ResponseAllowsNull,
    EquatableArray<OptionSpec> Options);

/// <summary>A string property of a generated options object: its name and value (<see langword="null"/> is never stored).</summary>
internal sealed record OptionSpec(string Name, string Value);

/// <summary>
/// The client's <c>CorrelationOptions</c> when any differs from the runtime's defaults: the string properties set, the
/// id format, and the reply paths the pairs read beyond the client's.
/// </summary>
internal sealed record CorrelationSpec(EquatableArray<OptionSpec> Options, bool StringIds, EquatableArray<string> ReadPaths);
