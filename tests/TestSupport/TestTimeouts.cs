using System;

namespace TypedWebSockets.TestSupport;

/// <summary>Bounds for every wait in the tests: generous, because other builds share the machine, yet finite.</summary>
public static class TestTimeouts
{
    /// <summary>How long an event that must happen may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>The short timeouts under test (connect and close timeouts).</summary>
    public static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a test waits for a socket to close or be disposed politely.</summary>
    public static readonly TimeSpan Close = TimeSpan.FromSeconds(10);
}
