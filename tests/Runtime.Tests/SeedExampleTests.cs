using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using TypedWebSockets.Tests.Support;
using TypedWebSockets.TestServer;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>The examples of the seed document, written in C#, against a real server, over ws:// and wss://.</summary>
public sealed class SeedExampleTests(WebSocketServerFixture fixture) : IClassFixture<WebSocketServerFixture>
{
    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Establishing_a_connection_with_the_four_listeners(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var events = new ConcurrentQueue<string>();
        var received = new TaskCompletionSource<WebSocketMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        // As the seed: construct (connects at once), then add the listeners.
        var ws = new WebSocket(server.Url(TestEndpoints.Echo, session), server.CreateClientOptions());
        ws.AddEventListener(WebSocketEvent.Open, () =>
        {
            events.Enqueue("open");
            ws.Send("Hello, Server!");
        });
        ws.AddEventListener(WebSocketEvent.Message, message =>
        {
            events.Enqueue("message:" + message);
            received.TrySetResult(message);
        });
        ws.AddEventListener(WebSocketEvent.Error, error => events.Enqueue("error:" + error.Message));
        ws.AddEventListener(WebSocketEvent.Close, reason =>
        {
            events.Enqueue("close");
            closed.TrySetResult(reason);
        });

        var echo = await received.Task.WaitAsync(TestTimeouts.Default);
        Assert.True(echo.IsText);
        Assert.Equal("Hello, Server!", echo.Text);
        var atServer = await session.WaitForMessagesAsync(1, TestTimeouts.Default);
        Assert.Equal(WebSocketMessageType.Text, atServer[0].Type);
        Assert.Equal("Hello, Server!", atServer[0].Text);

        await ws.CloseAsync().WaitAsync(TestTimeouts.Default);
        await closed.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(["open", "message:Hello, Server!", "close"], events.ToArray());
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Sending_a_string_message(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        await using var ws = new WebSocket(server.Url(TestEndpoints.Sink, session), server.CreateClientOptions());
        ws.AddEventListener(WebSocketEvent.Open, () => ws.Send("Hello, this is a test message!"));

        var received = await session.WaitForMessagesAsync(1, TestTimeouts.Default);
        var message = Assert.Single(received);
        Assert.Equal(WebSocketMessageType.Text, message.Type);
        Assert.Equal("Hello, this is a test message!", message.Text);
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Sending_binary_data_using_Data(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        await using var ws = new WebSocket(server.Url(TestEndpoints.Sink, session), server.CreateClientOptions());
        ws.AddEventListener(WebSocketEvent.Open, () =>
        {
            var data = Data.FromString("some message");
            ws.Send(data);
        });

        var received = await session.WaitForMessagesAsync(1, TestTimeouts.Default);
        var message = Assert.Single(received);
        Assert.Equal(WebSocketMessageType.Binary, message.Type);
        Assert.Equal(Encoding.UTF8.GetBytes("some message"), message.Payload);
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Handling_binary_data(string scheme)
    {
        var server = fixture.Server(scheme);
        byte[] sent = [0, 1, 2, 250, 255];
        var bytes = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var ws = new WebSocket(
            server.Url(TestEndpoints.Push + "?msg=t:first&msg=b:" + Uri.EscapeDataString(Convert.ToBase64String(sent))),
            server.CreateClientOptions());
        ws.AddEventListener(WebSocketEvent.Message, message =>
        {
            if (message.Data is { } data)
            {
                var byteArray = data.GetBytes();
                if (byteArray is not null)
                {
                    bytes.TrySetResult(byteArray);
                }
            }
        });

        Assert.Equal(sent, await bytes.Task.WaitAsync(TestTimeouts.Default));
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("wss")]
    public async Task Closing_the_connection_with_a_custom_reason(string scheme)
    {
        var server = fixture.Server(scheme);
        var session = server.CreateSession();
        var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var ws = new WebSocket(server.Url(TestEndpoints.Echo, session), server.CreateClientOptions());
        ws.AddEventListener(WebSocketEvent.Close, reason => closed.TrySetResult(reason));
        ws.AddEventListener(WebSocketEvent.Open, () =>
        {
            // Close the connection with a custom reason
            ws.Close(1000, "Closing connection after test");
        });

        var frame = await session.WaitForCloseAsync(TestTimeouts.Default);
        Assert.Equal(1000, frame.CloseCode);
        Assert.Equal("Closing connection after test", frame.CloseReason);
        Assert.Equal("Closing connection after test", await closed.Task.WaitAsync(TestTimeouts.Default));
        Assert.Equal(WebSocketState.Closed, ws.ReadyState);
        Assert.Equal(1000, ws.CloseCode);
        Assert.True(ws.WasClean);
        Assert.DoesNotContain(session.Received, m => !m.IsClose);
    }
}
