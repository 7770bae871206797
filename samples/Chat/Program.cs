using System;
using System.Globalization;
using TypedWebSockets.Samples.Chat;

// `dotnet run`: two generated chat clients, ada and grace, talk through a chat server started in this process.
// `dotnet run -- --serve [port]`: only the chat server, on 127.0.0.1 (port 5000 by default), until Ctrl+C: the
// server the README's quick start talks to.
if (args is ["--serve", ..])
{
    var port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
    await using var standalone = await ChatServer.StartAsync(port);
    Console.WriteLine($"Chat server listening on {standalone.Url}; Ctrl+C stops it.");
    await standalone.WaitForShutdownAsync();
    return 0;
}

await using var server = await ChatServer.StartAsync();
Console.WriteLine($"Chat server listening on {server.Url}");
return await ChatDemo.RunAsync(server.Url, Console.Out, timeout: TimeSpan.FromSeconds(10)) ? 0 : 1;
