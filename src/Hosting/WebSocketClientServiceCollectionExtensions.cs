using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedWebSockets;
using TypedWebSockets.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers generated TypedWebSockets clients in a host, the way <c>AddHttpClient</c> registers HTTP clients
/// (<c>docs/hosting.md</c>).
/// </summary>
public static class WebSocketClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a singleton that connects to <paramref name="url"/> when the host starts
    /// and closes (1001, going away) when it stops. It logs through the host's <see cref="ILoggerFactory"/> and records
    /// metrics through its <see cref="IMeterFactory"/> (unless <paramref name="configure"/> sets others).
    /// </summary>
    /// <remarks>
    /// The URL and the options are validated when the host starts: a bad URL or option fails the start with an
    /// <see cref="OptionsValidationException"/> that names the client and the problem. With
    /// <see cref="WebSocketOptions.AutoConnect"/> set to <see langword="false"/>, the host does not connect the client
    /// (the application calls <see cref="WebSocket.ConnectAsync"/>) but still closes it. Each client type can be
    /// registered once; several client types can share a host.
    /// </remarks>
    /// <typeparam name="TClient">A client completed by the generator (<c>[WebSocketClient]</c>).</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="url">The server's <c>ws://</c> or <c>wss://</c> URL.</param>
    /// <param name="configure">Sets the client's options.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TClient"/> is already registered.</exception>
    public static IServiceCollection AddWebSocketClient<TClient>(this IServiceCollection services, string url, Action<WebSocketOptions>? configure = null)
        where TClient : WebSocket, IWebSocketClient<TClient>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(url);
        return Add<TClient>(
            services,
            sectionPath: null,
            client =>
            {
                client.Url = url;
                configure?.Invoke(client.Options);
            });
    }

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a singleton configured from <paramref name="section"/>: its <c>Url</c>
    /// and the <see cref="WebSocketOptions"/> settings beside it (<c>ConnectTimeout</c>, <c>Headers</c>,
    /// <c>Reconnect</c>, ...; every key: <c>docs/hosting.md</c>). It connects when the host starts and closes (1001, going
    /// away) when it stops, and logs and records metrics through the host.
    /// </summary>
    /// <remarks>
    /// The section is bound without reflection and checked strictly: an unknown key, a value of the wrong form, a
    /// missing or bad URL or an invalid option fails the host's start with an <see cref="OptionsValidationException"/>
    /// that names the key. Options that are code rather than data (<see cref="WebSocketOptions.Configure"/>,
    /// <see cref="WebSocketOptions.Transport"/>, <see cref="ReconnectPolicy.ShouldReconnect"/>, ...) are set in
    /// <paramref name="configure"/>, which runs after the binding.
    /// </remarks>
    /// <typeparam name="TClient">A client completed by the generator (<c>[WebSocketClient]</c>).</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section of the client, such as <c>configuration.GetSection("Ticker")</c>.</param>
    /// <param name="configure">Sets further options, after those of the section.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="section"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TClient"/> is already registered.</exception>
    public static IServiceCollection AddWebSocketClient<TClient>(this IServiceCollection services, IConfiguration section, Action<WebSocketOptions>? configure = null)
        where TClient : WebSocket, IWebSocketClient<TClient>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        return Add<TClient>(
            services,
            sectionPath: (section as IConfigurationSection)?.Path,
            client =>
            {
                WebSocketOptionsBinder.Bind(section, client);
                configure?.Invoke(client.Options);
            });
    }

    private static IServiceCollection Add<TClient>(IServiceCollection services, string? sectionPath, Action<WebSocketClientOptions> configure)
        where TClient : WebSocket, IWebSocketClient<TClient>
    {
        var name = typeof(TClient).FullName ?? typeof(TClient).Name;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(TClient))
            {
                throw new InvalidOperationException($"{name} is already registered; AddWebSocketClient<{typeof(TClient).Name}> can be called once. Register another client type for another connection.");
            }
        }

        services.AddOptions<WebSocketClientOptions>(name).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebSocketClientOptions>>(new WebSocketClientOptionsValidator(name, sectionPath));
        services.AddSingleton(provider => CreateClient<TClient>(provider, name));
        services.AddSingleton<IHostedService>(provider => new WebSocketClientLifetime<TClient>(provider, name));
        return services;
    }

    // No reflection: the generated client creates itself. It never connects here; the host connects it when it starts.
    private static TClient CreateClient<TClient>(IServiceProvider provider, string name)
        where TClient : WebSocket, IWebSocketClient<TClient>
    {
        var settings = provider.GetRequiredService<IOptionsMonitor<WebSocketClientOptions>>().Get(name);
        var options = settings.Options;
        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        options.MeterFactory ??= provider.GetService<IMeterFactory>();
        var autoConnect = options.AutoConnect;
        options.AutoConnect = false;
        try
        {
            return TClient.Create(new Uri(settings.Url!, UriKind.Absolute), options);
        }
        finally
        {
            options.AutoConnect = autoConnect;
        }
    }
}
