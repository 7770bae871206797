using Xunit;

namespace TypedWebSockets.Hosting.Tests;

/// <summary>
/// Tests that listen to every "TypedWebSockets" activity source or meter in the process (an ActivityListener, the
/// OpenTelemetry SDK), or that measure allocations on the message path: they run alone, so that none sees another's
/// sockets or turns on instruments another counts on being off.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalListenersCollection
{
    public const string Name = "Global telemetry listeners";
}
