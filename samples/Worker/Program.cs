using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TypedWebSockets;
using TypedWebSockets.Samples.Worker;

// A Worker service with a typed WebSocket client registered from appsettings.json ("Quotes"). The host connects the
// client when it starts, its logs (connecting, connected, closed) go to the console with the host's, and when the worker
// has the quotes it wanted it stops the host, which closes the client with 1001 before RunAsync returns.
await using var feed = await QuoteServer.StartAsync();

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// appsettings.json has the URL a real deployment would use; this sample's feed runs in-process on a free port instead.
builder.Configuration.AddInMemoryCollection([new("Quotes:Url", feed.Url)]);
builder.Services.AddWebSocketClient<QuoteClient>(builder.Configuration.GetSection("Quotes"));
builder.Services.AddSingleton<QuoteWorker>();
builder.Services.AddHostedService(services => services.GetRequiredService<QuoteWorker>());

using var host = builder.Build();
var quotes = host.Services.GetRequiredService<QuoteClient>();
var worker = host.Services.GetRequiredService<QuoteWorker>();
await host.RunAsync();

Console.WriteLine($"{worker.Received} quotes received; the client is {quotes.ReadyState.ToString().ToLowerInvariant()} (close code {quotes.CloseCode}, clean: {quotes.WasClean})");
return worker.Received > 0 && quotes.ReadyState == WebSocketState.Closed && quotes.CloseCode == 1001 && quotes.WasClean ? 0 : 1;
