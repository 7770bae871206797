using System;
using System.Collections.Generic;
using TypedWebSockets.Generator.Declarations;
using TypedWebSockets.Generator.Model;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Generator;

/// <summary>Where a client puts things by default (its <c>[WebSocketClient]</c> paths, parsed).</summary>
/// <param name="Discriminator">Where kinds live.</param>
/// <param name="Envelope">Where payloads live (<see cref="WirePath.Root"/>: flat).</param>
/// <param name="CorrelationId">Where requests carry their id.</param>
/// <param name="ErrorProperty">Where error replies carry their error.</param>
/// <param name="ReplyCorrelationId">Where replies carry the id (<c>ReplyCorrelationId</c>, else <paramref name="CorrelationId"/>).</param>
/// <param name="ResponseEnvelope">Where replies carry their payload (<c>ResponseEnvelope</c>, else <paramref name="Envelope"/>).</param>
internal sealed record ClientWire(WirePath Discriminator, WirePath Envelope, WirePath CorrelationId, WirePath ErrorProperty, WirePath ReplyCorrelationId, WirePath ResponseEnvelope);

/// <summary>One contract's kind and paths after the client's defaults apply.</summary>
internal sealed record ContractWire(ContractDeclaration Declaration, WireKind Kind, WirePath KindPath, WirePath EnvelopePath);

/// <summary>What is wrong with a client's <c>[WebSocketClient]</c> paths.</summary>
internal enum ClientWireProblem
{
    None,

    /// <summary><c>Discriminator</c> is null, empty or whitespace (TWS0019).</summary>
    BlankDiscriminator,

    /// <summary><c>Envelope</c> is whitespace (TWS0019); <c>""</c> is the flat format.</summary>
    BlankEnvelope,

    /// <summary><c>CorrelationId</c> or <c>ErrorProperty</c> is null, empty or whitespace (TWS0019).</summary>
    BlankRequestProperty,

    /// <summary>A path is an ill-formed JSON Pointer (TWS0033).</summary>
    IllFormedPath,

    /// <summary><c>Envelope</c> is <c>Discriminator</c> or lies inside it (TWS0020).</summary>
    EnvelopeOverlapsDiscriminator,
}

/// <summary>What is wrong with one contract's kind or paths.</summary>
internal enum ContractWireProblem
{
    None,

    /// <summary>The string kind is empty or whitespace (TWS0019).</summary>
    BlankKind,

    /// <summary>The string kind holds an unpaired surrogate (TWS0026).</summary>
    KindNotUnicode,

    /// <summary><c>DiscriminatorProperty</c> or <c>Envelope</c> is whitespace (TWS0019).</summary>
    BlankPath,

    /// <summary><c>DiscriminatorProperty</c> or <c>Envelope</c> is an ill-formed JSON Pointer (TWS0033).</summary>
    IllFormedPath,

    /// <summary>A received contract has <c>DiscriminatorProperty = ""</c> (TWS0040).</summary>
    ReceivedWithoutKind,

    /// <summary>A received kind has more than one <c>*</c>, or one in its middle (TWS0034).</summary>
    InvalidPattern,

    /// <summary>The contract's envelope is its discriminator path or lies inside it (TWS0036).</summary>
    EnvelopeOverlapsKind,
}

/// <summary>What a contract declares that has no effect (warnings; the client is generated).</summary>
[Flags]
internal enum ContractWireWarnings
{
    None = 0,

    /// <summary>A sent kind holds a <c>*</c>, written as it is (TWS0035).</summary>
    PatternOnSentKind = 1,

    /// <summary>A sent contract has an explicit kind and <c>DiscriminatorProperty = ""</c>, so the kind is not written (TWS0043).</summary>
    KindNotWritten = 2,
}

