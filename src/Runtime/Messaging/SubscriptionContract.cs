using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TypedWebSockets.Messaging;

/// <summary>
/// One <c>[Subscribes&lt;TRequest, TItem&gt;]</c> of a typed client: how the subscription request and its stop message
/// are written and how the messages that carry its id are read (items, completion, errors). Generated clients create
/// one per attribute; application code does not need it.
/// </summary>
/// <typeparam name="TRequest">The subscription request contract.</typeparam>
/// <typeparam name="TItem">The item contract.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SubscriptionContract<TRequest, TItem>
{
    /// <summary>Creates a subscription contract.</summary>
    /// <param name="request">The request's message contract (format, kind and paths).</param>
    /// <param name="itemTypeInfo">The serialization metadata of <typeparamref name="TItem"/>.</param>
    /// <param name="options">The subscription's paths and item, complete, error and stop kinds; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">A path is ill-formed or not read by the format's replies, or a kind is blank.</exception>
    public SubscriptionContract(MessageContract<TRequest> request, JsonTypeInfo<TItem> itemTypeInfo, CorrelatedContractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(itemTypeInfo);
        Request = request;
        ItemTypeInfo = itemTypeInfo;
        Replies = new ReplyShape(request, options, subscription: true);
    }

    /// <summary>Creates a subscription contract serialized with reflection.</summary>
    /// <param name="clientType">The generated client type.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The request's kind.</param>
    /// <param name="options">The subscription's own paths and kinds.</param>
    /// <returns>The contract.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static SubscriptionContract<TRequest, TItem> CreateWithReflection(Type clientType, MessageFormat format, MessageKind discriminator, CorrelatedContractOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        return new(
            MessageContract<TRequest>.CreateWithReflection(clientType, format, discriminator, options?.DiscriminatorProperty, options?.Envelope),
            (JsonTypeInfo<TItem>)format.GetReflectionOptions().GetTypeInfo(typeof(TItem)),
            options);
    }

    /// <inheritdoc cref="CreateWithReflection(Type, MessageFormat, MessageKind, CorrelatedContractOptions?)"/>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static SubscriptionContract<TRequest, TItem> CreateWithReflection(Type clientType, MessageFormat format, string discriminator, CorrelatedContractOptions? options = null)
        => CreateWithReflection(clientType, format, MessageKind.String(discriminator), options);

    /// <summary>Creates a subscription contract serialized through a source-generated <see cref="JsonSerializerContext"/>.</summary>
    /// <param name="clientType">The generated client type.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The request's kind.</param>
    /// <param name="context">The client's <c>JsonContext</c>.</param>
    /// <param name="options">The subscription's own paths and kinds.</param>
    /// <returns>The contract.</returns>
    public static SubscriptionContract<TRequest, TItem> FromContext(Type clientType, MessageFormat format, MessageKind discriminator, JsonSerializerContext context, CorrelatedContractOptions? options = null)
    {
        var request = MessageContract<TRequest>.FromContext(clientType, format, discriminator, context, options?.DiscriminatorProperty, options?.Envelope);
        return new(request, CorrelatedContracts.TypeInfo<TItem>(context, clientType, "subscription item"), options);
    }

    /// <inheritdoc cref="FromContext(Type, MessageFormat, MessageKind, JsonSerializerContext, CorrelatedContractOptions?)"/>
    public static SubscriptionContract<TRequest, TItem> FromContext(Type clientType, MessageFormat format, string discriminator, JsonSerializerContext context, CorrelatedContractOptions? options = null)
        => FromContext(clientType, format, MessageKind.String(discriminator), context, options);

    /// <summary>The request's message contract.</summary>
    public MessageContract<TRequest> Request { get; }

    /// <summary>The serialization metadata of an item.</summary>
    public JsonTypeInfo<TItem> ItemTypeInfo { get; }

    internal ReplyShape Replies { get; }
}
