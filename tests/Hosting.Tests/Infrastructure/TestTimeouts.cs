using System;

namespace TypedWebSockets.Hosting.Tests;

internal static class TestTimeouts
{
    /// <summary>How long a test waits for something that should happen at once: a hang guard, not a timing goal.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
}
