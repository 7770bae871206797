using System;
using TypedWebSockets.Samples.JsonRpc;

// A JSON-RPC 2.0 server (StreamJsonRpc) started in this process, called by the typed RpcClient (Contracts.cs): each
// call is RequestAsync with a new id, its reply's result (or error) matched by that id, and the server's notifications
// arrive as OnTick. Exits 0 when every reply was what it should be.
await using var server = await RpcServer.StartAsync();
Console.WriteLine($"JSON-RPC server (StreamJsonRpc) listening on {server.Url}");
return await RpcDemo.RunAsync(server.Url.ToString(), Console.Out, timeout: TimeSpan.FromSeconds(10)) ? 0 : 1;
