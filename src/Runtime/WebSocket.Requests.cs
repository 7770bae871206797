using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// Requests and subscriptions: one table of open correlation ids (calls waiting for their reply, subscriptions waiting
// for items). Ids are increasing longs, never reused, written as numbers or strings; while any id is open, a received
// text message is read at the reply paths (one pass, no string allocated) before typed dispatch, and consumed when it
// carries an open id.
public partial class WebSocket
{
    // Subscriptions stopped by the consumer whose ids are remembered, so that late items with them reach raw listeners only.
    private const int RememberedStops = 256;

    private readonly object _requestsLock = new();
    private readonly Dictionary<long, Correlated> _correlated = new();
    private readonly HashSet<long> _stoppedIds = new();
    private readonly Queue<long> _stoppedOrder = new();
    private int _pendingRequestCount;
    private int _watchedIdCount;
    private long _lastCorrelationId;
    private int _connectionEpoch;
    private CorrelationFormat? _correlation;

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
        var id = Interlocked.Increment(ref _lastCorrelationId);
        var telemetry = _telemetry.RequestStarting(contract.Request.Discriminator, id);
        var pending = new PendingRequest<TRequest, TResponse>(this, contract, id);
        Register(pending, contract.Replies.Correlation);
        pending.Start(wait, timeout is null ? "WebSocketOptions.RequestTimeout" : "the timeout given to RequestAsync", cancellationToken);

