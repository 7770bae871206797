using System;
using System.Text;
using System.Threading;
using TypedWebSockets.Messaging;

namespace TypedWebSockets;

// What generated dispatchers call besides RaiseEvent: a message read as its contract (errors reported, not thrown,
// so the next element of a batch is still dispatched) and the messages no contract matched.
public partial class WebSocket
{
    private Action<WebSocketMessage>? _onUnhandledMessage;

    /// <summary>
    /// Invoked for each received message that no <c>[Receives]</c> contract of a generated client matched: a kind the
    /// client does not declare, a message without a kind, or a plain-text message the protocol sends on purpose
    /// (<c>[WebSocketClient(PlainTextMessages = ...)]</c>). Of a batch, each such element. Setting it registers a message
    /// consumer: messages held since the socket opened are delivered.
    /// </summary>
    /// <remarks>
    /// Every received message reaches exactly one of: a typed handler, <see cref="OnError"/> (it cannot be read, or not
    /// as the contract its kind names), or this handler. Raw listeners (<see cref="OnMessage"/>) see every message
    /// first. The message's text or bytes are only materialized when this handler or a
    /// <see cref="WebSocketEvent.UnhandledMessage"/> listener is set. A plain <see cref="WebSocket"/> never raises it.
    /// </remarks>
    public Action<WebSocketMessage>? OnUnhandledMessage
    {
        get => Volatile.Read(ref _onUnhandledMessage);
        set
        {
            Volatile.Write(ref _onUnhandledMessage, value);
            if (value is not null)
            {
                RegisterMessageConsumer();
            }
        }
    }

    /// <summary>
    /// For generated clients: deserializes the message the reader holds as <paramref name="contract"/> and invokes the
    /// typed handler and listeners; a message that does not read as the contract is reported to the error handlers.
    /// Must be called from <see cref="DispatchMessage"/>.
    /// </summary>
    /// <typeparam name="T">The contract type.</typeparam>
    /// <param name="type">The event key.</param>
    /// <param name="handler">The <c>On{T}</c> handler, if set.</param>
    /// <param name="reader">The reader, on a message that <paramref name="contract"/> matched.</param>
    /// <param name="contract">The contract.</param>
    protected void RaiseEvent<T>(WebSocketEvent<T> type, Action<T>? handler, ref MessageReader reader, MessageContract<T> contract)
    {
        if (reader.TryDeserialize(contract, out var message, out var error))
        {
            RaiseEvent(type, handler, message);
        }
        else
        {
            RaiseError(error);
        }
    }

    /// <summary>
    /// For generated clients: handles a message that no received contract matched. One that cannot be read is reported
    /// to the error handlers; the others go to <see cref="OnUnhandledMessage"/> and its listeners.
    /// Must be called from <see cref="DispatchMessage"/>, after every received contract was tried.
    /// </summary>
    /// <param name="reader">The reader, on the message.</param>
    /// <param name="isText"><see langword="true"/> for a text message.</param>
    protected void RaiseUnhandledMessage(ref MessageReader reader, bool isText)
    {
        if (reader.GetUnmatchedFault(isText) is { } fault)
        {
            RaiseError(fault);
            return;
        }

        var handler = Volatile.Read(ref _onUnhandledMessage);
        if (handler is null && !_listeners.ContainsKey(WebSocketEvent.UnhandledMessage))
        {
            return;
        }

        var bytes = reader.Message;
        var message = isText
            ? WebSocketMessage.FromText(Encoding.UTF8.GetString(bytes))
            : WebSocketMessage.FromData(Data.FromBytes(bytes));
        RaiseEvent(WebSocketEvent.UnhandledMessage, handler, message);
    }
}
