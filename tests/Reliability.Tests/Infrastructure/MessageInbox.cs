using System;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace TypedWebSockets.Reliability.Tests.Infrastructure;

/// <summary>Messages received by a raw client, awaited one at a time with a timeout.</summary>
internal sealed class MessageInbox
{
    private readonly Channel<WebSocketMessage> _messages = Channel.CreateUnbounded<WebSocketMessage>();

    public void Add(WebSocketMessage message) => _messages.Writer.TryWrite(message);

    public async Task<WebSocketMessage> NextAsync(TimeSpan? timeout = null)
        => await _messages.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public async Task<string> NextTextAsync(TimeSpan? timeout = null)
    {
        var message = await NextAsync(timeout);
        return message.Text ?? throw new InvalidOperationException($"Expected a text message, received {message}.");
    }
}
