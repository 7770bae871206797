namespace TypedWebSockets.Generator.Model;

/// <summary>
/// The cached result of parsing one <c>[WebSocketClient]</c> class: a spec to emit, or why the class was skipped.
/// A skipped client produces no source; the analyzers report the same problem where the user can fix it.
/// </summary>
/// <param name="ClientName">The client's fully qualified name, for tests and debugging.</param>
/// <param name="Spec">The spec, or <see langword="null"/> when the class was skipped.</param>
/// <param name="SkipReason">Why it was skipped; <see cref="ClientSkipReason.None"/> when <paramref name="Spec"/> is set.</param>
internal sealed record ClientParseResult(string ClientName, ClientSpec? Spec, ClientSkipReason SkipReason);
