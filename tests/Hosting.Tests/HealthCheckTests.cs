using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

public sealed class HealthCheckTests
{
    private static async Task<(IHost Host, EchoClient Client)> StartAsync(string url, Action<WebSocketOptions>? configure = null, HealthStatus? failureStatus = null)
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>(url, configure);
        builder.Services.AddHealthChecks().AddWebSocketClientCheck<EchoClient>(failureStatus: failureStatus, tags: ["websocket"]);
        var host = builder.Build();
        await host.StartAsync();
        return (host, host.Services.GetRequiredService<EchoClient>());
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[nameof(EchoClient)];
    }

    [Fact]
    public async Task An_open_client_is_healthy()
    {
        await using var server = await TestServer.StartAsync();
        var (host, client) = await StartAsync(server.Url("/echo"));
        using var _ = host;
        await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        var entry = await CheckAsync(host);
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("Open", entry.Data["readyState"]);
        Assert.Equal(0L, entry.Data["bufferedAmount"]);
        Assert.Equal(["websocket"], entry.Tags);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_reconnecting_client_is_degraded()
    {
        await using var server = await TestServer.StartAsync();
        server.RefuseNext(1);
        var (host, client) = await StartAsync(server.Url("/echo"), options => options.Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(5) });
        using var _ = host;
        await server.WaitForHandshakesAsync(1);

        var entry = await CheckAsync(host);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal("Connecting", entry.Data["readyState"]);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, HealthStatus.Unhealthy)]
    [InlineData(HealthStatus.Degraded, HealthStatus.Degraded)]
    public async Task A_closed_client_has_the_failure_status_and_its_close_code(HealthStatus? failureStatus, HealthStatus expected)
    {
        await using var server = await TestServer.StartAsync();
        var (host, client) = await StartAsync(server.Url("/close?code=4000"), failureStatus: failureStatus);
        using var _ = host;
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnClose = _ => closed.TrySetResult();
        await closed.Task.WaitAsync(TestTimeouts.Default);

        var entry = await CheckAsync(host);
        Assert.Equal(expected, entry.Status);
        Assert.Equal(4000, entry.Data["closeCode"]);
        Assert.Equal(true, entry.Data["wasClean"]);
        Assert.Contains("closed (code 4000", entry.Description, StringComparison.Ordinal);
        await host.StopAsync();
    }
}
