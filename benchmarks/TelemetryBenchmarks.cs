using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Benchmarks;

/// <summary>What records the telemetry of the measured client.</summary>
public enum Listening
{
    /// <summary>No meter listener, no activity listener, no logger factory: the instruments are off.</summary>
    Nothing,

    /// <summary>A meter listener that adds up every measurement of every TypedWebSockets instrument, as an exporter's aggregation does.</summary>
    Metrics,

    /// <summary>The metrics, an activity listener that records every activity, and a logger at Trace that formats every event.</summary>
    Everything,
}

public sealed record EchoRequest(int Sequence);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EchoMessage))]
[JsonSerializable(typeof(EchoRequest))]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;

/// <summary>The echo client with a request: <c>/echo</c> sends the request back, which carries its id, so it answers itself.</summary>
[WebSocketClient(JsonContext = typeof(TelemetryJsonContext))]
[Sends<EchoMessage>("echo")]
[Receives<EchoMessage>("echo")]
[Requests<EchoRequest, EchoRequest>("request")]
public partial class TelemetryClient;

/// <summary>
/// Scenario 8: the cost of the telemetry (docs/telemetry.md) on the message and request paths: the typed client's
/// pipelined echo (1,000 messages of ~100 B per operation; each counted sent and received, and logged at Trace) and
/// sequential <c>RequestAsync</c> calls (100 per operation; an activity and a histogram measurement each), with nothing,
/// metrics, or everything listening. Figures are per message or per request. For ratios measured side by side, run
/// <c>--telemetry</c> (<see cref="TelemetryCost"/>).
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    public const int MessageCount = 1_000;
    public const int RequestCount = 100;

    private EchoMessage _message = null!;
    private TelemetryTarget _target = null!;

    [Params(Listening.Nothing, Listening.Metrics, Listening.Everything)]
    public Listening Listening { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = EchoMessage.OfWireSize(100);
        _target = await TelemetryTarget.StartAsync(await EchoServer.GetSharedAsync(), Listening);
        _target.ListenToActivities(Listening == Listening.Everything);
        await _target.PipelineAsync(_message, 100);
        await _target.RequestsAsync(10);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _target.DisposeAsync();

    [Benchmark(OperationsPerInvoke = MessageCount, Description = "Pipelined echo, per message")]
    public ValueTask PipelinedEcho() => _target.PipelineAsync(_message, MessageCount);

    [Benchmark(OperationsPerInvoke = RequestCount, Description = "RequestAsync, per request")]
    public ValueTask Requests() => _target.RequestsAsync(RequestCount);
}

/// <summary>
/// <c>--telemetry</c>: the three ways of listening measured side by side in one process, in interleaved rounds (the
/// order rotates each round), and each mode's time ÷ the time with nothing listening as the median of the rounds'
/// ratios, with their interquartile range (the middle half of the rounds). Allocations are the process's (the in-process server's included, the same for each mode).
/// </summary>
public static class TelemetryCost
{
    private const int Rounds = 21;
    private const int Messages = 20_000;
    private const int Requests = 2_000;

    public static int Run()
    {
        RunAsync().GetAwaiter().GetResult();
        return 0;
    }

    private static async Task RunAsync()
    {
        var server = await EchoServer.GetSharedAsync();
        var message = EchoMessage.OfWireSize(100);
        Listening[] modes = [Listening.Nothing, Listening.Metrics, Listening.Everything];
        var targets = new Dictionary<Listening, TelemetryTarget>();
        foreach (var mode in modes)
        {
            targets[mode] = await TelemetryTarget.StartAsync(server, mode);
            await Measure(targets[mode], message, Messages, Requests);   // warm-up
        }

        var echo = modes.ToDictionary(mode => mode, _ => new List<double>());
        var request = modes.ToDictionary(mode => mode, _ => new List<double>());
        var bytes = modes.ToDictionary(mode => mode, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < modes.Length; i++)
            {
                var mode = modes[(round + i) % modes.Length];
                var (echoSeconds, requestSeconds, bytesPerMessage) = await Measure(targets[mode], message, Messages, Requests);
                echo[mode].Add(echoSeconds);
                request[mode].Add(requestSeconds);
                bytes[mode].Add(bytesPerMessage);
            }
        }

        foreach (var target in targets.Values)
        {
            await target.DisposeAsync();
        }

