using System.IO;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TypedWebSockets.Hosting.Tests;

internal static class TestHosts
{
    /// <summary>A Generic Host with only what a test adds: its JSON configuration, fake logging from Trace up, metrics.</summary>
    public static HostApplicationBuilder CreateBuilder(string? json = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (json is not null)
        {
            builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        }

        builder.Logging.AddFakeLogging();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddMetrics();
        return builder;
    }
}
