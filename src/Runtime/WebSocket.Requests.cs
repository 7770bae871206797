using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// Request/response: a table of pending calls keyed by correlation id. Ids are increasing longs written as JSON numbers;
// a received text message is checked against the table (only while calls are pending) before typed dispatch.
public partial class WebSocket
{
    private readonly object _requestsLock = new();
    private readonly Dictionary<long, PendingRequest> _pendingRequests = new();
    private int _pendingRequestCount;
    private long _lastRequestId;
    private int _connectionEpoch;
    private JsonEncodedText _correlationProperty;
    private JsonEncodedText _errorProperty;
    private MessageFormat? _requestFormat;

    /// <summary>The number of requests waiting for their response.</summary>
    public int PendingRequestCount => Volatile.Read(ref _pendingRequestCount);

    /// <summary>
    /// For generated clients: sends <paramref name="request"/> with a new correlation id and completes with the response
    /// that carries the same id.
    /// </summary>
    /// <typeparam name="TRequest">The request contract.</typeparam>
    /// <typeparam name="TResponse">The response contract.</typeparam>
    /// <param name="contract">The request contract.</param>
    /// <param name="request">The request.</param>
    /// <param name="timeout">How long to wait for the response; <see langword="null"/>: <see cref="WebSocketOptions.RequestTimeout"/>.</param>
    /// <param name="cancellationToken">Abandons the call (a response arriving later is ignored).</param>
    /// <returns>The response.</returns>
    /// <exception cref="WebSocketRequestException">The server answered with an error reply.</exception>
    /// <exception cref="InvalidOperationException">Thrown at the call: the socket is closing or closed, or <see cref="WebSocketOptions.OfflineSends"/> refused the request.</exception>
    /// <exception cref="TimeoutException">No response within the timeout.</exception>
    /// <exception cref="WebSocketException">The connection was lost or closed before the response.</exception>
    /// <exception cref="MessageContractException">The response is not a valid <typeparamref name="TResponse"/>.</exception>
    protected Task<TResponse> SendRequestAsync<TRequest, TResponse>(RequestContract<TRequest, TResponse> contract, TRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ThrowIfNullMessage(request);
        var wait = timeout ?? _options.RequestTimeout;
        if (wait <= TimeSpan.Zero && wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), wait, "The request timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResponse>(cancellationToken);
        }

        ThrowIfCannotSend();

        // The response must not wait for a handler to be registered.
        RegisterMessageConsumer();
        var id = Interlocked.Increment(ref _lastRequestId);
        var telemetry = _telemetry.RequestStarting(contract.Request.Discriminator, id);
        var pending = new PendingRequest<TRequest, TResponse>(this, contract, id);
        lock (_requestsLock)
        {
            if (_requestFormat is null)
            {
                _requestFormat = contract.Request.Format;
                _correlationProperty = contract.CorrelationProperty;
                _errorProperty = contract.ErrorProperty;
            }

            pending.Epoch = _connectionEpoch;
            _pendingRequests.Add(id, pending);
            _pendingRequestCount = _pendingRequests.Count;
        }

        pending.Start(wait, timeout is null ? "WebSocketOptions.RequestTimeout" : "the timeout given to RequestAsync", cancellationToken);
        PooledBuffer buffer;
        try
        {
            Span<byte> head = stackalloc byte[contract.MaxHeadLength];
            var length = contract.WriteHead(id, head);
            buffer = MessageSerializer.Serialize(contract.Request, head[..length], request);
        }
        catch (Exception ex)
        {
            Abandon(pending, ex);
            telemetry.Complete(ex);
            throw;
        }

        // As for every send: what is decided at the call (closing, offline queue full, FailFast) throws at the call.
        ValueTask sent;
        try
        {
            sent = EnqueueAsync(buffer, WebSocketMessageType.Text, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Abandon(pending, ex);
            telemetry.Complete(ex);
            throw;
        }

        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveSendAsync(sent, pending);
        }

