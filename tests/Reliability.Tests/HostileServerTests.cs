using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using TypedWebSockets.Reliability.Tests.Infrastructure;
using Xunit;
using ClientSocket = TypedWebSockets.WebSocket;
using ClientState = TypedWebSockets.WebSocketState;

namespace TypedWebSockets.Reliability.Tests;

/// <summary>Tests that count allocations or unobserved task exceptions run alone, so other tests cannot blur them.</summary>
[CollectionDefinition(nameof(SequentialCollection), DisableParallelization = true)]
public sealed class SequentialCollection;

[Collection(nameof(SequentialCollection))]
public sealed class HostileServerTests
{
    public static TheoryData<string> ScenarioNames => new(HostileScenarios.Names);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task A_hostile_server_ends_in_the_expected_errors_then_exactly_one_close(string name)
    {
        var scenario = HostileScenarios.Get(name);
        var mark = UnobservedTaskExceptions.Mark();
        await using var server = HostileServer.Start(scenario.Server);

        var outcome = await RunClientAsync(server.Url, scenario.Options, scenario.AfterOpen);

        var errors = outcome.Events.AssertSingleCloseAfterErrors();
        var description = ClientEvents.Describe(outcome.Events.Snapshot);
        Assert.True(
            errors.Select(e => e.GetType()).SequenceEqual(scenario.Errors),
            $"{name}: expected errors [{string.Join(", ", scenario.Errors.Select(t => t.Name))}], saw: {description}");
        Assert.All(errors, e => Assert.Contains(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal));
        Assert.Equal(scenario.Opens, outcome.Events.Snapshot.Any(e => e.Kind == ClientEventKind.Open));
        Assert.Equal(scenario.Opens, outcome.OpenFailure is null);
        Assert.Equal(ClientState.Closed, outcome.State);
        Assert.Equal(scenario.CloseCode, outcome.CloseCode);
        Assert.Equal(scenario.WasClean, outcome.WasClean);

        await server.WaitScenariosAsync(TimeSpan.FromSeconds(20));
        if (scenario.CloseCodeTheServerMustReceive is { } sent)
        {
            Assert.Equal(sent, Assert.Single(server.Connections).ReceivedCloseCode);
        }

        SuiteFigures.CasesTried(1);
        SuiteFigures.FaultsSurvived(errors.Count);
        UnobservedTaskExceptions.AssertNoneSince(mark, server.Url);
    }

    [Fact]
    public async Task A_64_MiB_fragmented_flood_is_discarded_in_bounded_memory_and_answered_with_1009()
    {
        const int MaxMessageSize = 1024 * 1024;
        const int FragmentSize = 64 * 1024;
        const int Fragments = 1024;
        const long Flood = (long)FragmentSize * Fragments;
        var mark = UnobservedTaskExceptions.Mark();
        await using var server = HostileServer.Start(async c =>
        {
            await c.ReadHandshakeAsync();
            await c.AcceptHandshakeAsync();
            var chunk = new byte[FragmentSize];
            for (var i = 0; i < Fragments; i++)
            {
                await c.WriteFrameAsync(i == 0 ? 0x2 : 0x0, chunk, fin: i == Fragments - 1);
            }

            var close = await c.ReadUntilCloseAsync() ?? throw new InvalidOperationException("No close frame from the client after the flood.");
            await c.WriteCloseAsync(close.CloseCode ?? 1000);
            await c.DrainUntilEndAsync();
        });

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // The close timeout only has to outlast the flood on a busy machine; it bounds the test, it is not measured.
        var outcome = await RunClientAsync(server.Url, o => { o.MaxMessageSize = MaxMessageSize; o.CloseTimeout = TimeSpan.FromSeconds(60); }, afterOpen: null);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
        await server.WaitScenariosAsync(TimeSpan.FromSeconds(20));

        var error = Assert.Single(outcome.Events.AssertSingleCloseAfterErrors());
        Assert.IsType<WebSocketException>(error);
        Assert.Contains("MaxMessageSize", error.Message, StringComparison.Ordinal);
        Assert.Equal(1009, outcome.CloseCode);
        Assert.True(outcome.WasClean);
        var connection = Assert.Single(server.Connections);
        Assert.Equal(1009, connection.ReceivedCloseCode);
        Assert.True(connection.BytesWritten >= Flood, $"The server wrote only {connection.BytesWritten} bytes of the {Flood}-byte flood.");

        // The whole flood crossed the connection; the client kept at most about one MaxMessageSize buffer of it.
        Assert.True(allocated < Flood / 4, $"{allocated:N0} bytes were allocated while a {Flood:N0}-byte message was discarded; the limit is {MaxMessageSize:N0}.");
        Assert.True(retained < 8L * MaxMessageSize, $"{retained:N0} more bytes are retained after the flood than before.");

        SuiteFigures.CasesTried(1);
        SuiteFigures.FaultsSurvived(1);
        SuiteFigures.MessagesMoved(1);
        UnobservedTaskExceptions.AssertNoneSince(mark, server.Url);
    }

    // A separate method, not inlined, so that no reference to the client outlives it: the caller's garbage collection
    // then finalizes every task the client created, and an unobserved fault among them would be reported.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static async Task<ClientOutcome> RunClientAsync(string url, Action<WebSocketOptions>? configure, Action<ClientSocket>? afterOpen)
    {
        var options = new WebSocketOptions { ConnectTimeout = TimeSpan.FromSeconds(15) };
        configure?.Invoke(options);
        var client = new ClientSocket(url, options);
        try
        {
            var events = ClientEvents.Attach(client);
            if (afterOpen is not null)
            {
                await events.WaitOpenedAsync();
                afterOpen(client);
            }

            await events.WaitClosedAsync(TimeSpan.FromSeconds(90));
            var open = client.WaitOpenAsync();
            Assert.True(open.IsCompleted, "WaitOpenAsync must be settled once the client has closed.");
            var openFailure = open.Exception?.InnerException;

            return new ClientOutcome(events, client.CloseCode, client.WasClean, client.ReadyState, openFailure);
        }
        finally
        {
            client.Dispose();
        }
    }

    internal sealed record ClientOutcome(ClientEvents Events, int? CloseCode, bool WasClean, ClientState State, Exception? OpenFailure);
}
