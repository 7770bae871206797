namespace TypedWebSockets;

/// <summary>
/// The names under which sockets report telemetry, for registering them with a collector such as OpenTelemetry
/// (<c>.AddMeter(WebSocketTelemetry.MeterName)</c>, <c>.AddSource(WebSocketTelemetry.ActivitySourceName)</c>). Every
/// log event, instrument and activity, with its tags: <c>docs/telemetry.md</c>.
/// </summary>
public static class WebSocketTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> sockets record their metrics on.</summary>
    public const string MeterName = "TypedWebSockets";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of the connection-attempt and request activities.</summary>
    public const string ActivitySourceName = "TypedWebSockets";
}
