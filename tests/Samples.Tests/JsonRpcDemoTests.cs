using System;
using System.IO;
using System.Threading.Tasks;
using TypedWebSockets.Samples.JsonRpc;
using Xunit;

namespace TypedWebSockets.Samples.Tests;

// The JsonRpc sample's calls (what `dotnet run --project samples/JsonRpc` prints after the server's address), run
// against its StreamJsonRpc server on Kestrel: the same lines on every run.
public sealed class JsonRpcDemoTests
{
    private const string Transcript = """
        add(2, 3) = 5
        sum([1, 2, 3, 4]) = 10
        divide(1, 0) failed: error 1001 "Cannot divide by zero.", data {"dividend":1}
        startTicks(3) = 3, after the notifications tick 1, tick 2, tick 3
        Closed cleanly: True (1000)

        """;

    [Fact]
    public async Task The_typed_calls_print_the_same_transcript_on_every_run()
    {
        for (var run = 1; run <= 3; run++)
        {
            await using var server = await RpcServer.StartAsync();
            var output = new StringWriter { NewLine = "\n" };

            var ok = await RpcDemo.RunAsync(server.Url.ToString(), output, timeout: TimeSpan.FromSeconds(15));

            Assert.True(ok, $"run {run}: a reply was not what it should be:\n{output}");
            Assert.Equal(Transcript, output.ToString());
        }
    }
}
