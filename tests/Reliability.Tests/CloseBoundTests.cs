using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

/// <summary>No close, whoever starts it, can be held up for ever by a server that stops reading.</summary>
public sealed class CloseBoundTests
{
    [Fact]
    public async Task A_server_close_while_the_server_reads_nothing_ends_within_CloseTimeout()
    {
        var closeNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            // Never read: the client's queued data fills the TCP buffers and its writer stalls in the middle of a frame.
            // Then close, so the close frame arrives while that frame can neither finish nor be cut.
            await closeNow.Task.WaitAsync(context.RequestAborted);
            await socket.CloseOutputAsync((WebSocketCloseStatus)4001, "going", context.RequestAborted);
            serverClosed.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var client = new ClientSocket(server.Url(), new WebSocketOptions { CloseTimeout = TimeSpan.FromMilliseconds(500), AutoConnect = false });
        var events = ClientEvents.Attach(client, messages: false);
        var chunk = Data.FromBytes(new byte[1024 * 1024]);
        for (var i = 0; i < 64; i++)
        {
            client.Send(chunk);
        }

        await client.ConnectAsync().WaitAsync(ClientEvents.DefaultTimeout);

        // Stalled: BufferedAmount stops going down, far above zero (64 MB cannot fit in the loopback buffers).
        var last = -1L;
        var stalled = false;
        for (var poll = 0; poll < 200 && !stalled; poll++)
        {
            await Task.Delay(50);
            var now = client.BufferedAmount;
            stalled = now == last && now > 0;
            last = now;
        }

        Assert.True(stalled, $"The client's writer never stalled (BufferedAmount {last}).");
        closeNow.TrySetResult();
        await serverClosed.Task.WaitAsync(ClientEvents.DefaultTimeout);
        await events.WaitClosedAsync();

        var errors = events.AssertSingleCloseAfterErrors();
        Assert.Contains(errors, e => e is TimeoutException && e.Message.Contains("CloseTimeout", StringComparison.Ordinal));
        Assert.Equal(4001, client.CloseCode);
        Assert.False(client.WasClean);
        Assert.Equal(0, client.BufferedAmount);
        client.Dispose();
    }
}