/// <summary>
/// The rules of where things live in a message: the client's paths, each contract's kind and paths, the constant
/// properties. The parser skips a client on the first problem; the analyzers report each one.
/// </summary>
internal static class WireRules
{
    /// <summary>Parses the client's paths, checking them in the order the analyzers report them.</summary>
    /// <param name="client">The attribute.</param>
    /// <param name="wire">The parsed paths when there is no problem.</param>
    /// <param name="property">The named argument at fault, for the ones that name one.</param>
    /// <param name="detail">What is ill-formed, for <see cref="ClientWireProblem.IllFormedPath"/>.</param>
    public static ClientWireProblem ReadClient(WebSocketClientDeclaration client, out ClientWire? wire, out string? property, out string? detail)
    {
        wire = null;
        detail = null;
        property = "Discriminator";
        if (NamingRules.IsBlank(client.Discriminator))
        {
            return ClientWireProblem.BlankDiscriminator;
        }

        if (WirePath.TryParse(client.Discriminator!, out detail) is not { } discriminator)
        {
            return ClientWireProblem.IllFormedPath;
        }

        property = "Envelope";
        var envelope = WirePath.Root;
        if (client.Envelope is { Length: > 0 } envelopeText)
        {
            if (NamingRules.IsBlank(envelopeText))
            {
                return ClientWireProblem.BlankEnvelope;
            }

            if (WirePath.TryParse(envelopeText, out detail) is not { } parsed)
            {
                return ClientWireProblem.IllFormedPath;
            }

            envelope = parsed;
        }

        // The runtime rejects a blank one: skip rather than fail in a static initializer.
        var requestPaths = new WirePath[4];
        var names = new[]
        {
            ("CorrelationId", client.CorrelationId),
            ("ErrorProperty", client.ErrorProperty),
            ("ReplyCorrelationId", client.ReplyCorrelationId ?? client.CorrelationId),
            ("ResponseEnvelope", client.ResponseEnvelope),
        };
        for (var i = 0; i < names.Length; i++)
        {
            property = names[i].Item1;
            if (i == 3)
            {
                // ResponseEnvelope: null is the client's envelope, "" the whole reply.
                if (names[i].Item2 is not { Length: > 0 } responseEnvelope)
                {
                    requestPaths[i] = names[i].Item2 is null ? envelope : WirePath.Root;
                    continue;
                }

                if (NamingRules.IsBlank(responseEnvelope))
                {
                    return ClientWireProblem.BlankEnvelope;
                }
            }
            else if (NamingRules.IsBlank(names[i].Item2))
            {
                return ClientWireProblem.BlankRequestProperty;
            }

            if (WirePath.TryParse(names[i].Item2!, out detail) is not { } parsed)
            {
                return ClientWireProblem.IllFormedPath;
            }

            requestPaths[i] = parsed;
        }

        property = "Envelope";
        if (!envelope.IsRoot && envelope.StartsWith(discriminator))
        {
            return ClientWireProblem.EnvelopeOverlapsDiscriminator;
        }

        property = null;
        wire = new ClientWire(discriminator, envelope, requestPaths[0], requestPaths[1], requestPaths[2], requestPaths[3]);
        return ClientWireProblem.None;
    }

