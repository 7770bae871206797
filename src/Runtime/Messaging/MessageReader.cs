using System;
using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace TypedWebSockets.Messaging;

/// <summary>
/// Reads a received message for a generated dispatcher: in one pass over its UTF-8 bytes it records where the value
/// at each of the format's paths lies (no string is allocated), then compares those values with the contracts' kinds
/// and deserializes the payload of the contract that matched, straight from the receive buffer. With
/// <see cref="MessageFormat.Batches"/>, a JSON array is read element by element. Application code does not need it.
/// </summary>
/// <remarks>
/// <para>
/// A message the reader cannot read (not JSON, not an object, a fault before any kind was found) is remembered, not
/// thrown: <see cref="GetUnmatchedFault"/> turns it into the <see cref="MessageContractException"/> a client reports
/// when no contract matched. A fault after a kind was found belongs to the contract that kind names, so
/// <see cref="Deserialize"/> reports it naming that contract; when no contract has the kind, the message is simply
/// not matched, faulty or not.
/// </para>
/// <para>
/// At the format's <see cref="MessageFormat.DiscriminatorPath"/>, a value of a type no contract there can match
/// (<c>null</c>, an object, a number where only string kinds are declared), a duplicate or an undecodable string makes
/// a match-less message malformed. At a contract's own discriminator path such a value only means "not this contract",
/// as protocols that key some messages by a second property leave it <c>null</c> on the others (Discord's <c>t</c>).
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MessageReader
{
    private const int MaxStackUnescape = 256;

    private readonly ReadOnlySpan<byte> _payload;
    private readonly MessageFormat _format;
    private readonly Type _clientType;
    private readonly Span<MessageValue> _values;
    // A batch is read element by element across calls to Read: the JSON reader's state and how far it got, rather than
    // the reader itself (a few hundred bytes every message would zero).
    private JsonReaderState _batchState;
    private int _batchConsumed;

    // What the positions of the JSON reader in use add up to in the payload (the batch reader starts after the last element).
    private int _offset;
    private ReadState _state;
    private int _element;
    private int _messageStart;
    private int _messageEnd;
    private string? _fault;
    private Exception? _faultException;

    /// <summary>Prepares to read one message, with slots allocated on the heap (tools; generated code passes stack slots).</summary>
    /// <param name="payload">The message's bytes (UTF-8 JSON).</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="clientType">The generated client type, named in errors.</param>
    public MessageReader(ReadOnlySpan<byte> payload, MessageFormat format, Type clientType)
        : this(payload, format, clientType, new MessageValue[(format ?? throw new ArgumentNullException(nameof(format))).ReadPaths.Count])
    {
    }

    /// <summary>Prepares to read one message.</summary>
    /// <param name="payload">The message's bytes (UTF-8 JSON).</param>
    /// <param name="format">The client's wire format.</param>
    /// <param name="clientType">The generated client type, named in errors.</param>
    /// <param name="values">One slot per path of <paramref name="format"/> (<see cref="MessageFormat.ReadPaths"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> has fewer slots than the format has paths.</exception>
    public MessageReader(ReadOnlySpan<byte> payload, MessageFormat format, Type clientType, Span<MessageValue> values)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(clientType);
        if (values.Length < format.ReadPathCount)
        {
            throw new ArgumentException($"The format reads {format.ReadPaths.Count} paths but {values.Length} slots were given.", nameof(values));
        }

        _payload = payload;
        _format = format;
        _clientType = clientType;
        _values = values;
        _state = ReadState.Start;
        _element = -1;
        _messageStart = 0;
        _messageEnd = payload.Length;
        _fault = null;
        _faultException = null;
    }

    private enum ReadState
    {
        Start,
        Batch,
        Done,
    }

    /// <summary>The bytes of the message being read: the whole payload, or the current element of a batch.</summary>
    public readonly ReadOnlySpan<byte> Message => _payload[_messageStart.._messageEnd];

    /// <summary>Whether the message being read is an element of a batch.</summary>
    public readonly bool IsBatchElement => _element >= 0;

    /// <summary>
    /// Moves to the next message and reads the values at the format's paths: the first call reads the payload (or,
    /// for a batch, its first element), later calls the next element of a batch. Never throws for what a message
    /// holds: a message that cannot be read is remembered for <see cref="GetUnmatchedFault"/>.
    /// </summary>
    /// <returns><see langword="true"/> when there is a message to dispatch; <see langword="false"/> once all were read.</returns>
    public bool Read()
    {
        switch (_state)
        {
            case ReadState.Start:
                _values.Clear();
                return ReadFirst();
            case ReadState.Batch:
                _values.Clear();
                _fault = null;
                _faultException = null;
                return ReadNextElement();
            default:
                return false;
        }
    }

    /// <summary>Whether the message is of <paramref name="contract"/>: the value at its discriminator path matches its kind.</summary>
    /// <param name="contract">A received contract of this reader's format.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    /// <exception cref="ArgumentException">The contract belongs to another format, or its discriminator path is not one the format reads.</exception>
    public bool Matches(MessageContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var slot = contract.KindSlot;
        if (!ReferenceEquals(contract.Format, _format) || (uint)slot >= (uint)_format.ReadPathCount)
        {
            ThrowNotReadBy(contract);
        }

        ref var value = ref _values[slot];
        var kindType = contract.KindType;

        // The common case inline: an exact string kind, found unescaped.
        if (kindType == MessageKindType.String)
        {
            value.Tried |= MessageValueKinds.String;
            return value.State == MessageValueState.Found && value.TokenType == JsonTokenType.String && !value.IsUndecodable
                && (value.IsEscaped ? EscapedStringEquals(in value, contract.KindUtf8) : StringBytes(in value).SequenceEqual(contract.KindUtf8));
        }

        return MatchesOther(ref value, contract, kindType);
    }

    [DoesNotReturn]
    private static void ThrowNotReadBy(MessageContract contract)
        => throw new ArgumentException($"The contract '{contract.Kind}' ({contract.ContractType.Name}) is not read by this message format.", nameof(contract));

    private readonly bool MatchesOther(ref MessageValue value, MessageContract contract, MessageKindType kindType)
    {
        value.Tried |= kindType == MessageKindType.Number ? MessageValueKinds.Number : MessageValueKinds.String;
        if (value.State != MessageValueState.Found)
        {
            return false;
        }

        switch (kindType)
        {
            case MessageKindType.Prefix:
            case MessageKindType.Suffix:
                return value.TokenType == JsonTokenType.String && !value.IsUndecodable && MatchesPattern(in value, kindType, contract.KindUtf8);
            case MessageKindType.Number:
                return value.TokenType == JsonTokenType.Number && value.IsInteger && value.Number == contract.KindNumber;
            default:
                return false;
        }
    }

    /// <summary>
    /// The raw JSON of the value at a read path of the current message (a string with its quotes and escapes, a number
    /// as written, an object or array whole), for readers of other values than kinds and payloads: the correlation id
    /// and error property of replies read in the same pass (<see cref="MessageFormatOptions.ReadPaths"/>,
    /// <see cref="MessageFormat.SlotOf"/>).
    /// </summary>
    /// <param name="slot">The path's slot.</param>
    /// <param name="value">The value's bytes, when the path holds exactly one value.</param>
    /// <returns><see langword="true"/> when the path was found once; <see langword="false"/> when absent or duplicated.</returns>
    internal readonly bool TryGetRawValue(int slot, out ReadOnlySpan<byte> value)
    {
        if ((uint)slot < (uint)_format.ReadPathCount && _values[slot] is { State: MessageValueState.Found } found)
        {
            value = _payload[found.Start..found.End];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Deserializes the message as <typeparamref name="T"/>, from the contract's envelope.</summary>
    /// <typeparam name="T">The contract type.</typeparam>
    /// <param name="contract">The contract that matched.</param>
    /// <returns>The message.</returns>
    /// <exception cref="MessageContractException">The payload is not a valid <typeparamref name="T"/>.</exception>
    public readonly T Deserialize<T>(MessageContract<T> contract)
        => TryDeserialize(contract, out var value, out var error) ? value : throw error;

    /// <summary>Deserializes the message as <typeparamref name="T"/>, or says why it cannot be.</summary>
    internal readonly bool TryDeserialize<T>(MessageContract<T> contract, out T value, out MessageContractException error)
    {
        ArgumentNullException.ThrowIfNull(contract);
        value = default!;
        error = null!;
        if (_fault is not null)
        {
            error = Fail(contract, _fault, _faultException);
            return false;
        }

        var slot = contract.EnvelopeSlot;
        if (slot == MessageContract.NotRead || !ReferenceEquals(contract.Format, _format))
        {
            throw new ArgumentException($"The envelope '{contract.EnvelopePath}' of the '{contract.Kind}' contract ({contract.ContractType.Name}) is not read by this message format.", nameof(contract));
        }

        ReadOnlySpan<byte> payload;
        if (slot < 0)
        {
            payload = Message;
        }
        else
        {
            ref readonly var envelope = ref _values[slot];
            if (envelope.State != MessageValueState.Found)
            {
                error = Fail(contract, envelope.State == MessageValueState.Absent
                    ? $"it has no '{contract.EnvelopePath}' property holding the message"
                    : $"the envelope property '{contract.EnvelopePath}' appears more than once", null);
                return false;
            }

            payload = _payload[envelope.Start..envelope.End];
        }

        T? result;
        try
        {
            result = JsonSerializer.Deserialize(payload, contract.TypeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            error = Fail(contract, ex.Message, ex);
            return false;
        }

        var problem = result is null ? "its payload is null" : contract.FindMissingProperties(result);
        if (problem is not null)
        {
            error = Fail(contract, problem, null);
            return false;
        }

        value = result!;
        return true;
    }

    /// <summary>
    /// For a message no contract matched (every received contract was tried with <see cref="Matches"/>): the error it
    /// is reported with, or <see langword="null"/> when it is a well-formed message of a kind the client does not
    /// receive (it goes to the unhandled-message handlers).
    /// </summary>
    /// <param name="isText">Whether the message came as a text frame (plain-text messages are text frames).</param>
    /// <returns>The error, or <see langword="null"/>.</returns>
    public readonly MessageContractException? GetUnmatchedFault(bool isText)
    {
        if (_fault is not null && !AnyTriedValueFound())
        {
            // A text message the protocol sends on purpose (OKX answers "ping" with "pong") is not a broken JSON message.
            return isText && !IsBatchElement && _format.IsPlainText(Message) ? null : Fail(null, null, _fault, _faultException);
        }

        for (var slot = 0; slot < _format.ReadPathCount; slot++)
        {
            ref readonly var value = ref _values[slot];
            if (value.Tried == MessageValueKinds.None)
            {
                continue;
            }

            if (value.State == MessageValueState.Duplicate)
            {
                return Fail(null, ValueText(in value), $"the discriminator property '{_format.ReadPaths[slot]}' appears more than once", null);
            }

            if (slot == _format.DiscriminatorSlot && value.State == MessageValueState.Found && StrictProblem(in value, slot) is { } problem)
            {
                return Fail(null, null, problem, null);
            }
        }

        return null;
    }

    /// <summary>
    /// Reads the message and finds the value at the format's <see cref="MessageFormat.DiscriminatorPath"/>, by the rules
    /// of a client whose contracts all have string kinds there (tools such as the fake server use it).
    /// </summary>
    /// <returns><see langword="true"/> when a string discriminator was found; <see langword="false"/> when the message is an object without one.</returns>
    /// <exception cref="MessageContractException">The message cannot be read, or its discriminator is not a single, valid string.</exception>
    public bool TryReadDiscriminator()
    {
        Read();
        var slot = _format.DiscriminatorSlot;
        if (slot < 0)
        {
            return false;
        }

        _values[slot].Tried |= MessageValueKinds.String;
        if (GetUnmatchedFault(isText: false) is { } fault)
        {
            throw fault;
        }

        return _values[slot].State == MessageValueState.Found;
    }

    /// <summary>Compares the value found by <see cref="TryReadDiscriminator"/> with a string, without allocating.</summary>
    /// <param name="utf8Discriminator">The value in UTF-8.</param>
    /// <returns><see langword="true"/> when they are equal (after JSON unescaping).</returns>
    public readonly bool DiscriminatorEquals(ReadOnlySpan<byte> utf8Discriminator)
    {
        if (_format.DiscriminatorSlot < 0)
        {
            return false;
        }

        ref readonly var value = ref _values[_format.DiscriminatorSlot];
        return value.State == MessageValueState.Found && value.TokenType == JsonTokenType.String && !value.IsUndecodable
            && (value.IsEscaped ? EscapedStringEquals(in value, utf8Discriminator) : StringBytes(in value).SequenceEqual(utf8Discriminator));
    }

    /// <summary>The value found by <see cref="TryReadDiscriminator"/> as a string (allocates; for diagnostics).</summary>
    /// <returns>The value, or <see langword="null"/> when none was found.</returns>
    public readonly string? DiscriminatorString()
        => _format.DiscriminatorSlot >= 0 && _values[_format.DiscriminatorSlot].State != MessageValueState.Absent
            ? ValueText(in _values[_format.DiscriminatorSlot])
            : null;

    // The whole payload: one message, or the first element of a batch.
    private bool ReadFirst()
    {
        _state = ReadState.Done;
        var reader = new Utf8JsonReader(_payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                if (reader.TokenType == JsonTokenType.StartArray && _format.Batches)
                {
                    _batchState = reader.CurrentState;
                    _batchConsumed = (int)reader.BytesConsumed;
                    _state = ReadState.Batch;
                    return ReadNextElement();
                }

                _fault = $"it is not a JSON object (it starts with {(_payload.IsEmpty ? "nothing: the message is empty" : $"a {reader.TokenType} token")})";
                return true;
            }

            ScanObject(ref reader, _format.ReadPlan);

            // Only whitespace may follow the object. Without this check an envelope contract would accept
            // {"type":"chat","data":{...}} followed by anything, since only the envelope's value is deserialized.
            if (reader.Read())
            {
                throw new JsonException($"A {reader.TokenType} token follows the JSON object.");
            }
        }
        catch (JsonException ex)
        {
            _fault = $"it is not valid JSON ({ex.Message})";
            _faultException = ex;
        }

        return true;
    }

    // The first call comes from ReadFirst with the batch reader on its '['. A fault inside an element is that element's;
    // one that breaks the JSON ends the batch (its later elements cannot be found), reported once.
    private bool ReadNextElement()
    {
        if (_state != ReadState.Batch)
        {
            return false;
        }

        _element++;
        _offset = _batchConsumed;
        _messageStart = _offset;
        _messageEnd = _payload.Length;
        var batch = new Utf8JsonReader(_payload[_offset..], isFinalBlock: true, _batchState);
        var afterBatch = false;
        try
        {
            if (!batch.Read())
            {
                throw new JsonException("The batch ends before its closing ']'.");
            }

            if (batch.TokenType == JsonTokenType.EndArray)
            {
                // Only whitespace may follow the batch, as after a single message.
                afterBatch = true;
                if (batch.Read())
                {
                    throw new JsonException($"A {batch.TokenType} token follows the batch.");
                }

                _state = ReadState.Done;
                return false;
            }

            _messageStart = _offset + (int)batch.TokenStartIndex;
            if (batch.TokenType != JsonTokenType.StartObject)
            {
                var token = batch.TokenType;
                batch.Skip();
                _fault = $"it is not a JSON object (it is a {token} token)";
            }
            else
            {
                ScanObject(ref batch, _format.ReadPlan);
            }

            _messageEnd = _offset + (int)batch.BytesConsumed;
            _batchState = batch.CurrentState;
            _batchConsumed = _messageEnd;
            return true;
        }
        catch (JsonException ex)
        {
            _state = ReadState.Done;
            if (afterBatch)
            {
                // Not an element's fault: the batch as a whole is reported.
                _element = -1;
                _messageStart = 0;
                _messageEnd = _payload.Length;
            }

            _fault = afterBatch
                ? $"it is not valid JSON ({ex.Message})"
                : $"it is not valid JSON ({ex.Message}), so the rest of the batch cannot be read";
            _faultException = ex;
            return true;
        }
    }

    // The reader is on a '{' (the message, or a value some path continues into).
    private void ScanObject(ref Utf8JsonReader reader, PathNode node)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var child = node.FindProperty(ref reader);
            reader.Read();
            if (child is null)
            {
                reader.Skip();
            }
            else
            {
                ScanValue(ref reader, child);
            }
        }
    }

    private void ScanArray(ref Utf8JsonReader reader, PathNode node)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var child = node.FindElement(index++);
            if (child is null)
            {
                reader.Skip();
            }
            else
            {
                ScanValue(ref reader, child);
            }
        }
    }

    // The reader is on the value's first token; it leaves it on the value's last.
    private void ScanValue(ref Utf8JsonReader reader, PathNode node)
    {
        var slot = node.Slot;
        var recorded = slot >= 0 && Record(slot, ref reader);
        var token = reader.TokenType;
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            if (node.Children.Length == 0)
            {
                reader.Skip();
            }
            else if (token == JsonTokenType.StartObject)
            {
                ScanObject(ref reader, node);
            }
            else
            {
                ScanArray(ref reader, node);
            }
        }

        // A string, number, true, false or null is one token: the reader is already on its last.
        if (recorded)
        {
            _values[slot].End = _offset + (int)reader.BytesConsumed;
        }
    }

    // Records the value at a slot's path; false when the path was already found (the value is then ambiguous).
    private readonly bool Record(int slot, ref Utf8JsonReader reader)
    {
        ref var value = ref _values[slot];
        if (value.State != MessageValueState.Absent)
        {
            value.State = MessageValueState.Duplicate;
            return false;
        }

        value.State = MessageValueState.Found;
        value.Start = _offset + (int)reader.TokenStartIndex;
        value.TokenType = reader.TokenType;
        if (reader.TokenType == JsonTokenType.String)
        {
            value.IsEscaped = reader.ValueIsEscaped;
            value.IsUndecodable = !IsDecodable(ref reader);
        }
        else if (reader.TokenType == JsonTokenType.Number)
        {
            value.IsInteger = TryGetInteger(ref reader, out value.Number);
        }

        return true;
    }

    // A JSON string token may still hold no text: raw bytes that are not UTF-8, or an escaped unpaired surrogate
    // ("\ud800"). Such a kind can be neither compared nor printed. Only escaped values (rare) are decoded to check them.
    private static bool IsDecodable(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
        }

        return DecodeError(ref reader) is null;
    }

    private static string? DecodeError(ref Utf8JsonReader reader)
    {
        var length = reader.ValueSpan.Length;
        var rented = length > MaxStackUnescape ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[MaxStackUnescape];
            _ = reader.CopyString(buffer);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryGetInteger(ref Utf8JsonReader reader, out long number)
    {
        if (reader.TryGetInt64(out number))
        {
            return true;
        }

        // 10.0 and 1e1 are the number 10 too.
        if (reader.TryGetDecimal(out var value) && value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue)
        {
            number = (long)value;
            return true;
        }

        return false;
    }

    private readonly ReadOnlySpan<byte> StringBytes(in MessageValue value) => _payload.Slice(value.Start + 1, value.End - value.Start - 2);

    private readonly bool EscapedStringEquals(in MessageValue value, ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(_payload[value.Start..value.End]);
        reader.Read();
        return reader.ValueTextEquals(utf8);
    }

    private readonly bool MatchesPattern(in MessageValue value, MessageKindType type, ReadOnlySpan<byte> stem)
    {
        if (!value.IsEscaped)
        {
            var text = StringBytes(in value);
            return type == MessageKindType.Prefix ? text.StartsWith(stem) : text.EndsWith(stem);
        }

        var reader = new Utf8JsonReader(_payload[value.Start..value.End]);
        reader.Read();
        var length = reader.ValueSpan.Length;
        var rented = length > MaxStackUnescape ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[MaxStackUnescape];
            var unescaped = buffer[..reader.CopyString(buffer)];
            return type == MessageKindType.Prefix ? unescaped.StartsWith(stem) : unescaped.EndsWith(stem);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private readonly bool AnyTriedValueFound()
    {
        for (var slot = 0; slot < _format.ReadPathCount; slot++)
        {
            if (_values[slot].Tried != MessageValueKinds.None && _values[slot].State != MessageValueState.Absent)
            {
                return true;
            }
        }

        return false;
    }

    // What is wrong with the value at the format's discriminator path, which every message must carry usably.
    private readonly string? StrictProblem(in MessageValue value, int slot)
    {
        var name = _format.ReadPaths[slot];
        var isString = value.TokenType == JsonTokenType.String;
        var expected = value.Tried switch
        {
            MessageValueKinds.String => isString ? null : "not a string",
            MessageValueKinds.Number => value.TokenType == JsonTokenType.Number ? null : "not a number",
            _ => isString || value.TokenType == JsonTokenType.Number ? null : "neither a string nor a number",
        };
        if (expected is not null)
        {
            return $"the discriminator property '{name}' is a {value.TokenType}, {expected}";
        }

        if (!isString || !value.IsUndecodable)
        {
            return null;
        }

        if (!value.IsEscaped)
        {
            return $"the discriminator property '{name}' is not valid UTF-8";
        }

        var reader = new Utf8JsonReader(_payload[value.Start..value.End]);
        reader.Read();
        return $"the discriminator property '{name}' is not a valid string ({DecodeError(ref reader)})";
    }

    // A kind value as text, for errors: a string unescaped, anything else as written.
    private readonly string? ValueText(in MessageValue value)
    {
        if (value.State == MessageValueState.Absent)
        {
            return null;
        }

        var token = _payload[value.Start..(value.End > value.Start ? value.End : value.Start)];
        if (value.TokenType != JsonTokenType.String)
        {
            return System.Text.Encoding.UTF8.GetString(token);
        }

        if (value.IsUndecodable)
        {
            return null;
        }

        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader.GetString();
    }

    // Names the value the contract matched (for a pattern, the actual kind) rather than the contract's own kind.
    private readonly MessageContractException Fail(MessageContract contract, string reason, Exception? inner)
        => Fail(contract, (contract.KindSlot >= 0 ? ValueText(in _values[contract.KindSlot]) : null) ?? contract.Kind.ToString(), reason, inner);

    private readonly MessageContractException Fail(MessageContract? contract, string? discriminator, string reason, Exception? inner)
    {
        var what = contract is null
            ? "a message"
            : $"a '{discriminator}' message as {contract.ContractType.FullName ?? contract.ContractType.Name}";
        if (IsBatchElement)
        {
            what += $" (element {_element} of a batch)";
        }

        return MessageContractException.Create(_clientType, contract?.ContractType, discriminator, $"{_clientType.Name} could not read {what}: {reason}", Message, inner);
    }
}
