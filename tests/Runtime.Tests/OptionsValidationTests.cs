using System;
using System.Threading;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>Invalid URLs and options fail in the constructor with a clear ArgumentException, before any connection.</summary>
public sealed class OptionsValidationTests
{
    private const string Url = "ws://127.0.0.1:9/never";

    [Theory]
    [InlineData("X-Bad\r\nInjected", "ok")]
    [InlineData("X-Bad\nInjected", "ok")]
    [InlineData("X-Bad\rInjected", "ok")]
    [InlineData("X-Bad-Value", "a\r\nInjected: yes")]
    [InlineData("X-Bad-Value", "a\nb")]
    [InlineData("X-Bad-Value", "a\rb")]
    public void CR_or_LF_in_a_header_throws_ArgumentException_naming_the_header(string name, string value)
    {
        var options = new WebSocketOptions();
        options.Headers[name] = value;

        var error = Assert.Throws<ArgumentException>(() => new WebSocket(Url, options));

        Assert.Equal("Headers", error.ParamName);
        Assert.Contains(name.Split('\r', '\n')[0], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message.Split(" (Parameter")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Bad:Name")]
    [InlineData("Bad Name")]
    public void An_invalid_header_name_throws_ArgumentException(string name)
    {
        var options = new WebSocketOptions();
        options.Headers[name] = "value";
        var error = Assert.Throws<ArgumentException>(() => new WebSocket(Url, options));
        Assert.Equal("Headers", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("line\r\nbreak")]
    public void An_invalid_subprotocol_throws_ArgumentException(string protocol)
    {
        var options = new WebSocketOptions();
        options.SubProtocols.Add(protocol);
        var error = Assert.Throws<ArgumentException>(() => new WebSocket(Url, options));
        Assert.Equal("SubProtocols", error.ParamName);
    }

    public static TheoryData<string, Action<WebSocketOptions>> InvalidValues() => new()
    {
        { nameof(WebSocketOptions.MaxMessageSize), o => o.MaxMessageSize = -1 },
        { nameof(WebSocketOptions.MaxMessageSize), o => o.MaxMessageSize = 0 },
        { nameof(WebSocketOptions.MaxPendingMessages), o => o.MaxPendingMessages = -1 },
        { nameof(WebSocketOptions.MaxPendingBytes), o => o.MaxPendingBytes = -1 },
        { nameof(WebSocketOptions.ConnectTimeout), o => o.ConnectTimeout = TimeSpan.Zero },
        { nameof(WebSocketOptions.ConnectTimeout), o => o.ConnectTimeout = TimeSpan.FromSeconds(-1) },
        { nameof(WebSocketOptions.CloseTimeout), o => o.CloseTimeout = TimeSpan.FromSeconds(-1) },
        { nameof(WebSocketOptions.KeepAliveInterval), o => o.KeepAliveInterval = TimeSpan.FromSeconds(-1) },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Out_of_range_values_throw_ArgumentOutOfRangeException_naming_the_option(string option, Action<WebSocketOptions> configure)
    {
        var options = new WebSocketOptions();
        configure(options);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocket(Url, options));
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var options = new WebSocketOptions
        {
            AutoConnect = false,
            MaxMessageSize = 1,
            MaxPendingMessages = 0,
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            CloseTimeout = TimeSpan.Zero,
            KeepAliveInterval = TimeSpan.Zero,
        };
        using var ws = new WebSocket(Url, options);
        Assert.Equal(WebSocketState.Connecting, ws.ReadyState);
    }

    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new WebSocketOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CloseTimeout);
        Assert.Null(options.KeepAliveInterval);
        Assert.Equal(4 * 1024 * 1024, options.MaxMessageSize);
        Assert.Equal(WebSocketOptions.DefaultMaxMessageSize, options.MaxMessageSize);
        Assert.Equal(1024, options.MaxPendingMessages);
        Assert.Equal(16L * 1024 * 1024, options.MaxPendingBytes);
        Assert.True(options.AutoConnect);
        Assert.Empty(options.SubProtocols);
        Assert.Empty(options.Headers);
        Assert.Null(options.Configure);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/socket")]
    [InlineData("https://127.0.0.1:9/socket")]
    [InlineData("ftp://127.0.0.1/socket")]
    [InlineData("file:///tmp/socket")]
    [InlineData("socket")]
    [InlineData("/socket")]
    [InlineData("//127.0.0.1/socket")]
    [InlineData("ws://127.0.0.1:9/socket#fragment")]
    [InlineData("wss://127.0.0.1:9/#")]
    [InlineData("")]
    [InlineData("ws://")]
    public void An_invalid_url_throws_ArgumentException_before_connecting(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new WebSocket(url));
        Assert.Equal("url", error.ParamName);
    }

    [Fact]
    public void Null_url_or_options_throw_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new WebSocket((string)null!));
        Assert.Throws<ArgumentNullException>(() => new WebSocket(Url, null!));
        Assert.Throws<ArgumentNullException>(() => new WebSocket((Uri)null!));
        Assert.Throws<ArgumentNullException>(() => new WebSocket(new Uri(Url), null!));
    }

    [Fact]
    public void A_Uri_is_validated_like_a_string_and_kept_as_written()
    {
        using var socket = new WebSocket(new Uri("ws://127.0.0.1:9/socket?x=1"), new WebSocketOptions { AutoConnect = false });
        Assert.Equal("ws://127.0.0.1:9/socket?x=1", socket.Url);

        var relative = Assert.Throws<ArgumentException>(() => new WebSocket(new Uri("/socket", UriKind.Relative)));
        Assert.Contains("'/socket' is not an absolute URL", relative.Message, StringComparison.Ordinal);
        Assert.Equal("url", relative.ParamName);
        var scheme = Assert.Throws<ArgumentException>(() => new WebSocket(new Uri("http://127.0.0.1/socket")));
        Assert.Contains("scheme 'http'", scheme.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new WebSocket(new Uri("ws://127.0.0.1/socket#top")));
    }

    [Theory]
    [InlineData("ws://127.0.0.1:9/socket")]
    [InlineData("wss://localhost/socket?query=1")]
    [InlineData("WS://127.0.0.1:9/upper")]
    public void Url_returns_the_url_given(string url)
    {
        using var ws = new WebSocket(url, new WebSocketOptions { AutoConnect = false });
        Assert.Equal(url, ws.Url);
    }
}
