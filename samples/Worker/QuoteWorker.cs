using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Samples.Worker;

/// <summary>
/// Subscribes to the configured symbols, logs each quote, and after the configured number of quotes asks the host to
/// stop: the host then closes the client (1001, going away) before <c>RunAsync</c> returns.
/// </summary>
internal sealed partial class QuoteWorker(QuoteClient quotes, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<QuoteWorker> logger) : BackgroundService
{
    public int Received { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Read by hand rather than with ConfigurationBinder, which needs reflection.
        var symbols = configuration.GetSection("Worker:Symbols").GetChildren().Select(symbol => symbol.Value!).ToArray();
        var wanted = int.Parse(configuration["Worker:Quotes"] ?? "5", CultureInfo.InvariantCulture);

        // The host connected the client when it started; the subscription goes out once it is open.
        await quotes.SendAsync(new Subscribe(symbols), stoppingToken);
        await foreach (var quote in quotes.ReadAllAsync(QuoteClient.Events.Quote, stoppingToken))
        {
            LogQuote(logger, quote.Sequence, quote.Symbol, quote.Bid, quote.Ask);
            if (++Received == wanted)
            {
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Quote {Sequence}: {Symbol} {Bid} / {Ask}")]
    private static partial void LogQuote(ILogger logger, long sequence, string symbol, decimal bid, decimal ask);
}