    /// <summary>Resolves a contract's kind and paths against the client's.</summary>
    /// <param name="contract">The contract.</param>
    /// <param name="client">The client's paths.</param>
    /// <param name="wire">The resolved contract when there is no problem (and for <see cref="ContractWireProblem.EnvelopeOverlapsKind"/>).</param>
    /// <param name="warnings">What the contract declares to no effect.</param>
    /// <param name="property">The argument at fault: <c>discriminator</c>, <c>DiscriminatorProperty</c> or <c>Envelope</c>.</param>
    /// <param name="detail">What is wrong, for ill-formed paths and patterns; the index of an unpaired surrogate.</param>
    public static ContractWireProblem ResolveContract(
        ContractDeclaration contract, ClientWire client, out ContractWire? wire, out ContractWireWarnings warnings, out string? property, out string? detail)
    {
        wire = null;
        warnings = ContractWireWarnings.None;
        detail = null;
        property = "discriminator";
        if (contract.ExplicitString is { } text)
        {
            if (NamingRules.IsBlank(text))
            {
                return ContractWireProblem.BlankKind;
            }

            if (WireSyntax.IndexOfUnpairedSurrogate(text) is var index and >= 0)
            {
                detail = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ContractWireProblem.KindNotUnicode;
            }
        }

        var kindPath = client.Discriminator;
        if (contract.DiscriminatorProperty is { } ownKindPath)
        {
            property = "DiscriminatorProperty";
            if (ownKindPath.Length > 0 && NamingRules.IsBlank(ownKindPath))
            {
                return ContractWireProblem.BlankPath;
            }

            if (WirePath.TryParse(ownKindPath, out detail) is not { } parsed)
            {
                return ContractWireProblem.IllFormedPath;
            }

            kindPath = parsed;
        }

        var envelope = client.Envelope;
        if (contract.Envelope is { } ownEnvelope)
        {
            property = "Envelope";
            if (ownEnvelope.Length > 0 && NamingRules.IsBlank(ownEnvelope))
            {
                return ContractWireProblem.BlankPath;
            }

            if (WirePath.TryParse(ownEnvelope, out detail) is not { } parsed)
            {
                return ContractWireProblem.IllFormedPath;
            }

            envelope = parsed;
        }

        WireKind kind;
        if (kindPath.IsRoot)
        {
            property = "DiscriminatorProperty";
            if (contract.Direction == MessageDirection.Receives)
            {
                return ContractWireProblem.ReceivedWithoutKind;
            }

            kind = WireKind.None;
            if (contract.HasExplicitKind)
            {
                warnings |= ContractWireWarnings.KindNotWritten;
            }
        }
        else if (contract.ExplicitNumber is { } number)
        {
            kind = new WireKind(WireKindType.Number, contract.KindText, contract.KindText, number);
        }
        else if (contract.Direction == MessageDirection.Sends)
        {
            kind = new WireKind(WireKindType.String, contract.KindText, contract.KindText, 0);
            if (contract.KindText.IndexOf('*') >= 0)
            {
                warnings |= ContractWireWarnings.PatternOnSentKind;
            }
        }
        else
        {
            property = "discriminator";
            if (WireSyntax.TryParsePattern(contract.KindText, out var stem, out var pattern) is { } problem)
            {
                detail = problem;
                return ContractWireProblem.InvalidPattern;
            }

            var type = pattern switch
            {
                KindPatternType.Prefix => WireKindType.Prefix,
                KindPatternType.Suffix => WireKindType.Suffix,
                _ => WireKindType.String,
            };
            kind = new WireKind(type, contract.KindText, stem, 0);
        }

        if (kind.Type != WireKindType.None && !envelope.IsRoot && envelope.StartsWith(kindPath)
            && (contract.DiscriminatorProperty is not null || contract.Envelope is not null))
        {
            // With the client's own two paths this is the client's mistake (TWS0020), reported once there. The resolved
            // contract is returned so the report can name both paths.
            property = contract.Envelope is not null ? "Envelope" : "DiscriminatorProperty";
            wire = new ContractWire(contract, kind, kindPath, envelope);
            return ContractWireProblem.EnvelopeOverlapsKind;
        }

        property = null;
        wire = new ContractWire(contract, kind, kindPath, envelope);
        return ContractWireProblem.None;
    }

    /// <summary>
    /// The reasons a constant property cannot be written beside the rest of a sent message (TWS0037), by the rules the
    /// runtime builds sent heads by: each constant is a top-level property of its own, so no other constant, no sent
    /// kind, no sent envelope and (with requests) no correlation id may start at its name.
    /// </summary>
    /// <returns>Per constant (an index into <paramref name="constants"/>), what it collides with.</returns>
    public static List<(int Constant, string CollidesWith)> FindSentPropertyCollisions(
        IReadOnlyList<SentPropertyDeclaration> constants, IReadOnlyList<ContractWire> sentContracts, ClientWire client, bool hasRequests)
    {
        var collisions = new List<(int, string)>();
        for (var i = 0; i < constants.Count; i++)
        {
            var name = constants[i].Name;
            if (name is null)
            {
                continue;
            }

            string? other = null;
            for (var j = 0; j < i && other is null; j++)
            {
                if (string.Equals(constants[j].Name, name, StringComparison.Ordinal))
                {
                    other = $"the {constants[j].AttributeDisplay} before it";
                }
            }

            foreach (var sent in sentContracts)
            {
                if (other is not null)
                {
                    break;
                }

                if (sent.Kind.Type != WireKindType.None && sent.KindPath.First == name)
                {
                    other = $"the discriminator '{sent.KindPath}' of {sent.Declaration.AttributeDisplay}";
                }
                else if (!sent.EnvelopePath.IsRoot && sent.EnvelopePath.First == name)
                {
                    other = $"the envelope '{sent.EnvelopePath}' of {sent.Declaration.AttributeDisplay}";
                }
            }

            if (other is null && hasRequests)
            {
                if (client.Discriminator.First == name)
                {
                    other = $"the discriminator '{client.Discriminator}' of its requests";
                }
                else if (!client.Envelope.IsRoot && client.Envelope.First == name)
                {
                    other = $"the envelope '{client.Envelope}' of its requests";
                }
                else if (client.CorrelationId.First == name)
                {
                    other = $"the correlation id '{client.CorrelationId}'";
                }
                else if (client.ErrorProperty.First == name)
                {
                    other = $"the error property '{client.ErrorProperty}'";
                }
            }

            if (other is not null)
            {
                collisions.Add((i, other));
            }
        }

        return collisions;
    }

