using Xunit;

namespace TypedWebSockets.Tests;

public class SmokeTests
{
    [Fact]
    public void Data_round_trips_a_string()
    {
        Assert.Equal("héllo", Data.FromString("héllo").ToRawString());
    }
}
