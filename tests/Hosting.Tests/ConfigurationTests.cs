using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace TypedWebSockets.Hosting.Tests;

public sealed class ConfigurationTests
{
    private static WebSocketClientOptions OptionsOf<TClient>(IHost host)
        => host.Services.GetRequiredService<IOptionsMonitor<WebSocketClientOptions>>().Get(typeof(TClient).FullName);

    private static async Task<OptionsValidationException> StartFailsAsync(string json)
    {
        var builder = TestHosts.CreateBuilder(json);
        builder.Services.AddWebSocketClient<EchoClient>(builder.Configuration.GetSection("Echo"));
        using var host = builder.Build();
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains($"WebSocket client {typeof(EchoClient).FullName} (configuration section 'Echo')", failure.Message, StringComparison.Ordinal);
        return failure;
    }

    [Fact]
    public void Every_setting_of_the_json_section_is_bound()
    {
        var builder = TestHosts.CreateBuilder("""
            {
              "Echo": {
                "Url": "wss://feed.example.com/prices?key=k",
                "SubProtocols": [ "v2", "v1" ],
                "Headers": { "X-Api-Key": "abc", "X-Empty": "" },
                "ConnectTimeout": "00:00:07",
                "CloseTimeout": "00:00:02",
                "KeepAliveInterval": "00:00:15",
                "KeepAliveTimeout": "00:00:05",
                "IdleTimeout": "00:01:00",
                "Reconnect": { "InitialDelay": "00:00:00.250", "MaxDelay": "00:00:20", "Multiplier": 1.5, "Jitter": false, "MaxAttempts": 12, "MaxElapsed": "00:10:00" },
                "OfflineSends": { "Mode": "failFast", "MaxMessages": 50, "MaxBytes": 65536, "MaxAge": "00:00:09" },
                "MaxMessageSize": 1048576,
                "MaxPendingMessages": 10,
                "MaxPendingBytes": 4096,
                "AutoConnect": false,
                "RequestTimeout": "Infinite",
                "StreamCapacity": 64
              }
            }
            """);
        builder.Services.AddWebSocketClient<EchoClient>(builder.Configuration.GetSection("Echo"));
        using var host = builder.Build();

        var bound = OptionsOf<EchoClient>(host);
        Assert.Empty(bound.BindingErrors);
        Assert.Equal("wss://feed.example.com/prices?key=k", bound.Url);
        var options = bound.Options;
        Assert.Equal(["v2", "v1"], options.SubProtocols);
        Assert.Equal("abc", options.Headers["x-api-key"]);
        Assert.Equal("", options.Headers["X-Empty"]);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.IdleTimeout);
        var reconnect = Assert.IsType<ReconnectPolicy>(options.Reconnect);
        Assert.Equal(TimeSpan.FromMilliseconds(250), reconnect.InitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), reconnect.MaxDelay);
        Assert.Equal(1.5, reconnect.Multiplier);
        Assert.False(reconnect.Jitter);
        Assert.Equal(12, reconnect.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(10), reconnect.MaxElapsed);
        var offline = Assert.IsType<OfflineSendPolicy>(options.OfflineSends);
        Assert.Equal(OfflineSendMode.FailFast, offline.Mode);
        Assert.Equal(50, offline.MaxMessages);
        Assert.Equal(65536, offline.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(9), offline.MaxAge);
        Assert.Equal(1048576, options.MaxMessageSize);
        Assert.Equal(10, options.MaxPendingMessages);
        Assert.Equal(4096, options.MaxPendingBytes);
        Assert.False(options.AutoConnect);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.RequestTimeout);
        Assert.Equal(64, options.StreamCapacity);
    }

    [Fact]
    public async Task Url_headers_and_subprotocols_from_json_reach_the_server()
    {
        await using var server = await TestServer.StartAsync();
        var builder = TestHosts.CreateBuilder($$"""
            { "Clients": { "Echo": { "Url": "{{server.Url("/echo?room=7")}}", "Headers": { "X-Api-Key": "abc" }, "SubProtocols": [ "v1" ] } } }
            """);
        builder.Services.AddWebSocketClient<EchoClient>(builder.Configuration.GetSection("Clients:Echo"));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<EchoClient>();
        await client.WaitOpenAsync().WaitAsync(TestTimeouts.Default);

        var session = await server.WaitForSessionAsync();
        Assert.Equal("/echo", session.Path);
        Assert.Equal("?room=7", session.Query);
        Assert.Equal("abc", session.Headers["X-Api-Key"]);
        Assert.Equal("v1", client.Protocol);
        await host.StopAsync();
    }

    [Fact]
    public void An_empty_policy_object_or_true_gives_the_default_policy_and_false_none()
    {
        var builder = TestHosts.CreateBuilder("""
            {
              "Echo": { "Url": "ws://127.0.0.1:1/", "Reconnect": {}, "OfflineSends": true },
              "Tick": { "Url": "ws://127.0.0.1:1/", "Reconnect": false }
            }
            """);
        builder.Services.AddWebSocketClient<EchoClient>(builder.Configuration.GetSection("Echo"));
        builder.Services.AddWebSocketClient<TickClient>(builder.Configuration.GetSection("Tick"));
        using var host = builder.Build();

        var echo = OptionsOf<EchoClient>(host);
        Assert.Empty(echo.BindingErrors);
        Assert.Equal(new ReconnectPolicy().MaxDelay, Assert.IsType<ReconnectPolicy>(echo.Options.Reconnect).MaxDelay);
        Assert.Equal(new OfflineSendPolicy().MaxMessages, Assert.IsType<OfflineSendPolicy>(echo.Options.OfflineSends).MaxMessages);
        Assert.Null(OptionsOf<TickClient>(host).Options.Reconnect);
    }

    [Fact]
    public void The_configure_callback_runs_after_the_section_and_sets_what_configuration_cannot()
    {
        var builder = TestHosts.CreateBuilder("""{ "Echo": { "Url": "ws://127.0.0.1:1/", "MaxMessageSize": 100, "Reconnect": { "MaxAttempts": 3 } } }""");
        Func<ReconnectContext, bool> never = _ => false;
        builder.Services.AddWebSocketClient<EchoClient>(builder.Configuration.GetSection("Echo"), options =>
        {
            options.MaxMessageSize *= 2;
            options.Reconnect!.ShouldReconnect = never;
        });
        using var host = builder.Build();

        var options = OptionsOf<EchoClient>(host).Options;
        Assert.Equal(200, options.MaxMessageSize);
        Assert.Equal(3, options.Reconnect!.MaxAttempts);
        Assert.Same(never, options.Reconnect.ShouldReconnect);
    }

    [Fact]
    public async Task A_misspelt_key_fails_the_start_and_is_named()
    {
        var failure = await StartFailsAsync("""{ "Echo": { "Url": "ws://127.0.0.1:1/", "MaxMesageSize": 10, "Reconnect": { "Retries": 3 } } }""");
        Assert.Contains("'Echo:MaxMesageSize' is not a WebSocketOptions setting", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'Echo:Reconnect:Retries' is not a ReconnectPolicy setting", failure.Message, StringComparison.Ordinal);
        Assert.Contains("MaxMessageSize", failure.Message, StringComparison.Ordinal);   // the list of settings
    }

    [Theory]
    [InlineData("\"ConnectTimeout\": \"ten seconds\"", "'Echo:ConnectTimeout' is 'ten seconds', which is not a time span")]
    [InlineData("\"MaxMessageSize\": \"big\"", "'Echo:MaxMessageSize' is 'big', which is not a whole number")]
    [InlineData("\"MaxPendingBytes\": 1.5", "'Echo:MaxPendingBytes' is '1.5', which is not a whole number")]
    [InlineData("\"AutoConnect\": \"yes\"", "'Echo:AutoConnect' is 'yes', which is not true or false")]
    [InlineData("\"OfflineSends\": { \"Mode\": \"1\" }", "'Echo:OfflineSends:Mode' is '1', which is not Queue or FailFast")]
    [InlineData("\"Reconnect\": \"often\"", "'Echo:Reconnect' is 'often', which is not an object of ReconnectPolicy settings")]
    [InlineData("\"Headers\": \"X-Key: 1\"", "'Echo:Headers' must be an object of names and values, not a single value")]
    [InlineData("\"MaxMessageSize\": { \"Value\": 1 }", "'Echo:MaxMessageSize' must be a whole number, not an object or a list")]
    [InlineData("\"Transport\": \"fake\"", "'Echo:Transport' cannot be set in configuration")]
    [InlineData("\"Reconnect\": { \"ShouldReconnect\": \"always\" }", "'Echo:Reconnect:ShouldReconnect' cannot be set in configuration")]
    public async Task A_value_of_the_wrong_form_fails_the_start_and_is_named(string setting, string expected)
    {
        var failure = await StartFailsAsync($$"""{ "Echo": { "Url": "ws://127.0.0.1:1/", {{setting}} } }""");
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"MaxMessageSize\": -1", "MaxMessageSize must be positive")]
    [InlineData("\"MaxPendingBytes\": -5", "MaxPendingBytes must not be negative")]
    [InlineData("\"StreamCapacity\": 0", "StreamCapacity must be positive")]
    [InlineData("\"Reconnect\": { \"MaxDelay\": \"-00:00:01\" }", "MaxDelay")]
    [InlineData("\"Headers\": { \"Bad Name\": \"x\" }", "is not a valid HTTP header name")]
    public async Task An_invalid_option_fails_the_start_with_the_socket_s_own_message(string setting, string expected)
    {
        var failure = await StartFailsAsync($$"""{ "Echo": { "Url": "ws://127.0.0.1:1/", {{setting}} } }""");
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Url is missing: set 'Echo:Url'")]
    [InlineData("\"Url\": \"/relative/path\",", "is not an absolute URL")]
    [InlineData("\"Url\": \"http://127.0.0.1:1/ws?token=s3cret\",", "Url 'http://127.0.0.1:1/ws' has the scheme 'http'; a WebSocket URL starts with ws:// or wss://")]
    [InlineData("\"Url\": \"ws://127.0.0.1:1/ws#part\",", "has a fragment ('#part')")]
    public async Task A_missing_or_bad_url_fails_the_start_without_showing_its_query(string url, string expected)
    {
        var failure = await StartFailsAsync($$"""{ "Echo": { {{url}} "MaxMessageSize": 100 } }""");
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_problems_are_reported_together()
    {
        var failure = await StartFailsAsync("""{ "Echo": { "Url": "ftp://x/", "MaxMessageSize": -1, "ConnectTimeout": "soon" } }""");
        Assert.Equal(3, failure.Failures.Count());
    }

    [Fact]
    public async Task A_bad_url_given_in_code_fails_the_start_too()
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddWebSocketClient<EchoClient>("wss://example.com/#x", options => options.MaxMessageSize = 0);
        using var host = builder.Build();
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(2, failure.Failures.Count());
        Assert.Contains("has a fragment", failure.Message, StringComparison.Ordinal);
        Assert.Contains("MaxMessageSize must be positive", failure.Message, StringComparison.Ordinal);
    }

    // A WebSocketOptions property added later must be read from configuration, or declared code-only, by the binder.
    [Fact]
    public void The_binder_knows_every_WebSocketOptions_property()
    {
        var known = WebSocketOptionsBinder.Keys.Concat(WebSocketOptionsBinder.CodeOnlyKeys).ToHashSet(StringComparer.Ordinal);
        var properties = typeof(WebSocketOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);
        Assert.Equal([], properties.Where(name => !known.Contains(name)).ToArray());
        Assert.Contains("Url", known);
    }
}
