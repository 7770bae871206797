using System;
using System.Collections.Generic;
using TypedWebSockets.Generator.Tests.Probes;
using Xunit;

namespace TypedWebSockets.Generator.Tests;

/// <summary>
/// The dispatcher the generator wrote for <see cref="ProbeClient"/> and <see cref="ContextProbeClient"/> (built by
/// this project's real build) routes payloads by discriminator to the typed handler and listeners.
/// </summary>
public sealed class GeneratedDispatchTests
{
    [Fact]
    public void A_known_discriminator_reaches_the_handler_then_the_listeners()
    {
        using var client = new ProbeHarness();
        var log = new List<string>();
        client.OnGreeting = greeting => log.Add("handler " + greeting.Text);
        client.AddEventListener(ProbeClient.Events.Greeting, greeting => log.Add("listener " + greeting.Text));

        client.Feed("""{"text":"hello","type":"greet"}""");

        Assert.Equal(["handler hello", "listener hello"], log);
    }

    [Fact]
    public void A_discriminator_with_quotes_backslashes_and_non_ascii_matches_after_json_unescaping()
    {
        using var client = new ProbeHarness();
        var ticks = new List<int>();
        client.OnTick = tick => ticks.Add(tick.Count);

        client.Feed("""{"type":"tick \"quoted\" \\ \u00e9","count":3}""");
        client.Feed("""{"type":"tick \"quoted\" \\ é","count":4}""");

        Assert.Equal([3, 4], ticks);
    }

    [Fact]
    public void Unknown_or_missing_discriminators_reach_no_typed_handler()
    {
        using var client = new ProbeHarness();
        var calls = 0;
        client.OnGreeting = _ => calls++;
        client.OnTick = _ => calls++;

        client.Feed("""{"type":"farewell","text":"bye"}""");
        client.Feed("""{"text":"no discriminator"}""");
        client.Feed("""{"type":"Greet","text":"case matters"}""");

        Assert.Equal(0, calls);
    }

    [Fact]
    public void A_known_discriminator_with_a_bad_payload_is_reported_naming_the_contract_with_an_excerpt()
    {
        using var client = new ProbeHarness();
        var errors = new List<Exception>();
        client.OnError = errors.Add;
        client.OnGreeting = _ => Assert.Fail("The handler must not run for a payload that does not deserialize.");

        client.Feed("""{"type":"greet","text":5}""");

        var error = Assert.IsType<MessageContractException>(Assert.Single(errors));
        Assert.Equal(typeof(ProbeClient), error.ClientType);
        Assert.Equal(typeof(Greeting), error.ContractType);
        Assert.Equal("greet", error.Discriminator);
        Assert.Equal("""{"type":"greet","text":5}""", error.MessageExcerpt);
        Assert.EndsWith(""". Message: {"type":"greet","text":5}""", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_that_throws_is_reported_to_OnError()
    {
        using var client = new ProbeHarness();
        var errors = new List<Exception>();
        client.OnError = errors.Add;
        client.OnGreeting = _ => throw new InvalidOperationException("handler failed");

        client.Feed("""{"type":"greet","text":"x"}""");

        Assert.Equal("handler failed", Assert.Single(errors).Message);
    }

    [Fact]
    public void The_json_context_client_reads_the_envelope_wherever_the_discriminator_stands()
    {
        using var client = new ContextProbeHarness();
        var received = new List<Greeting>();
        client.OnGreeting = received.Add;

        client.Feed("""{"data":{"text":"first"},"kind":"greeting"}""");
        client.Feed("""{"kind":"greeting","extra":[1,2],"data":{"text":"second"}}""");

        Assert.Equal([new Greeting("first"), new Greeting("second")], received);
    }
}
