using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientState = TypedWebSockets.WebSocketState;
using ServerSocket = System.Net.WebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

/// <summary>Handlers that throw, block, or call back into the socket: the connection goes on and nothing is lost.</summary>
public sealed class HandlerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_blocked_handler_holds_up_later_messages_and_loses_none()
    {
        const int Count = 1000;
        var serverSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            await SendChatsAsync(socket, 1, Count, context.RequestAborted);
            serverSent.TrySetResult();
            await KestrelServer.AnswerCloseAsync(socket, context.RequestAborted);
        });

        using var release = new ManualResetEventSlim();
        var received = new List<int>();
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = (bool?)null;
        await using var client = new TypedClient(server.Url())
        {
            OnChatMessage = m =>
            {
                if (m.Seq == 1)
                {
                    // Blocks the dispatch (and so the receive loop) until the server has sent everything; bounded.
                    released = release.Wait(Timeout);
                }

                received.Add(m.Seq);
                if (received.Count == Count)
                {
                    allReceived.TrySetResult();
                }
            },
        };
        var events = ClientEvents.Attach(client, messages: false);

        await serverSent.Task.WaitAsync(Timeout);
        Assert.Empty(received);
        release.Set();
        await allReceived.Task.WaitAsync(Timeout);

        Assert.True(released, "The blocked handler must have been released by the test, not by its timeout.");
        Assert.Equal(Enumerable.Range(1, Count), received);
        await client.CloseAsync().WaitAsync(Timeout);
        Assert.Empty(events.AssertSingleCloseAfterErrors());
        Assert.True(client.WasClean);
        Assert.Empty(server.Faults);
        SuiteFigures.MessagesMoved(Count);
    }

    [Fact]
    public async Task Handlers_that_throw_are_reported_once_each_and_the_connection_goes_on()
    {
        const int Count = 600;
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            await SendChatsAsync(socket, 1, Count, context.RequestAborted);
            await KestrelServer.AnswerCloseAsync(socket, context.RequestAborted);
        });

        var typed = new List<int>();
        var listened = new List<int>();
        var raw = 0;
        var errors = new List<Exception>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new WebSocketOptions { AutoConnect = false };
        await using var client = new TypedClient(server.Url(), options)
        {
            OnChatMessage = m =>
            {
                typed.Add(m.Seq);
                if (m.Seq % 3 == 0)
                {
                    throw new HandlerFault(m.Seq);
                }
            },
            OnMessage = m =>
            {
                raw++;
                if (raw % 7 == 0)
                {
                    throw new InvalidOperationException($"raw handler fault {raw}");
                }
            },

            // An error handler that throws has nowhere to report to; it must not stop the error listeners or the connection.
            OnError = e => throw new InvalidOperationException("the error handler itself fails", e),
        };
        client.AddEventListener(TypedClient.Events.ChatMessage, m =>
        {
            listened.Add(m.Seq);
            if (m.Seq == Count)
            {
                done.TrySetResult();
            }
        });
        client.AddEventListener(WebSocketEvent.Error, errors.Add);
        await client.ConnectAsync().WaitAsync(Timeout);
        await done.Task.WaitAsync(Timeout);

        var expected = Enumerable.Range(1, Count).ToArray();
        Assert.Equal(expected, typed);
        Assert.Equal(expected, listened);
        Assert.Equal(Count, raw);

        // In dispatch order: for message n, the raw handler's fault (n % 7 == 0) comes before the typed one (n % 3 == 0).
        var expectedErrors = expected.SelectMany(n => new[] { n % 7 == 0 ? $"raw:{n}" : null, n % 3 == 0 ? $"typed:{n}" : null }).OfType<string>();
        Assert.Equal(expectedErrors, errors.Select(e => e switch
        {
            HandlerFault f => $"typed:{f.Seq}",
            InvalidOperationException i when i.Message.StartsWith("raw handler fault ", StringComparison.Ordinal) => $"raw:{i.Message["raw handler fault ".Length..]}",
            _ => $"unexpected {e}",
        }));

        await client.CloseAsync().WaitAsync(Timeout);
        Assert.Equal(1000, client.CloseCode);
        Assert.True(client.WasClean);
        SuiteFigures.FaultsSurvived(errors.Count);
        SuiteFigures.MessagesMoved(Count);
    }

    [Fact]
    public async Task A_handler_can_send_and_close_reentrantly()
    {
        const int Rounds = 300;
        await using var server = await KestrelServer.StartEchoAsync();
        var seen = new List<int>();
        var sendAfterClose = (Exception?)null;
        Task? closing = null;
        var errors = new List<Exception>();
        var options = new WebSocketOptions { AutoConnect = false };
        await using var client = new TypedClient(server.Url(), options);
        client.OnOpen = () => client.Send(new ChatMessage("reentrant", "ping", 1));
        client.OnChatMessage = m =>
        {
            seen.Add(m.Seq);
            if (m.Seq < Rounds)
            {
                client.Send(m with { Seq = m.Seq + 1 });
                return;
            }

            // Close from inside the handler, without waiting (waiting here would wait for this very handler).
            closing = client.CloseAsync(4001, "from a handler");
            try
            {
                client.Send(m);
            }
            catch (InvalidOperationException ex)
            {
                sendAfterClose = ex;
            }
        };
        client.OnError = errors.Add;
        var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnClose = reason => closed.TrySetResult(reason);
        client.Connect();

        Assert.Equal("from a handler", await closed.Task.WaitAsync(Timeout));
        await closing!.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(1, Rounds), seen);
        Assert.NotNull(sendAfterClose);
        Assert.Empty(errors);
        Assert.Equal(4001, client.CloseCode);
        Assert.True(client.WasClean);
        Assert.Empty(server.Faults);
        SuiteFigures.MessagesMoved(2 * Rounds);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Disposing_from_inside_a_handler_ends_the_connection_without_deadlock(bool async)
    {
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            await SendChatsAsync(socket, 1, 100, context.RequestAborted);
            await DrainAsync(socket, context.RequestAborted);
        });

        var seen = new List<int>();
        var disposedAt = -1;
        var disposeCompleted = (bool?)null;
        var client = new TypedClient(server.Url());
        var events = ClientEvents.Attach(client, messages: false);
        client.OnChatMessage = m =>
        {
            seen.Add(m.Seq);
            if (m.Seq == 10)
            {
                disposedAt = seen.Count;
                if (async)
                {
                    disposeCompleted = client.DisposeAsync().IsCompletedSuccessfully;
                }
                else
                {
                    client.Dispose();
                    disposeCompleted = true;
                }
            }
        };

        await events.WaitClosedAsync(Timeout);
        Assert.True(disposeCompleted, "Dispose called from a handler must return without waiting for that handler.");
        Assert.Empty(events.AssertSingleCloseAfterErrors());
        Assert.Equal(disposedAt, seen.Count);
        Assert.Equal(ClientState.Closed, client.ReadyState);
        Assert.Equal(1006, client.CloseCode);
        Assert.False(client.WasClean);
        client.Dispose();
    }

    internal static async Task SendChatsAsync(ServerSocket socket, int first, int count, CancellationToken cancellationToken)
    {
        for (var seq = first; seq < first + count; seq++)
        {
            var json = string.Create(CultureInfo.InvariantCulture, $$"""{"type":"chat","user":"server","text":"message {{seq}}","seq":{{seq}}}""");
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    // Reads until the client goes away, however it goes (close frame or abort).
    private static async Task DrainAsync(ServerSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer, cancellationToken)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // The client aborted, which is what these tests do.
        }
    }
}