        return telemetry.Track(pending.Task);
    }

    // A call that throws at the call is no longer pending; nobody will look at its task.
    private static void Abandon(PendingRequest pending, Exception error)
    {
        pending.Fail(error);
        pending.ObserveFailure();
    }

    private static async Task ObserveSendAsync(ValueTask sent, PendingRequest pending)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            pending.Fail(ex);
        }
    }

    // Called when a connection ends (before any reconnect): calls made on it cannot get their response any more.
    private void FailRequestsOfEndedConnection(Exception? cause, bool final)
    {
        List<PendingRequest>? failed = null;
        lock (_requestsLock)
        {
            var ended = _connectionEpoch++;
            foreach (var pending in _pendingRequests.Values)
            {
                if (final || pending.Epoch <= ended)
                {
                    (failed ??= new()).Add(pending);
                }
            }
        }

        if (failed is null)
        {
            return;
        }

        foreach (var pending in failed)
        {
            pending.Fail(WebSocketErrors.Tag(
                new WebSocketException(
                    WebSocketError.ConnectionClosedPrematurely,
                    $"The connection to {_displayUrl} ended before the response to {pending.Describe()} arrived{(cause is null ? "." : $": {cause.Message}")}",
                    cause),
                WebSocketErrorKind.ConnectionLost));
        }
    }

    private void RemovePending(long id)
    {
        lock (_requestsLock)
        {
            _pendingRequests.Remove(id);
            _pendingRequestCount = _pendingRequests.Count;
        }
    }

    // Called under the dispatch lock for a text message while calls are pending. True when the message answered one.
    private bool TryCompleteRequest(ReadOnlySpan<byte> payload)
    {
        var format = _requestFormat;
        if (format is null)
        {
            return false;
        }

        var reader = new Utf8JsonReader(payload);
        long id = 0;
        var hasId = false;
        var hasError = false;
        var hasEnvelope = false;
        Utf8JsonReader error = default;
        Utf8JsonReader envelope = default;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!hasId && reader.ValueTextEquals(_correlationProperty.EncodedUtf8Bytes))
                {
                    reader.Read();
                    hasId = reader.TokenType switch
                    {
                        JsonTokenType.Number => reader.TryGetInt64(out id),
                        JsonTokenType.String => !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out id, out var consumed) && consumed == reader.ValueSpan.Length,
                        _ => false,
                    };
                    if (!hasId)
                    {
                        return false;
                    }
                }
                else if (!hasError && reader.ValueTextEquals(_errorProperty.EncodedUtf8Bytes))
                {
                    reader.Read();
                    hasError = reader.TokenType != JsonTokenType.Null;
                    error = reader;
                    reader.Skip();
                }
                else if (format.IsEnvelope && !hasEnvelope && reader.ValueTextEquals(format.EncodedEnvelopeProperty.EncodedUtf8Bytes))
                {
                    reader.Read();
                    envelope = reader;
                    hasEnvelope = true;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not a well-formed object: not a response. Typed dispatch reports it if it claims a contract.
            return false;
        }

        if (!hasId)
        {
            return false;
        }

        PendingRequest? pending;
        lock (_requestsLock)
        {
            if (!_pendingRequests.Remove(id, out pending))
            {
                return false;
            }

            _pendingRequestCount = _pendingRequests.Count;
        }

        if (hasError)
        {
            var value = JsonElement.ParseValue(ref error);
            pending.Fail(new WebSocketRequestException(
                $"The server answered {pending.Describe()} with an error: {value.GetRawText()}",
                value,
                pending.RequestType,
                id));
        }
        else
        {
            pending.Complete(payload, format.IsEnvelope, hasEnvelope, envelope);
        }

        return true;
    }

    private abstract class PendingRequest
    {
        public long Id { get; init; }

        public int Epoch { get; set; }

        public abstract Type RequestType { get; }

        public abstract string Describe();

        public abstract void Fail(Exception error);

        public abstract void ObserveFailure();

        public abstract void Complete(ReadOnlySpan<byte> payload, bool isEnvelope, bool hasEnvelope, Utf8JsonReader envelope);
    }

    private sealed class PendingRequest<TRequest, TResponse> : PendingRequest
    {
        private readonly TaskCompletionSource<TResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly WebSocket _owner;
        private readonly RequestContract<TRequest, TResponse> _contract;
        private ITimer? _timer;
        private TimeSpan _timeout;
        private string? _timeoutSource;
        private CancellationTokenRegistration _cancellation;

        public PendingRequest(WebSocket owner, RequestContract<TRequest, TResponse> contract, long id)
        {
            _owner = owner;
            _contract = contract;
            Id = id;
        }

        public Task<TResponse> Task => _completion.Task;

        public override Type RequestType => typeof(TRequest);

        public override string Describe() => $"the '{_contract.Request.Discriminator}' request {Id} ({typeof(TRequest).Name})";

        public void Start(TimeSpan timeout, string timeoutSource, CancellationToken cancellationToken)
        {
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                _timeout = timeout;
                _timeoutSource = timeoutSource;
                _timer = _owner._options.TimeProvider.CreateTimer(
                    static state =>
                    {
                        var self = (PendingRequest<TRequest, TResponse>)state!;
                        self.Fail(new TimeoutException($"No response to {self.Describe()} from {self._owner.Url} within {self._timeout} ({self._timeoutSource})."));
                    },
                    this,
                    timeout,
                    Timeout.InfiniteTimeSpan);
            }

            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(
                    static (state, token) => ((PendingRequest<TRequest, TResponse>)state!).End(() => ((PendingRequest<TRequest, TResponse>)state!)._completion.TrySetCanceled(token)),
                    this);
            }
        }

        public override void Fail(Exception error) => End(() => _completion.TrySetException(error));

        public override void ObserveFailure() => _ = _completion.Task.Exception;

        public override void Complete(ReadOnlySpan<byte> payload, bool isEnvelope, bool hasEnvelope, Utf8JsonReader envelope)
        {
            TResponse? value;
            try
            {
                if (!isEnvelope)
                {
                    value = JsonSerializer.Deserialize(payload, _contract.ResponseTypeInfo);
                }
                else if (hasEnvelope)
                {
                    value = JsonSerializer.Deserialize(ref envelope, _contract.ResponseTypeInfo);
                }
                else
                {
                    throw new JsonException($"it has no '{_contract.Request.Format.EnvelopeProperty}' property holding the response");
                }

                if (value is null)
                {
                    throw new JsonException("its payload is null");
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
            {
                Fail(new MessageContractException(
                    _contract.Request.ClientType,
                    typeof(TResponse),
                    _contract.Request.Discriminator,
                    $"{_contract.Request.ClientType.Name} could not read the response to {Describe()} as {typeof(TResponse).FullName}: {ex.Message}",
                    ex));
                return;
            }

            End(() => _completion.TrySetResult(value));
        }

        private void End(Func<bool> settle)
        {
            if (settle())
            {
                _timer?.Dispose();
                _cancellation.Dispose();
                _owner.RemovePending(Id);
            }
        }
    }
}
