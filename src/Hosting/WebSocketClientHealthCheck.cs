using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TypedWebSockets.Hosting;

// Open: healthy. Connecting (the first connect, or reconnecting after a drop): degraded. Closing or closed: the
// registration's failure status (unhealthy by default), with the close code.
internal sealed class WebSocketClientHealthCheck<TClient>(TClient client) : IHealthCheck
    where TClient : WebSocket
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = client.ReadyState;
        var name = typeof(TClient).Name;
        var data = new Dictionary<string, object>
        {
            ["readyState"] = state.ToString(),
            ["bufferedAmount"] = client.BufferedAmount,
        };
        var closeCode = client.CloseCode;
        if (closeCode is { } code)
        {
            data["closeCode"] = code;
            data["wasClean"] = client.WasClean;
        }

        var result = state switch
        {
            WebSocketState.Open => HealthCheckResult.Healthy($"{name} is open.", data),
            WebSocketState.Connecting => HealthCheckResult.Degraded($"{name} is connecting (or reconnecting): not open yet.", data: data),
            _ => new HealthCheckResult(
                context.Registration.FailureStatus,
                closeCode is null ? $"{name} is {state.ToString().ToLowerInvariant()}." : $"{name} is closed (code {closeCode}, clean: {client.WasClean}).",
                data: data),
        };
        return Task.FromResult(result);
    }
}
