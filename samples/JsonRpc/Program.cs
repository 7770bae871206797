using System;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets;
using TypedWebSockets.Samples.JsonRpc;

// A JSON-RPC 2.0 server (StreamJsonRpc) started in this process, called with the browser-style WebSocket: each
// request is JSON text with a new id, each reply is matched to its call by that id, and the server's notifications
// (no id) are counted. Exits 0 when every reply was what it should be.
await using var server = await RpcServer.StartAsync();
Console.WriteLine($"JSON-RPC server (StreamJsonRpc) listening on {server.Url}");
var timeout = TimeSpan.FromSeconds(10);

var pending = new ConcurrentDictionary<long, TaskCompletionSource<JsonElement>>();
var ticks = 0;
await using var ws = new WebSocket(server.Url.ToString())
{
    OnMessage = message =>
    {
        Console.WriteLine($"<- {message.Text}");
        using var json = JsonDocument.Parse(message.Text!);
        var root = json.RootElement;
        if (root.TryGetProperty("id", out var id) && pending.TryRemove(id.GetInt64(), out var call))
        {
            call.TrySetResult(root.Clone());
        }
        else if (root.TryGetProperty("method", out var method) && method.GetString() == "tick")
        {
            Interlocked.Increment(ref ticks);
        }
    },
    OnError = error => Console.WriteLine($"WebSocket error: {error.Message}"),
};
await ws.WaitOpenAsync().WaitAsync(timeout);

var lastId = 0L;
async Task<JsonElement> CallAsync(string method, string parameters)
{
    var id = ++lastId;
    var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
    pending[id] = reply;
    var request = $$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{parameters}},"id":{{id}}}""";
    Console.WriteLine($"-> {request}");
    await ws.SendAsync(request);
    return await reply.Task.WaitAsync(timeout);
}

// Params by name: the properties are the parameter names.
var added = await CallAsync("add", """{"a":2,"b":3}""");
// Params by position: one array element per parameter, so sum(long[] values) takes an array inside the array.
var summed = await CallAsync("sum", "[[1,2,3,4]]");
// An error reply: code, message and data instead of result.
var failed = await CallAsync("divide", """{"dividend":1,"divisor":0}""");
// The server sends three tick notifications before this call's reply.
var ticked = await CallAsync("startTicks", """{"count":3}""");

await ws.CloseAsync(1000, "done");
var ok = added.GetProperty("result").GetInt64() == 5
    && summed.GetProperty("result").GetInt64() == 10
    && failed.GetProperty("error").GetProperty("code").GetInt32() == RpcMethods.DivisionByZero
    && failed.GetProperty("error").GetProperty("data").GetProperty("dividend").GetInt64() == 1
    && ticked.GetProperty("result").GetInt32() == 3
    && Volatile.Read(ref ticks) == 3;
Console.WriteLine(ok
    ? $"All four calls answered as expected; {ticks} notifications. Closed with code {ws.CloseCode}."
    : "A reply was not what it should be.");
return ok && ws.WasClean ? 0 : 1;
