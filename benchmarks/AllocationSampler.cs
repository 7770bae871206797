using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.IO;
using System.Linq;

namespace TypedWebSockets.Benchmarks;

/// <summary>
/// Which types a stretch of code allocates, from the runtime's own sampling: the GC raises <c>GCAllocationTick</c> about
/// every 100 KB allocated, naming the type of the object that crossed the mark, so over megabytes of allocation the
/// count of samples per type is proportional to the bytes of that type. Used by <c>--protocols --allocations</c> to see
/// what the typed contenders allocate beyond the limit (for instance, whether a string is made to match an id).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _samples = new(StringComparer.Ordinal);
    private bool _recording;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);   // GC keyword: AllocationTick is verbose.
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null)
        {
            return;
        }

        var index = eventData.PayloadNames.IndexOf("TypeName");
        var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
        lock (_lock)
        {
            if (_recording)
            {
                _samples[type] = _samples.GetValueOrDefault(type) + 1;
            }
        }
    }

    public void Start()
    {
        lock (_lock)
        {
            _samples.Clear();
            _recording = true;
        }
    }

    /// <summary>Stops recording and writes the sampled types, most samples first.</summary>
    public void StopAndWrite(TextWriter output, string title)
    {
        KeyValuePair<string, int>[] samples;
        lock (_lock)
        {
            _recording = false;
            samples = [.. _samples.OrderByDescending(sample => sample.Value)];
        }

        var total = samples.Sum(sample => sample.Value);
        output.WriteLine($"\n{title}: {total} allocation samples (about one per 100 KB)\n");
        output.WriteLine("| type | samples | share |");
        output.WriteLine("|---|---:|---:|");
        foreach (var (type, count) in samples.Take(15))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{type}` | {count} | {100.0 * count / Math.Max(total, 1):0.0} % |"));
        }
    }
}
