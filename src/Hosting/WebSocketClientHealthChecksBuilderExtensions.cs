using System;
using System.Collections.Generic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TypedWebSockets;
using TypedWebSockets.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks of registered TypedWebSockets clients.</summary>
public static class WebSocketClientHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check of the <typeparamref name="TClient"/> registered with <c>AddWebSocketClient</c>: healthy while
    /// it is open, degraded while it connects or reconnects, <paramref name="failureStatus"/> once it is closing or closed.
    /// The result's data holds its <c>readyState</c>, <c>bufferedAmount</c> and, once closed, <c>closeCode</c> and <c>wasClean</c>.
    /// </summary>
    /// <typeparam name="TClient">The registered client type.</typeparam>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name; default: the client type's name.</param>
    /// <param name="failureStatus">The status of a closed client; default: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddWebSocketClientCheck<TClient>(this IHealthChecksBuilder builder, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
        where TClient : WebSocket, IWebSocketClient<TClient>
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? typeof(TClient).Name,
            provider => new WebSocketClientHealthCheck<TClient>(provider.GetRequiredService<TClient>()),
            failureStatus,
            tags));
    }
}