        // As for every send: what is decided at the call (closing, offline queue full, FailFast) throws at the call.
        ValueTask sent;
        try
        {
            sent = EnqueueAsync(SerializeCorrelated(contract.Request, contract.Replies.Head, id, request), WebSocketMessageType.Text, CancellationToken.None);
        }
        catch (Exception ex)
        {
            pending.Fail(ex);
            pending.ObserveFailure();
            telemetry.Complete(ex);
            throw;
        }

        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveSendAsync(sent, pending);
        }

        return telemetry.Track(pending.Task);
    }

    // The head with the id, then the payload, in the one pooled buffer the send queue takes over.
    private static PooledBuffer SerializeCorrelated<T>(MessageContract<T> contract, CorrelatedHead head, long id, T message)
    {
        var max = head.MaxLength;
        Span<byte> bytes = max <= 512 ? stackalloc byte[max] : new byte[max];
        var length = head.Write(id, bytes);
        return MessageSerializer.Serialize(contract, head.Layout, bytes[..length], message);
    }

    private static async Task ObserveSendAsync(ValueTask sent, Correlated entry)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            entry.Fail(ex);
        }
    }

    private void Register(Correlated entry, CorrelationFormat correlation)
    {
        lock (_requestsLock)
        {
            // Every contract of a generated client shares its format's correlation; replies are read with it.
            _correlation ??= correlation;
            if (!ReferenceEquals(_correlation, correlation))
            {
                throw new InvalidOperationException(
                    $"{GetType().FullName} uses request or subscription contracts of two message formats; replies can be read with one only.");
            }

            entry.Epoch = _connectionEpoch;
            _correlated.Add(entry.Id, entry);
            UpdateCounts(entry.IsRequest ? 1 : 0);
        }
    }

    // Frees the id; remember: the entry's id stays watched (a subscription the consumer stopped, whose late items are dropped).
    private void Unregister(Correlated entry, bool remember)
    {
        lock (_requestsLock)
        {
            if (!_correlated.Remove(entry.Id, out var removed))
            {
                return;
            }

            if (!ReferenceEquals(removed, entry))
            {
                _correlated.Add(removed.Id, removed);
                return;
            }

            if (remember && _stoppedIds.Add(entry.Id))
            {
                _stoppedOrder.Enqueue(entry.Id);
                if (_stoppedOrder.Count > RememberedStops)
                {
                    _stoppedIds.Remove(_stoppedOrder.Dequeue());
                }
            }

            UpdateCounts(entry.IsRequest ? -1 : 0);
        }
    }

    // Under _requestsLock.
    private void UpdateCounts(int requestsAdded)
    {
        Volatile.Write(ref _pendingRequestCount, _pendingRequestCount + requestsAdded);
        Volatile.Write(ref _watchedIdCount, _correlated.Count + _stoppedIds.Count);
    }

    // Called when a connection ends (before any reconnect), the one place where calls and subscriptions made on it fail:
    // their replies and items were lost with it.
    private void FailCorrelatedOfEndedConnection(Exception? cause, bool final)
    {
        List<Correlated>? failed = null;
        lock (_requestsLock)
        {
            var ended = _connectionEpoch++;
            foreach (var entry in _correlated.Values)
            {
                if (final || entry.Epoch <= ended)
                {
                    (failed ??= new()).Add(entry);
                }
            }

            // Ids of the ended connection cannot come back on the next one.
            _stoppedIds.Clear();
            _stoppedOrder.Clear();
            UpdateCounts(0);
        }

        if (failed is null)
        {
            return;
        }

        foreach (var entry in failed)
        {
            entry.Fail(WebSocketErrors.Tag(
                new WebSocketException(
                    WebSocketError.ConnectionClosedPrematurely,
                    $"The connection to {_displayUrl} ended before {entry.Awaited} {entry.Describe()} arrived{(cause is null ? "." : $": {cause.Message}")}",
                    cause),
                WebSocketErrorKind.ConnectionLost));
        }
    }

    // Called under the dispatch lock for a text message while ids are open. True when the message carried one (it is
    // then consumed: raw listeners saw it, typed handlers do not).
    private bool TryDeliverReply(ReadOnlySpan<byte> payload)
    {
        var correlation = Volatile.Read(ref _correlation);
        if (correlation is null)
        {
            return false;
        }

        var replies = correlation.Replies;
        var count = replies.ReadPathCount;
        Span<MessageValue> values = count <= 16 ? stackalloc MessageValue[16] : new MessageValue[count];
        var reader = new MessageReader(payload, replies, GetType(), values);
        if (!reader.Read() || !reader.TryGetRawValue(correlation.IdSlot, out var raw) || !CorrelationFormat.TryParseId(raw, out var id))
        {
            return false;
        }

        Correlated? entry;
        lock (_requestsLock)
        {
            if (!_correlated.TryGetValue(id, out entry))
            {
                return _stoppedIds.Contains(id);
            }
        }

        entry.OnReply(ref reader);
        return true;
    }

    private static WebSocketRequestException ErrorReply(ReadOnlySpan<byte> error, Correlated entry)
    {
        var reader = new Utf8JsonReader(error);
        reader.Read();
        var value = JsonElement.ParseValue(ref reader);
        return new WebSocketRequestException($"The server answered {entry.Describe()} with an error: {value.GetRawText()}", value, entry.RequestType, entry.Id);
    }

    // A call or a subscription: what the table of open ids holds.
    private abstract class Correlated
    {
        public long Id { get; init; }

        public int Epoch { get; set; }

        public abstract bool IsRequest { get; }

        public abstract Type RequestType { get; }

        /// <summary>What the connection's end cut off: "the response to", "the end of".</summary>
        public abstract string Awaited { get; }

        public abstract string Describe();

        public abstract void Fail(Exception error);

        /// <summary>Handles a message with this id (called under the dispatch lock).</summary>
        public abstract void OnReply(ref MessageReader reply);
    }

    private sealed class PendingRequest<TRequest, TResponse> : Correlated
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

        public override bool IsRequest => true;

        public override Type RequestType => typeof(TRequest);

        public override string Awaited => "the response to";

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

        // A call that throws at the call is no longer pending; nobody will look at its task.
        public void ObserveFailure() => _ = _completion.Task.Exception;

        public override void OnReply(ref MessageReader reply)
        {
            var shape = _contract.Replies;
            if (shape.TryGetError(ref reply, out var error))
            {
                Fail(ErrorReply(error, this));
                return;
            }

            TResponse? value;
            try
            {
                if (!shape.TryGetPayload(ref reply, out var payload) || CorrelationFormat.IsNull(payload))
                {
                    if (!_contract.ResponseAllowsNull)
                    {
                        throw new JsonException(payload.IsEmpty
                            ? $"it has no single '{shape.PayloadPath}' property holding the response"
                            : "its payload is null");
                    }

                    value = default;
                }
                else
                {
                    value = JsonSerializer.Deserialize(payload, _contract.ResponseTypeInfo);
                    if (value is null && !_contract.ResponseAllowsNull)
                    {
                        throw new JsonException("its payload is null");
                    }
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

            End(() => _completion.TrySetResult(value!));
        }

        private void End(Func<bool> settle)
        {
            if (settle())
            {
                _timer?.Dispose();
                _cancellation.Dispose();
                _owner.Unregister(this, remember: false);
            }
        }
    }
}
