using System;
using System.ComponentModel;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// Reads the discriminator of a received message from its UTF-8 bytes and deserializes the message as the contract
/// it names, straight from the receive buffer. Generated dispatchers use it; application code does not need it.
/// </summary>
/// <remarks>
/// The discriminator may stand anywhere among the message's top-level properties. Comparing it with a contract's
/// value (<see cref="DiscriminatorEquals"/>) allocates nothing; only error messages materialize it as a string.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MessageReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly MessageFormat _format;
    private readonly Type _clientType;
    private Utf8JsonReader _discriminator;
    private Utf8JsonReader _envelope;
    private bool _hasDiscriminator;
    private bool _hasEnvelope;
    private string? _bodyFault;
    private Exception? _bodyFaultException;

    /// <summary>Prepares to read one message.</summary>
    /// <param name="payload">The message's bytes (UTF-8 JSON).</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="clientType">The generated client type, named in errors.</param>
    public MessageReader(ReadOnlySpan<byte> payload, MessageFormat format, Type clientType)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(clientType);
        _payload = payload;
        _format = format;
        _clientType = clientType;
        _discriminator = default;
        _envelope = default;
        _hasDiscriminator = false;
        _hasEnvelope = false;
        _bodyFault = null;
        _bodyFaultException = null;
    }

    /// <summary>
    /// Finds the discriminator among the top-level properties.
    /// </summary>
    /// <returns>
    /// <see langword="true"/> when it was found; <see langword="false"/> when the message is a JSON object without one
    /// (such a message is for raw listeners only).
    /// </returns>
    /// <exception cref="MessageContractException">
    /// The message is not a JSON object, is not valid JSON before its discriminator, or its discriminator is not a
    /// string or appears twice.
    /// </exception>
    /// <remarks>
    /// A fault found after the discriminator was read (invalid JSON, nesting too deep, a duplicate envelope) belongs to
    /// the payload of the contract the discriminator names: it is not thrown here but by <see cref="Deserialize"/>,
    /// so that the exception names the contract type. A message whose discriminator no contract has is for raw
    /// listeners only, faulty or not.
    /// </remarks>
    public bool TryReadDiscriminator()
    {
        var reader = new Utf8JsonReader(_payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Fail(null, null, $"it is not a JSON object (it starts with {(_payload.IsEmpty ? "nothing: the message is empty" : $"a {reader.TokenType} token")})", null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(_format.EncodedDiscriminatorProperty.EncodedUtf8Bytes))
                {
                    if (_hasDiscriminator)
                    {
                        throw Fail(null, DiscriminatorString(), $"the discriminator property '{_format.DiscriminatorProperty}' appears more than once", null);
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Fail(null, null, $"the discriminator property '{_format.DiscriminatorProperty}' is a {reader.TokenType}, not a string", null);
                    }

                    ThrowIfUndecodable(ref reader);
                    _discriminator = reader;
                    _hasDiscriminator = true;
                }
                else if (_format.IsEnvelope && reader.ValueTextEquals(_format.EncodedEnvelopeProperty.EncodedUtf8Bytes))
                {
                    if (_hasEnvelope)
                    {
                        _bodyFault ??= $"the envelope property '{_format.EnvelopeProperty}' appears more than once";
                    }
                    else
                    {
                        _envelope = reader;
                        _hasEnvelope = true;
                    }

                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw Fail(null, null, "it is not a complete JSON object", null);
            }

            // Only whitespace may follow the object. Without this check the envelope format would accept
            // {"type":"chat","data":{...}} followed by anything, since Deserialize reads only the envelope's value.
            if (reader.Read())
            {
                throw new JsonException($"A {reader.TokenType} token follows the JSON object.");
            }

            if (_bodyFault is not null && !_hasDiscriminator)
            {
                throw Fail(null, null, _bodyFault, null);
            }

            return _hasDiscriminator;
        }
        catch (JsonException ex) when (_hasDiscriminator)
        {
            // The kind is known, so the fault belongs to that contract's payload: Deserialize reports it, naming the contract.
            _bodyFault = $"it is not valid JSON ({ex.Message})";
            _bodyFaultException = ex;
            return true;
        }
        catch (JsonException ex)
        {
            throw Fail(null, null, $"it is not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>Compares the discriminator found by <see cref="TryReadDiscriminator"/> with a value, without allocating.</summary>
    /// <param name="utf8Discriminator">The contract's discriminator value in UTF-8.</param>
    /// <returns><see langword="true"/> when they are equal (after JSON unescaping).</returns>
    public readonly bool DiscriminatorEquals(ReadOnlySpan<byte> utf8Discriminator)
        => _hasDiscriminator && _discriminator.ValueTextEquals(utf8Discriminator);

    /// <summary>The discriminator as a string (allocates; for diagnostics).</summary>
    /// <returns>The discriminator value, or <see langword="null"/> when none was found.</returns>
    public readonly string? DiscriminatorString() => _hasDiscriminator ? _discriminator.GetString() : null;

    /// <summary>Deserializes the message as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The contract type.</typeparam>
    /// <param name="contract">The contract whose discriminator matched.</param>
    /// <returns>The message.</returns>
    /// <exception cref="MessageContractException">The payload is not a valid <typeparamref name="T"/>.</exception>
    public readonly T Deserialize<T>(MessageContract<T> contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (_bodyFault is not null)
        {
            throw Fail(typeof(T), contract.Discriminator, _bodyFault, _bodyFaultException);
        }

        T? value;
        try
        {
            if (!_format.IsEnvelope)
            {
                value = JsonSerializer.Deserialize(_payload, contract.TypeInfo);
            }
            else
            {
                if (!_hasEnvelope)
                {
                    throw Fail(typeof(T), contract.Discriminator, $"it has no '{_format.EnvelopeProperty}' property holding the message", null);
                }

                var envelope = _envelope;
                value = JsonSerializer.Deserialize(ref envelope, contract.TypeInfo);
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw Fail(typeof(T), contract.Discriminator, ex.Message, ex);
        }

        if (value is null)
        {
            throw Fail(typeof(T), contract.Discriminator, "its payload is null", null);
        }

        return value;
    }

    // A JSON string token may still hold no text: raw bytes that are not UTF-8, or an escaped unpaired surrogate
    // ("\ud800"). Comparing or printing such a discriminator would throw InvalidOperationException later, outside the
    // MessageContractException contract, so it is rejected here. Only escaped values (rare) are decoded to check them.
    private readonly void ThrowIfUndecodable(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
            {
                throw Fail(null, null, $"the discriminator property '{_format.DiscriminatorProperty}' is not valid UTF-8", null);
            }

            return;
        }

        try
        {
            _ = reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw Fail(null, null, $"the discriminator property '{_format.DiscriminatorProperty}' is not a valid string ({ex.Message})", ex);
        }
    }

    private readonly MessageContractException Fail(Type? contractType, string? discriminator, string reason, Exception? inner)
    {
        var what = contractType is null
            ? "a message"
            : $"a '{discriminator}' message as {contractType.FullName ?? contractType.Name}";
        return new MessageContractException(
            _clientType,
            contractType,
            discriminator,
            $"{_clientType.Name} could not read {what}: {reason}.",
            inner);
    }
}