    /// <summary>
    /// The pairs of top-level properties a request or its reply would need twice (TWS0031), compared as paths (as the
    /// runtime reads them): a request is <c>{"type":..,"id":..}</c> plus the envelope, and a reply with the error
    /// property is an error reply.
    /// </summary>
    public static List<RequestPropertyCollision> FindRequestPropertyCollisions(ClientWire client)
    {
        var collisions = new List<RequestPropertyCollision>();
        if (client.CorrelationId.Equals(client.Discriminator))
        {
            collisions.Add(RequestPropertyCollision.CorrelationIdIsDiscriminator);
        }

        if (client.CorrelationId.Equals(client.Envelope))
        {
            collisions.Add(RequestPropertyCollision.CorrelationIdIsEnvelope);
        }

        if (client.ErrorProperty.Equals(client.Discriminator))
        {
            collisions.Add(RequestPropertyCollision.ErrorPropertyIsDiscriminator);
        }

        if (client.ErrorProperty.Equals(client.Envelope))
        {
            collisions.Add(RequestPropertyCollision.ErrorPropertyIsEnvelope);
        }

        if (client.ErrorProperty.Equals(client.CorrelationId))
        {
            collisions.Add(RequestPropertyCollision.ErrorPropertyIsCorrelationId);
        }

        return collisions;
    }

    /// <summary>
    /// The paths a client's dispatcher reads received messages at, in first-use order: each received contract's kind
    /// path, then its envelope when nested. One entry per place (<c>"type"</c> and <c>"/type"</c> are one).
    /// </summary>
    public static List<WirePath> ReadPaths(IEnumerable<ContractWire> received)
    {
        var paths = new List<WirePath>();
        foreach (var contract in received)
        {
            AddReadPath(paths, contract.KindPath);
            AddReadPath(paths, contract.EnvelopePath);
        }

        return paths;
    }

    /// <summary>What the runtime's <c>MessageFormat</c> reads when given no read paths: its discriminator, then its envelope when nested.</summary>
    public static List<WirePath> DefaultReadPaths(ClientWire client)
    {
        var paths = new List<WirePath>();
        AddReadPath(paths, client.Discriminator);
        AddReadPath(paths, client.Envelope);
        return paths;
    }

    private static void AddReadPath(List<WirePath> paths, WirePath path)
    {
        if (!path.IsRoot && !paths.Contains(path))
        {
            paths.Add(path);
        }
    }
}

/// <summary>Two properties of the request wire format with one name (TWS0031).</summary>
internal enum RequestPropertyCollision
{
    /// <summary><c>CorrelationId</c> equals <c>Discriminator</c>: a request would write the property twice.</summary>
    CorrelationIdIsDiscriminator,

    /// <summary><c>CorrelationId</c> equals <c>Envelope</c>: a request would write the property twice.</summary>
    CorrelationIdIsEnvelope,

    /// <summary><c>ErrorProperty</c> equals <c>Discriminator</c>: every reply with a discriminator would be an error reply.</summary>
    ErrorPropertyIsDiscriminator,

    /// <summary><c>ErrorProperty</c> equals <c>Envelope</c>: every reply in the envelope would be an error reply.</summary>
    ErrorPropertyIsEnvelope,

    /// <summary><c>ErrorProperty</c> equals <c>CorrelationId</c>: an error reply would need the property twice.</summary>
    ErrorPropertyIsCorrelationId,
}
