using System;
using System.Linq;
using System.Net.WebSockets;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests;

/// <summary>The edges of the limits: exactly MaxMessageSize, one byte more, and the largest setting.</summary>
public sealed class LimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(65_536, 1)]
    [InlineData(65_536, 64)]
    [InlineData(1_000, 1)]
    [InlineData(4_097, 3)]
    public async Task A_message_of_exactly_MaxMessageSize_is_delivered_and_one_byte_more_is_refused_with_1009(int maxMessageSize, int fragments)
    {
        await using var server = await KestrelServer.StartAsync(async (context, socket) =>
        {
            foreach (var size in new[] { maxMessageSize, maxMessageSize + 1 })
            {
                var payload = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
                var chunk = (size + fragments - 1) / fragments;
                for (var offset = 0; offset < size; offset += chunk)
                {
                    var length = Math.Min(chunk, size - offset);
                    await socket.SendAsync(payload.AsMemory(offset, length), WebSocketMessageType.Binary, endOfMessage: offset + length == size, context.RequestAborted);
                }
            }

            await KestrelServer.AnswerCloseAsync(socket, context.RequestAborted);
        });

        var inbox = new MessageInbox();
        var client = new ClientSocket(server.Url(), new WebSocketOptions { MaxMessageSize = maxMessageSize }) { OnMessage = inbox.Add };
        var events = ClientEvents.Attach(client, messages: false);
        try
        {
            var data = (await inbox.NextAsync()).Data!;
            Assert.Equal(maxMessageSize, data.Length);
            Assert.True(data.Span.ToArray().Select((b, i) => b == (byte)i).All(ok => ok), "The message of exactly MaxMessageSize bytes arrived altered.");

            await events.WaitClosedAsync(Timeout);
            var error = Assert.Single(events.AssertSingleCloseAfterErrors());
            Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
            Assert.Equal(1009, client.CloseCode);
            Assert.True(client.WasClean);
            Assert.Empty(server.Faults);
            SuiteFigures.CasesTried(2);
            SuiteFigures.FaultsSurvived(1);
        }
        finally
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task The_largest_MaxMessageSize_is_usable()
    {
        await using var server = await KestrelServer.StartEchoAsync();
        var inbox = new MessageInbox();
        await using var client = new ClientSocket(server.Url(), new WebSocketOptions { MaxMessageSize = int.MaxValue }) { OnMessage = inbox.Add };
        var events = ClientEvents.Attach(client, messages: false);
        var big = new string('x', 3 * 1024 * 1024);
        client.Send("small");
        client.Send(big);
        Assert.Equal("small", await inbox.NextTextAsync());
        Assert.Equal(big, await inbox.NextTextAsync());
        await client.CloseAsync().WaitAsync(Timeout);
        Assert.Empty(events.AssertSingleCloseAfterErrors());
        Assert.True(client.WasClean);
    }
}
