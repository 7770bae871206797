using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TypedWebSockets.Samples.Ticker;

// A generated ticker client subscribes to a price feed started in this process and shows a live table of prices
// for a few seconds. In a terminal the table updates in place; with output redirected, a snapshot prints each second.
var duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3);
string[] symbols = ["MSFT", "AAPL", "NVDA", "AMZN"];

await using var server = await TickerServer.StartAsync();
Console.WriteLine($"Price feed listening on {server.Url}");

// Written by the handler, read by the drawing loop on another thread.
var latest = new ConcurrentDictionary<string, PriceUpdate>();
var updates = 0;
var errors = 0;
var live = !Console.IsOutputRedirected;
var subscribed = new TaskCompletionSource<Subscribed>(TaskCreationOptions.RunContinuationsAsynchronously);

await using var ticker = new TickerClient(server.Url)
{
    OnSubscribed = s => subscribed.TrySetResult(s),
    OnPriceUpdate = update =>
    {
        latest[update.Symbol] = update;
        Interlocked.Increment(ref updates);
    },
    OnError = error =>
    {
        errors++;
        Console.Error.WriteLine($"error: {error.Message}");
    },
};
ticker.OnOpen = () => ticker.Send(new Subscribe(symbols));

var ack = await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));
Console.WriteLine($"Subscribed to {string.Join(", ", ack.Symbols)}; a tick every {ack.IntervalMilliseconds} ms");

var end = DateTime.UtcNow + duration;
var drawn = false;
while (DateTime.UtcNow < end)
{
    await Task.Delay(live ? 200 : 1000);
    Draw();
}

await ticker.CloseAsync(1000, "done");
var complete = symbols.All(s => latest.ContainsKey(s));
Console.WriteLine($"{updates} updates received, {errors} errors; closed cleanly: {ticker.WasClean}");
return complete && errors == 0 && ticker.WasClean ? 0 : 1;

void Draw()
{
    var rows = symbols.Select(s => latest.TryGetValue(s, out var u) ? u : null).ToArray();
    if (live && drawn)
    {
        Console.Write($"\u001b[{rows.Length + 1}A");
    }

    Console.WriteLine($"{"SYMBOL",-8}{"PRICE",12}{"CHANGE",10}{"SEQ",8}");
    foreach (var (symbol, row) in symbols.Zip(rows))
    {
        var change = row is null ? "" : row.Change.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"{symbol,-8}{row?.Price.ToString("0.00", CultureInfo.InvariantCulture),12}{change,10}{row?.Sequence,8}");
    }

    drawn = true;
}