        Console.WriteLine($"\n## Telemetry cost ({Rounds} interleaved rounds; {Messages:N0} pipelined ~100 B echoes and {Requests:N0} sequential requests per mode and round)\n");
        Console.WriteLine("| listening | echo µs/msg (median) | ÷ nothing: median (IQR) | B/msg (process) | request µs (median) | ÷ nothing: median (IQR) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var mode in modes)
        {
            var echoRatios = Ratios(echo[mode], echo[Listening.Nothing]);
            var requestRatios = Ratios(request[mode], request[Listening.Nothing]);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {mode} | {Median(echo[mode]) / Messages * 1e6:F2} | {Median(echoRatios):F3} ({Quantile(echoRatios, 0.25):F3}–{Quantile(echoRatios, 0.75):F3}) | {Median(bytes[mode]):F0} | {Median(request[mode]) / Requests * 1e6:F1} | {Median(requestRatios):F3} ({Quantile(requestRatios, 0.25):F3}–{Quantile(requestRatios, 0.75):F3}) |"));
        }
    }

    private static async Task<(double EchoSeconds, double RequestSeconds, double BytesPerMessage)> Measure(TelemetryTarget target, EchoMessage message, int messages, int requests)
    {
        target.ListenToActivities(target.Listening == Listening.Everything);
        try
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            await target.PipelineAsync(message, messages);
            var echo = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var perMessage = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)messages;
            start = Stopwatch.GetTimestamp();
            await target.RequestsAsync(requests);
            return (echo, Stopwatch.GetElapsedTime(start).TotalSeconds, perMessage);
        }
        finally
        {
            target.ListenToActivities(false);
        }
    }

    private static double[] Ratios(List<double> values, List<double> baseline) => [.. values.Zip(baseline, (value, reference) => value / reference)];

    private static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    // Linear interpolation between the closest ranks.
    private static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}

/// <summary>One <see cref="TelemetryClient"/> with meter and logger factories of its own, as a host gives them, listened to as told.</summary>
internal sealed class TelemetryTarget : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener? _meters;
    private readonly TelemetryClient _client;
    private readonly Countdown _received = new();
    private ActivityListener? _activities;
    private long _measured;

    private TelemetryTarget(Listening listening, EchoServer server)
    {
        Listening = listening;
        _services = new ServiceCollection()
            .AddMetrics()
            .AddLogging(logging =>
            {
                if (listening == Listening.Everything)
                {
                    logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FormattingLoggerProvider());
                }
            })
            .BuildServiceProvider();
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        if (listening != Listening.Nothing)
        {
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Scope == meterFactory)
                    {
                        listener.EnableMeasurementEvents(instrument, this);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>(static (_, value, _, state) => Interlocked.Add(ref ((TelemetryTarget)state!)._measured, value));
            _meters.SetMeasurementEventCallback<double>(static (_, value, _, state) => Interlocked.Add(ref ((TelemetryTarget)state!)._measured, (long)value));
            _meters.Start();
        }

        var options = new WebSocketOptions
        {
            MeterFactory = meterFactory,
            LoggerFactory = listening == Listening.Everything ? _services.GetRequiredService<ILoggerFactory>() : null,
        };
        _client = new TelemetryClient(server.EchoUrl.ToString(), options) { OnEchoMessage = _ => _received.Signal(), OnError = _received.Fail };
    }

    public Listening Listening { get; }

    public static async Task<TelemetryTarget> StartAsync(EchoServer server, Listening listening)
    {
        var target = new TelemetryTarget(listening, server);
        await target._client.WaitOpenAsync().ConfigureAwait(false);
        return target;
    }

    // Activity listeners are process-wide, so they are on only while this target is measured.
    public void ListenToActivities(bool on)
    {
        _activities?.Dispose();
        _activities = null;
        if (on)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == WebSocketTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => Interlocked.Increment(ref _measured),
            };
            ActivitySource.AddActivityListener(_activities);
        }
    }

    public async ValueTask PipelineAsync(EchoMessage message, int count)
    {
        var done = _received.Start(count);
        for (var i = 0; i < count; i++)
        {
            await _client.SendAsync(message).ConfigureAwait(false);
        }

        await done.ConfigureAwait(false);
    }

    public async ValueTask RequestsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var reply = await _client.RequestAsync(new EchoRequest(i)).ConfigureAwait(false);
            if (reply.Sequence != i)
            {
                throw new InvalidOperationException($"Request {i} was answered with {reply.Sequence}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        await _client.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    // A logger that formats every event and writes it nowhere: the cost of logging without the cost of the I/O.
    private sealed class FormattingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new FormattingLogger();

        public void Dispose()
        {
        }

        private sealed class FormattingLogger : ILogger
        {
            private int _length;

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
                => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => _length += formatter(state, exception).Length;
        }
    }
}
