using System;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;

namespace TypedWebSockets.Reliability.Tests.Interop;

/// <summary>Counts allocations, so it runs alone (with its own ws peer).</summary>
[Collection(nameof(SequentialCollection))]
public sealed class DeflateBombTests(NodeInteropServer node) : IClassFixture<NodeInteropServer>
{
    [Fact]
    public async Task A_compressed_128_MiB_message_is_cut_at_MaxMessageSize_in_bounded_memory()
    {
        const int MaxMessageSize = 1024 * 1024;
        const int Inflated = 128 * 1024 * 1024;
        var mark = UnobservedTaskExceptions.Mark();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var (errors, closeCode, wasClean) = await RunAsync(node.Url("/deflate"), MaxMessageSize, Inflated);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var error = Assert.Single(errors);
        Assert.IsType<WebSocketException>(error);
        Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(1009, closeCode);
        Assert.True(wasClean);
        Assert.True(allocated < Inflated / 8, $"{allocated:N0} bytes were allocated while a message inflating to {Inflated:N0} bytes was refused at {MaxMessageSize:N0}.");
        SuiteFigures.CasesTried(1);
        SuiteFigures.FaultsSurvived(1);
        UnobservedTaskExceptions.AssertNoneSince(mark, node.Url("/deflate"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(Exception[] Errors, int? CloseCode, bool WasClean)> RunAsync(string url, int maxMessageSize, int inflated)
    {
        var options = new WebSocketOptions
        {
            MaxMessageSize = maxMessageSize,
            CloseTimeout = TimeSpan.FromSeconds(60),
            Configure = c => c.DangerousDeflateOptions = new WebSocketDeflateOptions(),
        };
        var client = new ClientSocket(url, options) { OnMessage = _ => { } };
        try
        {
            var events = ClientEvents.Attach(client, messages: false);
            await client.WaitOpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
            client.Send(string.Create(CultureInfo.InvariantCulture, $"zeros:{inflated}"));
            await events.WaitClosedAsync(TimeSpan.FromSeconds(90));
            return ([.. events.AssertSingleCloseAfterErrors()], client.CloseCode, client.WasClean);
        }
        finally
        {
            client.Dispose();
        }
    }
}
