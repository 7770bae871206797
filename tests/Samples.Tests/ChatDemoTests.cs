using System;
using System.IO;
using System.Threading.Tasks;
using TypedWebSockets.Samples.Chat;
using Xunit;

namespace TypedWebSockets.Samples.Tests;

// The Chat sample's conversation (what `dotnet run --project samples/Chat` prints after the server's address), run
// against its server on Kestrel: the same lines, in the same order, on every run.
public sealed class ChatDemoTests
{
    private const string Transcript = """
        [ada]   * ada joined #lobby
        [ada]   * grace joined #lobby
        [grace] * grace joined #lobby
        [ada]   ada: Hello, Grace! Typed messages, no strings attached.
        [grace] ada: Hello, Grace! Typed messages, no strings attached.
        [ada]   grace: Hi Ada! And the compiler checks the contract.
        [grace] grace: Hi Ada! And the compiler checks the contract.
        [grace] * ada left #lobby
        ada closed cleanly: True (1000); grace closed cleanly: True (1000)

        """;

    [Fact]
    public async Task The_conversation_prints_the_same_transcript_on_every_run()
    {
        for (var run = 1; run <= 3; run++)
        {
            await using var server = await ChatServer.StartAsync();
            var output = new StringWriter { NewLine = "\n" };

            var clean = await ChatDemo.RunAsync(server.Url, output, timeout: TimeSpan.FromSeconds(15));

            Assert.True(clean, $"run {run}: a client did not close cleanly:\n{output}");
            Assert.Equal(Transcript, output.ToString());
        }
    }
}
