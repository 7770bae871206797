using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TypedWebSockets.Messaging;

/// <summary>
/// One <c>[Requests&lt;TRequest, TResponse&gt;]</c> of a typed client: how the request is written (with its correlation id)
/// and how the reply is read. Generated clients create one per attribute; application code does not need it.
/// </summary>
/// <remarks>
/// The correlation id, error property, id format and default response envelope are the client's
/// (<see cref="MessageFormatOptions.Correlation"/> of the request's format); <see cref="CorrelatedContractOptions"/> holds
/// this pair's own paths and error kind.
/// </remarks>
/// <typeparam name="TRequest">The request contract.</typeparam>
/// <typeparam name="TResponse">The response contract.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RequestContract<TRequest, TResponse>
{
    /// <summary>Creates a request contract.</summary>
    /// <param name="request">The request's message contract (format, kind and paths).</param>
    /// <param name="responseTypeInfo">The serialization metadata of <typeparamref name="TResponse"/>.</param>
    /// <param name="options">This pair's response envelope, error kind and whether a null response is allowed; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">A path is ill-formed or not read by the format's replies, or the id and the request need one property.</exception>
    public RequestContract(MessageContract<TRequest> request, JsonTypeInfo<TResponse> responseTypeInfo, CorrelatedContractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseTypeInfo);
        Request = request;
        ResponseTypeInfo = responseTypeInfo;
        ResponseAllowsNull = options?.ResponseAllowsNull ?? false;
        Replies = new ReplyShape(request, options, subscription: false);
    }

    /// <summary>Creates a request contract serialized with reflection, with <see cref="JsonSerializerOptions.Web"/> or the format's naming policy and number handling.</summary>
    /// <param name="clientType">The generated client type.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The request's kind.</param>
    /// <param name="options">This pair's own paths and kinds; <see langword="null"/> for none.</param>
    /// <returns>The contract.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static RequestContract<TRequest, TResponse> CreateWithReflection(Type clientType, MessageFormat format, MessageKind discriminator, CorrelatedContractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        return new(
            MessageContract<TRequest>.CreateWithReflection(clientType, format, discriminator, options?.DiscriminatorProperty, options?.Envelope),
            (JsonTypeInfo<TResponse>)format.GetReflectionOptions().GetTypeInfo(typeof(TResponse)),
            options);
    }

    /// <inheritdoc cref="CreateWithReflection(Type, MessageFormat, MessageKind, CorrelatedContractOptions?)"/>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static RequestContract<TRequest, TResponse> CreateWithReflection(Type clientType, MessageFormat format, string discriminator, CorrelatedContractOptions? options = null)
        => CreateWithReflection(clientType, format, MessageKind.String(discriminator), options);

    /// <summary>Creates a request contract serialized through a source-generated <see cref="JsonSerializerContext"/>.</summary>
    /// <param name="clientType">The generated client type.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The request's kind.</param>
    /// <param name="context">The client's <c>JsonContext</c>.</param>
    /// <param name="options">This pair's own paths and kinds; <see langword="null"/> for none.</param>
    /// <returns>The contract.</returns>
    public static RequestContract<TRequest, TResponse> FromContext(Type clientType, MessageFormat format, MessageKind discriminator, JsonSerializerContext context, CorrelatedContractOptions? options = null)
    {
        var request = MessageContract<TRequest>.FromContext(clientType, format, discriminator, context, options?.DiscriminatorProperty, options?.Envelope);
        return new(request, CorrelatedContracts.TypeInfo<TResponse>(context, clientType, "response"), options);
    }

    /// <inheritdoc cref="FromContext(Type, MessageFormat, MessageKind, JsonSerializerContext, CorrelatedContractOptions?)"/>
    public static RequestContract<TRequest, TResponse> FromContext(Type clientType, MessageFormat format, string discriminator, JsonSerializerContext context, CorrelatedContractOptions? options = null)
        => FromContext(clientType, format, MessageKind.String(discriminator), context, options);

    /// <summary>The request's message contract.</summary>
    public MessageContract<TRequest> Request { get; }

    /// <summary>The serialization metadata of the response.</summary>
    public JsonTypeInfo<TResponse> ResponseTypeInfo { get; }

    /// <summary>Whether a null or absent payload is a response (<see langword="default"/>) rather than an error.</summary>
    public bool ResponseAllowsNull { get; }

    internal ReplyShape Replies { get; }
}

internal static class CorrelatedContracts
{
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerContext context, Type clientType, string role)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException(
                $"{context.GetType().FullName} has no metadata for {typeof(T).FullName}, a {role} contract of {clientType.FullName}. Add [JsonSerializable(typeof({typeof(T).FullName}))] to it.");
    }
}
