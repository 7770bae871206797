using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;

namespace TypedWebSockets;

// Pull-based reading: each reader is a bounded channel fed by an ordinary listener, so streams obey the same dispatch
// order as handlers and never hold up the receive loop.
public partial class WebSocket
{
    /// <summary>
    /// Reads the events of <paramref name="type"/> as an asynchronous stream: a generated client's received contract
    /// (<c>await foreach (var m in chat.ReadAllAsync(ChatClient.Events.ChatMessage))</c>), or raw messages
    /// (<see cref="WebSocketEvent.Message"/>). The stream ends when the socket is closed (after a reconnect policy gave up),
    /// or fails with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <remarks>
    /// The reader is registered when the enumeration starts, as a listener of <paramref name="type"/>: it is a message
    /// consumer (messages held since the socket opened are delivered to it) and sees the events raised after that, in
    /// order. Several readers may read at once; each gets every event. Each reader buffers up to
    /// <see cref="WebSocketOptions.StreamCapacity"/> events; when a reader falls further behind, its oldest events are dropped
    /// and the overflow is reported once to <see cref="OnError"/> (again after the reader caught up and overflowed anew).
    /// Ending the enumeration (<c>break</c>, dispose, cancellation) removes the listener.
    /// </remarks>
    /// <typeparam name="T">The event argument type.</typeparam>
    /// <param name="type">The event key.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The stream of event arguments.</returns>
    public IAsyncEnumerable<T> ReadAllAsync<T>(WebSocketEvent<T> type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        return ReadAllCoreAsync(type, cancellationToken);
    }

    private async IAsyncEnumerable<T> ReadAllCoreAsync<T>(WebSocketEvent<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var capacity = _options.StreamCapacity;
        var overflowing = 0;
        var channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ =>
            {
                _telemetry.StreamItemDropped();
                if (Interlocked.Exchange(ref overflowing, 1) == 0)
                {
                    var overflow = new InvalidOperationException(
                        $"A reader of '{type.Name}' events from {_displayUrl} fell {capacity} events (WebSocketOptions.StreamCapacity) behind; its oldest events are being dropped until it catches up.");
                    _telemetry.StreamOverflow(type.Name, capacity, overflow);
                    RaiseError(overflow);
                }
            });
        // The close events are the last: their stream ends with them, every other one at the close.
        var isClose = ReferenceEquals(type, WebSocketEvent.Close) || ReferenceEquals(type, WebSocketEvent.Closed);
        Action<T> onEvent = argument =>
        {
            channel.Writer.TryWrite(argument);
            if (isClose)
            {
                channel.Writer.TryComplete();
            }
        };
        Action<string?> onClose = _ => channel.Writer.TryComplete();
        if (!isClose)
        {
            AddEventListener(WebSocketEvent.Close, onClose);
        }

        AddEventListener(type, onEvent);
        try
        {
            if (ReadyState == WebSocketState.Closed && !isClose)
            {
                // Closed before the reader registered: nothing more will come.
                channel.Writer.TryComplete();
            }

            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }

                Volatile.Write(ref overflowing, 0);
            }
        }
        finally
        {
            RemoveEventListener(type, onEvent);
            if (!isClose)
            {
                RemoveEventListener(WebSocketEvent.Close, onClose);
            }
        }
    }
}
