namespace TypedWebSockets.Generator.Model;

/// <summary>One <c>[Requests&lt;TRequest, TResponse&gt;]</c> of a client: <c>RequestAsync(TRequest, ...)</c> and its contract field.</summary>
/// <param name="Request">The request type.</param>
/// <param name="Response">The response type.</param>
/// <param name="RequestCanBeNull">Whether a request can be <see langword="null"/> (reference types and <c>Nullable&lt;T&gt;</c>).</param>
/// <param name="Discriminator">The request's discriminator on the wire.</param>
/// <param name="ContractField">The static <c>RequestContract&lt;TRequest, TResponse&gt;</c> field.</param>
internal sealed record RequestSpec(
    TypeRef Request,
    TypeRef Response,
    bool RequestCanBeNull,
    string Discriminator,
    string ContractField);
