using System;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets;
using TypedWebSockets.Samples.Echo;

// Starts an echo server in this process, talks to it with the browser-style WebSocket, and exits 0 when every
// message came back. No outside server is needed.
await using var server = await EchoServer.StartAsync();
Console.WriteLine($"Echo server listening on {server.Url}");

var received = 0;
var allEchoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

var ws = new WebSocket(server.Url.ToString());
ws.AddEventListener(WebSocketEvent.Open, () =>
{
    Console.WriteLine("Connection established!");
    ws.Send("Hello, Server!");
    ws.Send(Data.FromString("some binary message"));
    ws.Send("¡Hola! 👋 こんにちは");
});
ws.AddEventListener(WebSocketEvent.Message, message =>
{
    Console.WriteLine(message.IsText
        ? $"Received text:   {message.Text}"
        : $"Received binary: {message.Data!.Length} bytes ({message.Data.ToBase64String()})");
    if (Interlocked.Increment(ref received) == 3)
    {
        allEchoed.TrySetResult();
    }
});
ws.AddEventListener(WebSocketEvent.Error, error => Console.WriteLine($"WebSocket error: {error.Message}"));
ws.AddEventListener(WebSocketEvent.Close, reason =>
{
    Console.WriteLine($"Connection closed: {reason}");
    closed.TrySetResult(reason);
});

await allEchoed.Task.WaitAsync(TimeSpan.FromSeconds(10));
await ws.CloseAsync(1000, "Closing connection after test");
await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
Console.WriteLine($"Closed with code {ws.CloseCode}, clean: {ws.WasClean}");
return ws.WasClean && ws.CloseCode == 1000 ? 0 : 1;
