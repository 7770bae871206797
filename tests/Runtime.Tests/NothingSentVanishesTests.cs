using System;
using System.Linq;
using System.Threading.Tasks;
using TypedWebSockets.Testing;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>
/// A message sent between the server dropping the connection and the client noticing it is written, kept for the next
/// connection, or reported: never lost without a word.
/// </summary>
public sealed class NothingSentVanishesTests
{
    private const int Rounds = 40;

    [Fact]
    public async Task A_send_made_right_after_the_server_aborted_is_reported_when_there_is_no_reconnect()
    {
        for (var round = 0; round < Rounds; round++)
        {
            await using var server = new FakeWebSocketServer();
            await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport, AutoConnect = false });
            var log = new EventLog(socket, messages: false);
            socket.Connect();
            var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
            await log.Opened.WaitAsync(TestTimeouts.Default);

            connection.Abort();
            var threw = false;
            try
            {
                socket.Send("after the abort");
            }
            catch (InvalidOperationException)
            {
                // The client already noticed: refused at the call, which is a report too.
                threw = true;
            }

            await log.Closed.WaitAsync(TestTimeouts.Default);
            var reported = log.Errors.Where(e => e.GetKind() == WebSocketErrorKind.NotSent).ToList();
            Assert.True(threw || reported.Count == 1, $"Round {round}: the send was neither refused nor reported; errors: [{string.Join(" | ", log.Errors.Select(e => e.Message))}]");
            if (!threw)
            {
                Assert.Contains("1 queued message(s) were not sent", reported[0].Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_awaited_send_made_right_after_the_server_aborted_fails_or_is_reported_when_there_is_no_reconnect()
    {
        for (var round = 0; round < Rounds; round++)
        {
            await using var server = new FakeWebSocketServer();
            await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions { Transport = server.Transport, AutoConnect = false });
            var log = new EventLog(socket, messages: false);
            socket.Connect();
            var connection = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
            await log.Opened.WaitAsync(TestTimeouts.Default);

            connection.Abort();
            var error = await Record.ExceptionAsync(async () => await socket.SendAsync("after the abort").AsTask().WaitAsync(TestTimeouts.Default));
            await log.Closed.WaitAsync(TestTimeouts.Default);

            // Refused at the call, failed, or (when it completed into the connection's write buffer before the loss was
            // known) reported with the connection's end.
            var reported = log.Errors.Count(e => e.GetKind() == WebSocketErrorKind.NotSent);
            Assert.True(
                error is InvalidOperationException || error?.GetKind() == WebSocketErrorKind.NotSent || (error is null && reported == 1),
                $"Round {round}: {error?.ToString() ?? "completed"}; errors: [{string.Join(" | ", log.Errors.Select(e => e.Message))}]");
        }
    }

    [Fact]
    public async Task With_a_reconnect_policy_a_send_made_right_after_the_server_aborted_is_written_on_the_next_connection()
    {
        for (var round = 0; round < Rounds / 4; round++)
        {
            await using var server = new FakeWebSocketServer();
            await using var socket = new WebSocket("ws://fake.test/", new WebSocketOptions
            {
                Transport = server.Transport,
                Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero, Jitter = false },
            });
            var first = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
            await socket.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

            first.Abort();
            socket.Send("after the abort");

            var second = await server.AcceptAsync().WaitAsync(TestTimeouts.Default);
            Assert.Equal("after the abort", (await second.ReceiveAsync().WaitAsync(TestTimeouts.Default)).Text);
        }
    }
}
