using System;
using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TypedWebSockets.Messaging;

/// <summary>
/// One <c>[Requests&lt;TRequest, TResponse&gt;]</c> of a typed client: how the request is written (with its correlation id)
/// and how the response is read. Generated clients create one per attribute; application code does not need it.
/// </summary>
/// <typeparam name="TRequest">The request contract.</typeparam>
/// <typeparam name="TResponse">The response contract.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RequestContract<TRequest, TResponse>
{
    private readonly byte[] _headStart;
    private readonly byte[] _headEnd;

    /// <summary>Creates a request contract.</summary>
    /// <param name="request">The request's message contract (format and discriminator).</param>
    /// <param name="responseTypeInfo">The serialization metadata of <typeparamref name="TResponse"/>.</param>
    /// <param name="correlationProperty">The JSON property of the correlation id (<c>[WebSocketClient(CorrelationId = ...)]</c>).</param>
    /// <param name="errorProperty">The JSON property of an error reply (<c>[WebSocketClient(ErrorProperty = ...)]</c>).</param>
    public RequestContract(MessageContract<TRequest> request, JsonTypeInfo<TResponse> responseTypeInfo, string correlationProperty, string errorProperty)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseTypeInfo);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationProperty);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorProperty);
        Request = request;
        ResponseTypeInfo = responseTypeInfo;
        CorrelationProperty = JsonEncodedText.Encode(TopLevelName(correlationProperty, nameof(correlationProperty)));
        ErrorProperty = JsonEncodedText.Encode(TopLevelName(errorProperty, nameof(errorProperty)));

        // The request's own head with the id as one more top-level member: {"type":"getUser" + ,"id": + 42 + (,"data":)
        var head = request.Head;
        _headStart = [.. head.Start, .. (head.StartMembers > 0 ? ","u8 : []), (byte)'"', .. CorrelationProperty.EncodedUtf8Bytes, (byte)'"', (byte)':'];
        _headEnd = head.ToEnvelope.Length > 0 ? [(byte)',', .. head.ToEnvelope] : [];
    }

    /// <summary>Creates a request contract serialized with reflection, with <see cref="JsonSerializerOptions.Web"/> or the format's naming policy and number handling.</summary>
    /// <param name="clientType">The generated client type.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The request's discriminator.</param>
    /// <param name="correlationProperty">The correlation id property.</param>
    /// <param name="errorProperty">The error reply property.</param>
    /// <returns>The contract.</returns>
    [RequiresUnreferencedCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    [RequiresDynamicCode("Reflection-based JSON serialization. Set [WebSocketClient(JsonContext = typeof(...))] to a source-generated JsonSerializerContext.")]
    public static RequestContract<TRequest, TResponse> CreateWithReflection(Type clientType, MessageFormat format, string discriminator, string correlationProperty, string errorProperty)
    {
        ArgumentNullException.ThrowIfNull(format);
        return new(
            MessageContract<TRequest>.CreateWithReflection(clientType, format, discriminator),
            (JsonTypeInfo<TResponse>)format.GetReflectionOptions().GetTypeInfo(typeof(TResponse)),
            correlationProperty,
            errorProperty);
    }

    /// <summary>Creates a request contract serialized through a source-generated <see cref="JsonSerializerContext"/>.</summary>
    /// <param name="clientType">The generated client type.</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="discriminator">The request's discriminator.</param>
    /// <param name="correlationProperty">The correlation id property.</param>
    /// <param name="errorProperty">The error reply property.</param>
    /// <param name="context">The client's <c>JsonContext</c>.</param>
    /// <returns>The contract.</returns>
    public static RequestContract<TRequest, TResponse> FromContext(Type clientType, MessageFormat format, string discriminator, string correlationProperty, string errorProperty, JsonSerializerContext context)
    {
        var request = MessageContract<TRequest>.FromContext(clientType, format, discriminator, context);
        if (context.GetTypeInfo(typeof(TResponse)) is not JsonTypeInfo<TResponse> response)
        {
            throw new InvalidOperationException(
                $"{context.GetType().FullName} has no metadata for {typeof(TResponse).FullName}, a response contract of {clientType.FullName}. Add [JsonSerializable(typeof({typeof(TResponse).FullName}))] to it.");
        }

        return new(request, response, correlationProperty, errorProperty);
    }

    /// <summary>The request's message contract.</summary>
    public MessageContract<TRequest> Request { get; }

    /// <summary>The serialization metadata of the response.</summary>
    public JsonTypeInfo<TResponse> ResponseTypeInfo { get; }

    internal JsonEncodedText CorrelationProperty { get; }

    internal JsonEncodedText ErrorProperty { get; }

    // Writes {"type":"getUser","id":42 (and ,"data": in the envelope format) into destination; returns its length.
    internal int WriteHead(long id, Span<byte> destination)
    {
        _headStart.CopyTo(destination);
        var length = _headStart.Length;
        Utf8Formatter.TryFormat(id, destination[length..], out var digits);
        length += digits;
        _headEnd.CopyTo(destination[length..]);
        return length + _headEnd.Length;
    }

    internal int MaxHeadLength => _headStart.Length + 20 + _headEnd.Length;

    // Replies are matched at the top level (docs/requests.md); "/id" is the same property as "id".
    private static string TopLevelName(string path, string parameterName)
    {
        var parsed = MessagePath.Parse(path);
        if (!parsed.IsTopLevel)
        {
            throw new ArgumentException($"The request property '{path}' must be a top-level property.", parameterName);
        }

        return parsed.Segments[0];
    }
}
