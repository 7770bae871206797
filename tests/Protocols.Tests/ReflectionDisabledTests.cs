using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;

namespace TypedWebSockets.Protocols.Tests;

/// <summary>
/// A reflection-mode client (no JsonContext) in an application where reflection-based System.Text.Json is off, as
/// under NativeAOT: construction fails with an exception that says to set JsonContext, not a TypeInitializationException
/// (or a NotSupportedException from the serializer) on the first Send. The probe (tests/Probes/ReflectionDisabled) is a
/// console app built with JsonSerializerIsReflectionEnabledByDefault=false, run here as a child process.
/// </summary>
public sealed class ReflectionDisabledTests
{
    [Fact]
    public async Task Constructing_a_reflection_mode_client_without_reflection_says_to_set_JsonContext()
    {
        var probe = typeof(ReflectionDisabledTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "ReflectionDisabledProbe").Value!;
        Assert.True(File.Exists(probe), "The probe is built with this project: " + probe);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        var lines = (await output).ReplaceLineEndings("\n").TrimEnd().Split('\n');

        Assert.True(process.ExitCode == 0, await errors);
        Assert.Equal("System.InvalidOperationException", lines[0]);
        Assert.StartsWith("ProbeClient has no JsonContext, so it serializes its messages with reflection-based System.Text.Json, which this application disables", lines[1]);
        Assert.Contains("Set [WebSocketClient(JsonContext = typeof(...))] on ProbeClient", lines[1]);
    }
}
