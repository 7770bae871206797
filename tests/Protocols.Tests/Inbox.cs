using System;
using System.Collections.Generic;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

/// <summary>
/// Collects what a client's handlers receive, in order: typed messages, unhandled messages and errors. A test reads
/// them back one by one (<see cref="NextAsync{T}"/>) and ends by checking that no error came (<see cref="AssertNoErrors"/>).
/// </summary>
internal sealed class Inbox
{
    private readonly Channel<object> _items = Channel.CreateUnbounded<object>();
    private readonly List<Exception> _errors = [];

    /// <summary>A handler that files what it gets.</summary>
    public Action<T> Add<T>() => item => _items.Writer.TryWrite(item!);

    /// <summary>For <see cref="WebSocket.OnUnhandledMessage"/>: files the message's text as an <see cref="Unhandled"/>.</summary>
    public void AddUnhandled(WebSocketMessage message) => _items.Writer.TryWrite(new Unhandled(message.Text ?? "(binary)"));

    /// <summary>For <see cref="WebSocket.OnError"/>.</summary>
    public void AddError(Exception error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }

        _items.Writer.TryWrite(error);
    }

    /// <summary>The next item, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> NextAsync<T>()
    {
        var item = await _items.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Default);
        return Assert.IsType<T>(item);
    }

    public void AssertNoErrors()
    {
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, "Errors reported: " + string.Join("\n", _errors));
        }
    }
}

/// <summary>A message that reached <see cref="WebSocket.OnUnhandledMessage"/>.</summary>
internal sealed record Unhandled(string Text);
