namespace TypedWebSockets.Generator;

/// <summary>
/// Names of the incremental pipeline's steps (applied with <c>WithTrackingName</c>), so tests can check that each step
/// is cached or unchanged after an edit.
/// </summary>
internal static class TrackingNames
{
    /// <summary>The result of parsing one <c>[WebSocketClient]</c> class: a spec, or the reason it was skipped.</summary>
    public const string ParseResults = nameof(ParseResults);

    /// <summary>The specs of the valid clients, one source file each.</summary>
    public const string Clients = nameof(Clients);
}
