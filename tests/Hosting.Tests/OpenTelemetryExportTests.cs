using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

// The real OpenTelemetry SDK, listening by the documented names (no meter factory: the shared meter), exporting to memory.
[Collection(GlobalListenersCollection.Name)]
public sealed class OpenTelemetryExportTests
{
    private static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    [Fact]
    public async Task Instruments_and_activities_reach_the_exporters_with_the_documented_names_units_and_tags()
    {
        await using var server = await TestServer.StartAsync();
        var metrics = new List<MetricSnapshot>();
        var activities = new List<Activity>();
        MetricSnapshot[] exported;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(WebSocketTelemetry.ActivitySourceName).AddInMemoryExporter(activities).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(WebSocketTelemetry.MeterName).AddInMemoryExporter(metrics).Build())
        {
            await using (var client = new RpcClient(server.Url("/rpc?key=k3y")))
            {
                await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);
                Assert.Equal(3, (await client.RequestAsync(new Sum([1, 2]))).Total);
                await Assert.ThrowsAsync<TimeoutException>(() => client.RequestAsync(new Slow(1), TimeSpan.FromMilliseconds(20)));
                meters.ForceFlush();   // while the connection is open, so that active_connections is 1
                var open = metrics.Where(m => m.Name == "typedwebsockets.client.active_connections").SelectMany(m => m.MetricPoints);
                Assert.Equal(1, open.Where(p => Equals(TagsOf(p)["server.port"], server.Port)).Sum(p => p.GetSumLong()));
                metrics.Clear();
            }

            meters.ForceFlush();
            tracing.ForceFlush();

            // Disposing the provider exports once more.
            exported = [.. metrics];
        }

        // Every meter named "TypedWebSockets" is exported, those of other tests' meter factories too: one stream per meter.
        var byName = exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.ToArray());
        (string Name, string Unit, MetricType Type)[] expected =
        [
            ("typedwebsockets.client.messages.sent", "{message}", MetricType.LongSum),
            ("typedwebsockets.client.messages.received", "{message}", MetricType.LongSum),
            ("typedwebsockets.client.bytes.sent", "By", MetricType.LongSum),
            ("typedwebsockets.client.bytes.received", "By", MetricType.LongSum),
            ("typedwebsockets.client.active_connections", "{connection}", MetricType.LongSumNonMonotonic),
            ("typedwebsockets.client.connection.duration", "s", MetricType.Histogram),
            ("typedwebsockets.client.request.duration", "s", MetricType.Histogram),
        ];
        foreach (var (name, unit, type) in expected)
        {
            Assert.True(byName.TryGetValue(name, out var streams), $"{name} was not exported; exported: {string.Join(", ", byName.Keys)}");
            Assert.All(streams, metric => Assert.Equal((unit, type, WebSocketTelemetry.MeterName), (metric.Unit, metric.MetricType, metric.MeterName)));
        }

        MetricPoint[] Points(string name) => [.. byName[name].SelectMany(m => m.MetricPoints).Where(p => Equals(TagsOf(p)["server.port"], server.Port))];
        var sent = Assert.Single(Points("typedwebsockets.client.messages.sent"));
        Assert.Equal(2, sent.GetSumLong());
        Assert.Equal(
            new Dictionary<string, object?> { ["server.address"] = "127.0.0.1", ["server.port"] = server.Port, ["typedwebsockets.client.type"] = typeof(RpcClient).FullName },
            TagsOf(sent));
        Assert.Equal(1, Assert.Single(Points("typedwebsockets.client.messages.received")).GetSumLong());
        Assert.Equal(0, Assert.Single(Points("typedwebsockets.client.active_connections")).GetSumLong());
        Assert.Equal(1, Assert.Single(Points("typedwebsockets.client.connection.duration")).GetHistogramCount());
        var requests = Points("typedwebsockets.client.request.duration");
        Assert.Equal(["sum:", "slow:timeout"], requests.Select(p => $"{TagsOf(p)["rpc.method"]}:{TagsOf(p).GetValueOrDefault("error.type")}").Order(StringComparer.Ordinal).Reverse());
        var bounds = new List<double>();
        foreach (var bucket in requests[0].GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, double.PositiveInfinity], bounds);

        var ours = activities.Where(a => Equals(a.GetTagItem("server.port"), server.Port)).ToArray();
        Assert.Equal(["TypedWebSockets.Connect", "TypedWebSockets.Request", "TypedWebSockets.Request"], ours.Select(a => a.OperationName));
        Assert.Equal([$"connect 127.0.0.1:{server.Port}", "sum", "slow"], ours.Select(a => a.DisplayName));
        Assert.All(ours, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.Equal("timeout", ours[2].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, ours[2].Status);
        Assert.DoesNotContain(ours.SelectMany(a => a.TagObjects), tag => tag.Value?.ToString()?.Contains("k3y", StringComparison.Ordinal) == true);
    }
}
