using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TypedWebSockets;

// The receive side: one loop reads frames into a pooled buffer, joins fragments, enforces MaxMessageSize and
// dispatches each complete message under the dispatch lock, or holds it while no consumer is registered yet.
public partial class WebSocket
{
    private const int InitialReceiveBufferSize = 4 * 1024;

    private readonly object _heldLock = new();
    private Queue<HeldMessage>? _held;
    private long _heldBytes;
    private bool _hasMessageConsumer;

    /// <summary>
    /// For generated clients: called for every complete message after the raw message handlers, while holding the
    /// dispatch lock. Reads the message from <paramref name="payload"/> (valid only during the call) and raises typed events.
    /// An exception thrown here is reported to the error handlers and the connection goes on.
    /// </summary>
    /// <param name="payload">The message's bytes.</param>
    /// <param name="isText"><see langword="true"/> for a text message, <see langword="false"/> for binary.</param>
    protected virtual void DispatchMessage(ReadOnlySpan<byte> payload, bool isText)
    {
    }

    // Returns when the server's close frame arrives; throws when the connection breaks or is aborted.
    private async Task ReceiveLoopAsync(Connection connection)
    {
        var socket = connection.Socket;
        var cancellationToken = connection.Token;
        // No array holds more than Array.MaxLength bytes; capping here also keeps maxSize + 1 (one byte beyond the
        // limit is enough to know a message is too big) from overflowing when MaxMessageSize is int.MaxValue.
        var maxSize = Math.Min(_options.MaxMessageSize, Array.MaxLength - 1);
        var bufferLimit = maxSize + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBufferSize, bufferLimit));
        var count = 0;
        var discarding = false;
        var countFrames = _options.Transport is not null && _options.IdleTimeout is not null;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    // Grow, but never past MaxMessageSize + 1.
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, bufferLimit));
                    buffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var limit = Math.Min(buffer.Length, bufferLimit);
                var result = await socket.ReceiveAsync(buffer.AsMemory(count, limit - count), cancellationToken).ConfigureAwait(false);
                if (countFrames)
                {
                    // A transport's bytes are not counted below TLS: each frame received is the sign of life instead.
                    RecordReceived(connection);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (discarding)
                {
                    count = 0;
                    continue;
                }

                count += result.Count;
                if (count > maxSize)
                {
                    discarding = true;
                    count = 0;
                    await RaiseErrorAsync(WebSocketErrors.Tag(
                        new WebSocketException(WebSocketError.Faulted, $"A message larger than {maxSize} bytes (WebSocketOptions.MaxMessageSize) arrived from {_displayUrl}; the connection is closed with 1009 (message too big)."),
                        WebSocketErrorKind.MessageTooBig)).ConfigureAwait(false);
                    BeginClose(1009, "Message too big");
                    continue;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                _telemetry.MessageReceived(count);
                await OnMessageReceivedAsync(buffer.AsMemory(0, count), result.MessageType == WebSocketMessageType.Text).ConfigureAwait(false);
                count = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask OnMessageReceivedAsync(ReadOnlyMemory<byte> payload, bool isText)
    {
        AssertLockOrder();
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            lock (_heldLock)
            {
                if (!_hasMessageConsumer)
                {
                    Hold(payload.Span, isText);
                    return;
                }
            }

            DeliverHeldMessages();
            Deliver(payload.Span, isText);
        }
        finally
        {
            ExitDispatch();
        }
    }

    // Called under _heldLock.
    private void Hold(ReadOnlySpan<byte> payload, bool isText)
    {
        _held ??= new Queue<HeldMessage>();
        var full = _held.Count >= _options.MaxPendingMessages
            ? $"{_options.MaxPendingMessages} messages (WebSocketOptions.MaxPendingMessages) are already held"
            : _heldBytes + payload.Length > _options.MaxPendingBytes
                ? $"{_heldBytes} bytes are already held and WebSocketOptions.MaxPendingBytes is {_options.MaxPendingBytes}"
                : null;
        if (full is not null)
        {
            RaiseError(new InvalidOperationException(
                $"A {(isText ? "text" : "binary")} message of {payload.Length} bytes from {_displayUrl} was dropped: {full} waiting for a message handler. Register OnMessage, a message listener or a typed handler before messages arrive."));
            return;
        }

        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(copy);
        _held.Enqueue(new HeldMessage(copy, payload.Length, isText));
        _heldBytes += payload.Length;
    }

    private async Task DrainHeldMessagesAsync()
    {
        AssertLockOrder();
        await _dispatchLock.EnterAsync().ConfigureAwait(false);
        try
        {
            EnterDispatch();
            DeliverHeldMessages();
        }
        finally
        {
            ExitDispatch();
        }
    }

    // Called under the dispatch lock, before any newer message is delivered, so order is kept.
    private void DeliverHeldMessages()
    {
        while (true)
        {
            HeldMessage message;
            lock (_heldLock)
            {
                if (_held is null || !_held.TryDequeue(out message))
                {
                    return;
                }

                _heldBytes -= message.Length;
            }

            try
            {
                Deliver(message.Array.AsSpan(0, message.Length), message.IsText);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(message.Array);
            }
        }
    }

    private void DiscardHeldMessages()
    {
        lock (_heldLock)
        {
            _heldBytes = 0;
            while (_held is not null && _held.TryDequeue(out var message))
            {
                ArrayPool<byte>.Shared.Return(message.Array);
            }
        }
    }

    // Called under the dispatch lock. The raw message is materialized only when somebody listens for it.
    private void Deliver(ReadOnlySpan<byte> payload, bool isText)
    {
        if (HasRawMessageListeners)
        {
            var message = isText
                ? WebSocketMessage.FromText(Encoding.UTF8.GetString(payload))
                : WebSocketMessage.FromData(Data.FromBytes(payload));
            RaiseEvent(WebSocketEvent.Message, Volatile.Read(ref _onMessage), message);
        }

        if (isText && Volatile.Read(ref _watchedIdCount) > 0 && TryDeliverReply(payload))
        {
            return;
        }

        try
        {
            DispatchMessage(payload, isText);
        }
        catch (Exception ex)
        {
            RaiseError(ex);
        }
    }

    private readonly record struct HeldMessage(byte[] Array, int Length, bool IsText);
}
