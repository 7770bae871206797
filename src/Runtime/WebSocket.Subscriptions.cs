using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// Subscriptions: a request whose id stays open for a stream of items, each buffered in the subscription's bounded
// channel (the receive loop never waits for a consumer), until a complete or error kind, the consumer stopping, or
// the connection's end.
public partial class WebSocket
{
    /// <summary>
    /// For generated clients: a stream that, when enumerated, sends <paramref name="request"/> with a new correlation id
    /// and yields the items the server sends with that id, until the server completes or fails it, the consumer stops
    /// (then the contract's stop message is sent), or the connection ends.
    /// </summary>
    /// <typeparam name="TRequest">The subscription request contract.</typeparam>
    /// <typeparam name="TItem">The item contract.</typeparam>
    /// <param name="contract">The subscription contract.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Ends the enumeration with <see cref="OperationCanceledException"/> (the stop message is sent).</param>
    /// <returns>The items.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    protected IAsyncEnumerable<TItem> Subscribe<TRequest, TItem>(SubscriptionContract<TRequest, TItem> contract, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ThrowIfNullMessage(request);
        return SubscribeCoreAsync(contract, request, cancellationToken);
    }

    private async IAsyncEnumerable<TItem> SubscribeCoreAsync<TRequest, TItem>(
        SubscriptionContract<TRequest, TItem> contract, TRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfCannotSend();

        // Items must not wait for a handler to be registered.
        RegisterMessageConsumer();
        var id = Interlocked.Increment(ref _lastCorrelationId);
        var telemetry = _telemetry.SubscriptionStarting(contract.Request.Discriminator, id);
        var subscription = new Subscription<TRequest, TItem>(this, contract, id);
        Register(subscription, contract.Replies.Correlation);
        try
        {
            subscription.Send(request);
            while (await subscription.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (subscription.TryRead(out var item))
                {
                    yield return item;
                }

                subscription.CaughtUp();
            }
        }
        finally
        {
            subscription.Stop();
            telemetry.Complete(subscription.Failure);
        }
    }

    private sealed class Subscription<TRequest, TItem> : Correlated
    {
        private const int Active = 0;
        private const int Ended = 1;
        private const int Stopped = 2;

        private readonly WebSocket _owner;
        private readonly SubscriptionContract<TRequest, TItem> _contract;
        private readonly Channel<TItem> _items;
        private int _state;
        private int _overflowing;

        public Subscription(WebSocket owner, SubscriptionContract<TRequest, TItem> contract, long id)
        {
            _owner = owner;
            _contract = contract;
            Id = id;
            var capacity = owner._options.StreamCapacity;

            // The same policy as ReadAllAsync streams: the oldest items make way, and each overflow is reported once.
            _items = Channel.CreateBounded<TItem>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ =>
                {
                    owner._telemetry.StreamItemDropped();
                    if (Interlocked.Exchange(ref _overflowing, 1) == 0)
                    {
                        var overflow = new InvalidOperationException(
                            $"The consumer of {Describe()} on {owner._displayUrl} fell {capacity} items (WebSocketOptions.StreamCapacity) behind; its oldest items are being dropped until it catches up.");
                        owner._telemetry.StreamOverflow(Describe(), capacity, overflow);
                        owner.RaiseError(overflow);
                    }
                });
        }

        public override bool IsRequest => false;

        public override Type RequestType => typeof(TRequest);

        public override string Awaited => "the end of";

        /// <summary>Why the sequence failed, or <see langword="null"/> (completed or stopped by the consumer).</summary>
        public Exception? Failure { get; private set; }

        public override string Describe() => $"the '{_contract.Request.Discriminator}' subscription {Id} ({typeof(TRequest).Name})";

        public void Send(TRequest request)
        {
            ValueTask sent;
            try
            {
                sent = _owner.EnqueueAsync(SerializeCorrelated(_contract.Request, _contract.Replies.Head, Id, request), WebSocketMessageType.Text, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Never sent: nothing to stop.
                Fail(ex);
                throw;
            }

            if (!sent.IsCompletedSuccessfully)
            {
                _ = ObserveSendAsync(sent, this);
            }
        }

        public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _items.Reader.WaitToReadAsync(cancellationToken);

        public bool TryRead(out TItem item) => _items.Reader.TryRead(out item!);

        public void CaughtUp() => Volatile.Write(ref _overflowing, 0);

        public override void Fail(Exception error)
        {
            if (Interlocked.CompareExchange(ref _state, Ended, Active) == Active)
            {
                Failure = error;
                _owner.Unregister(this, remember: false);
                _items.Writer.TryComplete(error);
            }
        }

        public override void OnReply(ref MessageReader reply)
        {
            if (Volatile.Read(ref _state) != Active)
            {
                return;
            }

            var shape = _contract.Replies;
            if (shape.TryGetError(ref reply, out var error))
            {
                Fail(ErrorReply(error, this));
                return;
            }

            if (shape.KindIs(ref reply, shape.CompleteKind))
            {
                if (Interlocked.CompareExchange(ref _state, Ended, Active) == Active)
                {
                    _owner.Unregister(this, remember: false);
                    _items.Writer.TryComplete();
                }

                return;
            }

            if (shape.ItemKind is not null && !shape.KindIs(ref reply, shape.ItemKind))
            {
                // Another message with the id (Home Assistant's "result" acknowledgement): not an item.
                return;
            }

            TItem? item;
            try
            {
                if (!shape.TryGetPayload(ref reply, out var payload))
                {
                    throw new JsonException($"it has no single '{shape.PayloadPath}' property holding the item");
                }

                item = JsonSerializer.Deserialize(payload, _contract.ItemTypeInfo);
                if (item is null)
                {
                    throw new JsonException("its payload is null");
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
            {
                // The sequence cannot go on with a hole in it: it fails, and the consumer's end sends the stop message.
                var failure = new MessageContractException(
                    _contract.Request.ClientType,
                    typeof(TItem),
                    _contract.Request.Discriminator,
                    $"{_contract.Request.ClientType.Name} could not read an item of {Describe()} as {typeof(TItem).FullName}: {ex.Message}",
                    ex);
                Failure = failure;
                _items.Writer.TryComplete(failure);
                return;
            }

            _items.Writer.TryWrite(item);
        }

        // The consumer's end (break, dispose, cancellation, or after the sequence ended): frees the id once, and when the
        // server still thinks the subscription open, tells it with the stop message.
        public void Stop()
        {
            if (Interlocked.CompareExchange(ref _state, Stopped, Active) != Active)
            {
                return;
            }

            _items.Writer.TryComplete();
            _owner.Unregister(this, remember: true);
            if (_contract.Replies.StopHead is not { } stop || _owner.ReadyState is WebSocketState.Closing or WebSocketState.Closed)
            {
                return;
            }

            // {"id":"1","type":"complete"}: the head (a flat one, so its members are all written) and the closing brace.
            var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(stop.MaxLength + 1);
            var length = stop.Write(Id, bytes);
            bytes[length++] = (byte)'}';
            try
            {
                _owner.Post(new PooledBuffer(bytes, length), WebSocketMessageType.Text);
            }
            catch (InvalidOperationException ex)
            {
                // (Post has returned the buffer to the pool.)
                // Closing meanwhile, or the offline queue refused it: the server is not told; say so.
                _owner.RaiseError(new InvalidOperationException($"The stop message of {Describe()} could not be sent: {ex.Message}", ex));
            }
        }
    }
}
