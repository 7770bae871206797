using System;
using System.Threading.Tasks;
using TypedWebSockets.Samples.Chat;

// Two generated chat clients, ada and grace, talk through a chat server started in this process.
await using var server = await ChatServer.StartAsync();
Console.WriteLine($"Chat server listening on {server.Url}");
var timeout = TimeSpan.FromSeconds(10);

var adaInRoom = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var adaSeesGrace = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var graceSeesHello = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var adaSeesReply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var graceSeesAdaLeave = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

await using var ada = new ChatClient(server.Url)
{
    OnUserJoined = joined =>
    {
        Console.WriteLine($"[ada]   * {joined.User} joined #{joined.Room}");
        (joined.User == "grace" ? adaSeesGrace : adaInRoom).TrySetResult();
    },
    OnChatMessage = message =>
    {
        Console.WriteLine($"[ada]   {message.User}: {message.Text}");
        if (message.User == "grace")
        {
            adaSeesReply.TrySetResult();
        }
    },
    OnError = error => Console.WriteLine($"[ada]   error: {error.Message}"),
};
ada.OnOpen = () => ada.Send(new JoinRoom("lobby", "ada"));
await adaInRoom.Task.WaitAsync(timeout);

await using var grace = new ChatClient(server.Url)
{
    OnUserJoined = joined => Console.WriteLine($"[grace] * {joined.User} joined #{joined.Room}"),
    OnChatMessage = message =>
    {
        Console.WriteLine($"[grace] {message.User}: {message.Text}");
        if (message.User == "ada")
        {
            graceSeesHello.TrySetResult();
        }
    },
    OnUserLeft = left =>
    {
        Console.WriteLine($"[grace] * {left.User} left #{left.Room}");
        graceSeesAdaLeave.TrySetResult();
    },
    OnError = error => Console.WriteLine($"[grace] error: {error.Message}"),
};
grace.OnOpen = () => grace.Send(new JoinRoom("lobby", "grace"));

await adaSeesGrace.Task.WaitAsync(timeout);
await ada.SendAsync(new SendChat("Hello, Grace! Typed messages, no strings attached."));
await graceSeesHello.Task.WaitAsync(timeout);
await grace.SendAsync(new SendChat("Hi Ada! And the compiler checks the contract."));
await adaSeesReply.Task.WaitAsync(timeout);

await ada.CloseAsync(1000, "bye").WaitAsync(timeout);
await graceSeesAdaLeave.Task.WaitAsync(timeout);
await grace.CloseAsync(1000, "bye").WaitAsync(timeout);

Console.WriteLine($"ada closed cleanly: {ada.WasClean} ({ada.CloseCode}); grace closed cleanly: {grace.WasClean} ({grace.CloseCode})");
return ada.WasClean && grace.WasClean ? 0 : 1;
