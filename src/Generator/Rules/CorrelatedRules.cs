using TypedWebSockets.Generator.Declarations;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Generator;

/// <summary>One <c>[Requests]</c> or <c>[Subscribes]</c> with its paths resolved against the client's.</summary>
/// <param name="KindPath">Where the request's kind lives (and replies' kinds are read).</param>
/// <param name="Envelope">Where the request's payload lives.</param>
/// <param name="PayloadPath">Where replies (a subscription's items) carry their payload.</param>
internal sealed record CorrelatedWire(WirePath KindPath, WirePath Envelope, WirePath PayloadPath);

/// <summary>What is wrong with a <c>[Requests]</c> or <c>[Subscribes]</c>'s own paths and kinds.</summary>
internal enum CorrelatedProblem
{
    None,

    /// <summary>A path argument is whitespace (TWS0019).</summary>
    BlankPath,

    /// <summary>A path argument is an ill-formed JSON Pointer (TWS0033).</summary>
    IllFormedPath,

    /// <summary><c>DiscriminatorProperty = ""</c>: a request always has a kind (TWS0046).</summary>
    RequestWithoutKind,

    /// <summary>The request's envelope is its discriminator path or lies inside it (TWS0036).</summary>
    EnvelopeOverlapsKind,

    /// <summary>The request's kind or envelope needs the correlation id's property, or holds it (TWS0047).</summary>
    PathOverlapsCorrelationId,

    /// <summary>A reply kind (<c>ErrorDiscriminator</c>, ...) is empty or whitespace (TWS0019).</summary>
    BlankKind,

    /// <summary>A reply kind holds an unpaired surrogate (TWS0026).</summary>
    KindNotUnicode,

    /// <summary>Two of a subscription's item, complete and error kinds are equal (TWS0045).</summary>
    KindUsedTwice,
}

/// <summary>The rules of a request's or subscription's own paths and reply kinds, shared by the parser and the analyzers.</summary>
internal static class CorrelatedRules
{
    /// <summary>The named arguments that hold paths, in the order they are checked.</summary>
    private static readonly string[] s_paths = ["DiscriminatorProperty", "Envelope", "ResponseEnvelope", "ItemEnvelope"];

    /// <summary>The named arguments that hold reply kinds, in the order they are checked.</summary>
    private static readonly string[] s_kinds = ["ErrorDiscriminator", "ItemDiscriminator", "CompleteDiscriminator", "StopDiscriminator"];

    /// <summary>Resolves the pair's paths against the client's and checks its reply kinds.</summary>
    /// <param name="request">The attribute.</param>
    /// <param name="client">The client's paths.</param>
    /// <param name="wire">The resolved paths when there is no problem.</param>
    /// <param name="property">The named argument at fault (for <see cref="CorrelatedProblem.KindUsedTwice"/>, the later of the two).</param>
    /// <param name="detail">What is ill-formed; the other argument of <see cref="CorrelatedProblem.KindUsedTwice"/>; the surrogate's index.</param>
    public static CorrelatedProblem Resolve(RequestDeclaration request, ClientWire client, out CorrelatedWire? wire, out string? property, out string? detail)
    {
        wire = null;
        detail = null;
        var resolved = new WirePath?[s_paths.Length];
        for (var i = 0; i < s_paths.Length; i++)
        {
            property = s_paths[i];
            var text = PathArgument(request, i);
            if (text is null)
            {
                continue;
            }

            if (text.Length == 0)
            {
                if (i == 0)
                {
                    return CorrelatedProblem.RequestWithoutKind;
                }

                resolved[i] = WirePath.Root;
                continue;
            }

            if (NamingRules.IsBlank(text))
            {
                return CorrelatedProblem.BlankPath;
            }

            if (WirePath.TryParse(text, out detail) is not { } parsed)
            {
                return CorrelatedProblem.IllFormedPath;
            }

            resolved[i] = parsed;
        }

        var kindPath = resolved[0] ?? client.Discriminator;
        var envelope = resolved[1] ?? client.Envelope;
        var responseEnvelope = resolved[2] ?? client.ResponseEnvelope;
        var payload = request.IsSubscription ? resolved[3] ?? responseEnvelope : responseEnvelope;

        property = "Envelope";
        if (!envelope.IsRoot && envelope.StartsWith(kindPath))
        {
            return CorrelatedProblem.EnvelopeOverlapsKind;
        }

        // The id is written beside the kind and the payload: neither may be its property, hold it or lie inside it (an id
        // inside the envelope's object is a member of it, as a kind can be). The client's own paths are TWS0031's.
        var id = client.CorrelationId;
        if (resolved[0] is not null && (kindPath.StartsWith(id) || id.StartsWith(kindPath)))
        {
            property = "DiscriminatorProperty";
            return CorrelatedProblem.PathOverlapsCorrelationId;
        }

        if (resolved[1] is not null && !envelope.IsRoot && envelope.StartsWith(id))
        {
            property = "Envelope";
            return CorrelatedProblem.PathOverlapsCorrelationId;
        }

        for (var i = 0; i < s_kinds.Length; i++)
        {
            property = s_kinds[i];
            if (KindArgument(request, i) is not { } kind)
            {
                continue;
            }

            if (NamingRules.IsBlank(kind))
            {
                return CorrelatedProblem.BlankKind;
            }

            if (WireSyntax.IndexOfUnpairedSurrogate(kind) is var index and >= 0)
            {
                detail = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return CorrelatedProblem.KindNotUnicode;
            }
        }

        // Error and complete kinds are checked before the item kind: an item kind equal to either is never an item.
        for (var i = 1; i < 3; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (KindArgument(request, i) is { } later && KindArgument(request, j) is { } earlier && string.Equals(later, earlier, System.StringComparison.Ordinal))
                {
                    property = s_kinds[i];
                    detail = s_kinds[j];
                    return CorrelatedProblem.KindUsedTwice;
                }
            }
        }

        property = null;
        wire = new CorrelatedWire(kindPath, envelope, payload);
        return CorrelatedProblem.None;
    }

    private static string? PathArgument(RequestDeclaration request, int index) => index switch
    {
        0 => request.DiscriminatorProperty,
        1 => request.Envelope,
        2 => request.ResponseEnvelope,
        _ => request.ItemEnvelope,
    };

    private static string? KindArgument(RequestDeclaration request, int index) => index switch
    {
        0 => request.ErrorDiscriminator,
        1 => request.ItemDiscriminator,
        2 => request.CompleteDiscriminator,
        _ => request.StopDiscriminator,
    };
}
