using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TypedWebSockets.Hosting;

// Ties one registered client to the host's lifetime. As an IHostedLifecycleService it connects the client in StartingAsync,
// before any hosted service's StartAsync runs (so a worker finds it connecting), and closes it in StoppedAsync, after every
// hosted service's StopAsync returned (so a worker can still send while it stops). When the host's StopAsync returns, the
// client is closed: cleanly with 1001 (going away) within the shutdown timeout, or else aborted.
internal sealed class WebSocketClientLifetime<TClient>(IServiceProvider services, string name) : IHostedLifecycleService
    where TClient : WebSocket, IWebSocketClient<TClient>
{
    private readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger(Log.Category) ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private TClient? _client;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Creating the client (through its factory) validates its options once more, in case it was not resolved before.
        var client = services.GetRequiredService<TClient>();
        _client = client;
        if (services.GetRequiredService<IOptionsMonitor<WebSocketClientOptions>>().Get(name).Options.AutoConnect)
        {
            Log.ClientStarting(_logger, name);
            client.Connect();
        }
        else
        {
            Log.ClientNotAutoConnected(_logger, name);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_client is not { } client)
        {
            return;
        }

        Log.ClientStopping(_logger, name);
        try
        {
            await client.CloseAsync(1001, null, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout ran out before the closing handshake completed: abort, which ends the connection at once.
            Log.ClientCloseAborted(_logger, name);
            client.Dispose();
        }
    }
}
