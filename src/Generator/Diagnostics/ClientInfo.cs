using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedWebSockets.Generator.Declarations;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// A <c>[WebSocketClient]</c> class as the analyzers see it: the attributes the parser reads
/// (<see cref="ClientAttributes"/>), their paths resolved by the parser's rules, and where each stands in source.
/// </summary>
internal sealed class ClientInfo
{
    private ClientInfo(
        INamedTypeSymbol symbol,
        ClientAttributes attributes,
        WebSocketClientDeclaration declaration,
        AttributeSyntax? syntax,
        ClientWireProblem wireProblem,
        ClientWire? wire,
        ImmutableArray<ContractInfo> contracts,
        ImmutableArray<RequestInfo> requests,
        ImmutableArray<SentPropertyInfo> sentProperties)
    {
        Symbol = symbol;
        Attributes = attributes;
        Declaration = declaration;
        Syntax = syntax;
        WireProblem = wireProblem;
        Wire = wire;
        Contracts = contracts;
        Requests = requests;
        SentProperties = sentProperties;
    }

    public INamedTypeSymbol Symbol { get; }

    public ClientAttributes Attributes { get; }

    public WebSocketClientDeclaration Declaration { get; }

    /// <summary>The client's name as messages show it (<c>MyApp.ChatClient</c>).</summary>
    public string DisplayName => Symbol.ToDisplayString();

    public AttributeData Attribute => Declaration.Attribute;

    public AttributeSyntax? Syntax { get; }

    /// <summary>The <c>[WebSocketClient]</c> attribute in source (or the class when the syntax is unavailable).</summary>
    public Location Location => Syntax?.GetLocation() ?? Symbol.Locations[0];

    /// <summary>Where the kind lives (<c>"type"</c> unless set; <see langword="null"/> only if set to null).</summary>
    public string? DiscriminatorProperty => Declaration.Discriminator;

    /// <summary>The envelope as written, or <see langword="null"/>.</summary>
    public string? Envelope => Declaration.Envelope;

    /// <summary><c>CorrelationId</c> as written (<c>"id"</c> when absent); <see langword="null"/> when set to null.</summary>
    public string? CorrelationId => Declaration.CorrelationId;

    /// <summary><c>ErrorProperty</c> as written (<c>"error"</c> when absent); <see langword="null"/> when set to null.</summary>
    public string? ErrorProperty => Declaration.ErrorProperty;

    /// <summary>What <see cref="WireRules.ReadClient"/> found wrong with the client's paths.</summary>
    public ClientWireProblem WireProblem { get; }

    /// <summary>The client's paths, parsed; <see langword="null"/> when one of them is not usable.</summary>
    public ClientWire? Wire { get; }

    /// <summary>Whether a non-null <c>JsonContext</c> is set.</summary>
    public bool HasJsonContext => Declaration.JsonContext is not null;

    public ITypeSymbol? JsonContext => Declaration.JsonContext;

    /// <summary>The contracts the compiler accepts, in declaration order.</summary>
    public ImmutableArray<ContractInfo> Contracts { get; }

    /// <summary>The <c>[Requests]</c> the compiler accepts (types and arguments resolved), in declaration order.</summary>
    public ImmutableArray<RequestInfo> Requests { get; }

    /// <summary>The <c>[SendsProperty]</c> the compiler accepts, in declaration order.</summary>
    public ImmutableArray<SentPropertyInfo> SentProperties { get; }

    /// <summary>How many <c>[Sends]</c>/<c>[Receives]</c>/<c>[Requests]</c> attributes the class has, resolved or not.</summary>
    public int ContractAttributeCount => Attributes.ContractAttributeCount;

    /// <summary>Whether <c>[Requests]</c> attributes are written, readable or not (the correlation id then travels).</summary>
    public bool HasRequests => Attributes.Requests.Count > 0 || Attributes.InvalidRequests.Count > 0;

    public Location NamedArgumentLocation(string name)
        => SyntaxLocations.NamedArgument(Syntax, name)?.GetLocation() ?? Location;

    /// <summary>Reads the client, or returns <see langword="null"/> when <paramref name="symbol"/> has no <c>[WebSocketClient]</c>.</summary>
    public static ClientInfo? TryCreate(INamedTypeSymbol symbol, KnownTypes known, CancellationToken cancellationToken)
    {
        var attributes = ClientAttributes.Read(symbol, known);
        if (attributes.Client is not { } declaration)
        {
            return null;
        }

        var wireProblem = WireRules.ReadClient(declaration, out var wire, out _, out _);
        var contracts = ImmutableArray.CreateBuilder<ContractInfo>();
        foreach (var contract in attributes.Contracts)
        {
            if (!contract.HasCompileErrors)
            {
                contracts.Add(new ContractInfo(contract, wire, SyntaxOf(contract.Attribute, cancellationToken)));
            }
        }

        var requests = ImmutableArray.CreateBuilder<RequestInfo>();
        foreach (var request in attributes.Requests)
        {
            requests.Add(new RequestInfo(request, SyntaxOf(request.Attribute, cancellationToken)));
        }

        var sentProperties = ImmutableArray.CreateBuilder<SentPropertyInfo>();
        foreach (var property in attributes.SentProperties)
        {
            sentProperties.Add(new SentPropertyInfo(property, SyntaxOf(property.Attribute, cancellationToken)));
        }

        return new ClientInfo(
            symbol,
            attributes,
            declaration,
            SyntaxOf(declaration.Attribute, cancellationToken),
            wireProblem,
            wire,
            contracts.ToImmutable(),
            requests.ToImmutable(),
            sentProperties.ToImmutable());
    }

    private static AttributeSyntax? SyntaxOf(AttributeData attribute, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
}

/// <summary>One <c>[Sends&lt;T&gt;]</c> or <c>[Receives&lt;T&gt;]</c> of a client, with its kind and paths resolved.</summary>
internal sealed class ContractInfo
{
    // The client's defaults stand in for client paths that are not usable (reported on the client): the contract's own
    // kind and paths are still checked, and compared with the others'.
    private static readonly ClientWire s_defaultWire = new(
        WirePath.TryParse(WebSocketClientDeclaration.DefaultDiscriminator, out _)!,
        WirePath.Root,
        WirePath.TryParse(WebSocketClientDeclaration.DefaultCorrelationId, out _)!,
        WirePath.TryParse(WebSocketClientDeclaration.DefaultErrorProperty, out _)!,
        WirePath.TryParse(WebSocketClientDeclaration.DefaultCorrelationId, out _)!,
        WirePath.Root);

    public ContractInfo(ContractDeclaration declaration, ClientWire? client, AttributeSyntax? syntax)
    {
        Declaration = declaration;
        Syntax = syntax;
        Location = syntax?.GetLocation() ?? Location.None;
        WireProblem = WireRules.ResolveContract(declaration, client ?? s_defaultWire, out var wire, out var warnings, out var property, out var detail);
        ResolvedWire = wire;
        Wire = WireProblem == ContractWireProblem.None ? wire : null;
        WireWarnings = warnings;
        WireProperty = property;
        WireDetail = detail;
    }

    public ContractDeclaration Declaration { get; }

    public MessageDirection Direction => Declaration.Direction;

    public ITypeSymbol Type => Declaration.Type;

    /// <summary>The contract type as messages show it (<c>MyApp.ChatMessage</c>).</summary>
    public string TypeDisplay => Declaration.TypeDisplay;

    /// <summary>The attribute as messages show it (<c>Receives&lt;MyApp.ChatMessage&gt;</c>).</summary>
    public string AttributeDisplay => Declaration.AttributeDisplay;

    public AttributeSyntax? Syntax { get; }

    /// <summary>The attribute in source.</summary>
    public Location Location { get; }

    /// <summary>Whether the kind argument is written with a non-null value (string or number).</summary>
    public bool HasExplicitDiscriminator => Declaration.HasExplicitKind;

    /// <summary>The string kind argument, when written.</summary>
    public string? ExplicitDiscriminator => Declaration.ExplicitString;

    /// <summary>The kind as text: the explicit one or the default (<see cref="DefaultStem"/> in camelCase).</summary>
    public string Discriminator => Declaration.KindText;

    /// <summary>Whether the named property <c>Name</c> is set.</summary>
    public bool HasName => Declaration.HasName;

    public string? Name => Declaration.Name;

    /// <summary>The stem derived from the type (<c>PageOfItem</c>).</summary>
    public string DefaultStem => Declaration.DefaultStem;

    /// <summary>The stem of generated member names: <see cref="Name"/> when set, else <see cref="DefaultStem"/>.</summary>
    public string Stem => Declaration.Stem;

    /// <summary>What <see cref="WireRules.ResolveContract"/> found wrong.</summary>
    public ContractWireProblem WireProblem { get; }

    /// <summary>The contract's kind and paths, resolved; <see langword="null"/> when they are not usable.</summary>
    public ContractWire? Wire { get; }

    /// <summary>The contract's kind and paths even when they overlap (<see cref="ContractWireProblem.EnvelopeOverlapsKind"/>), for the report.</summary>
    public ContractWire? ResolvedWire { get; }

    public ContractWireWarnings WireWarnings { get; }

    /// <summary>The argument <see cref="WireProblem"/> is about: <c>discriminator</c>, <c>DiscriminatorProperty</c> or <c>Envelope</c>.</summary>
    public string? WireProperty { get; }

    public string? WireDetail { get; }

    /// <summary>The kind argument in source, or the attribute when it is not written.</summary>
    public Location DiscriminatorLocation
        => SyntaxLocations.PositionalArgument(Syntax, 0, "discriminator")?.GetLocation() ?? Location;

    /// <summary>The <c>Name = ...</c> argument in source, or the attribute.</summary>
    public Location NameLocation => NamedArgumentLocation("Name");

    /// <summary>A named argument in source (<c>DiscriminatorProperty = ...</c>), or the attribute.</summary>
    public Location NamedArgumentLocation(string name) => SyntaxLocations.NamedArgument(Syntax, name)?.GetLocation() ?? Location;

    /// <summary>Where the argument <paramref name="property"/> (as <see cref="WireProperty"/> names it) is written.</summary>
    public Location ArgumentLocation(string? property)
        => property is null or "discriminator" ? DiscriminatorLocation : NamedArgumentLocation(property);
}

/// <summary>One <c>[Requests&lt;TRequest, TResponse&gt;]</c> of a client.</summary>
internal sealed class RequestInfo
{
    public RequestInfo(RequestDeclaration declaration, AttributeSyntax? syntax)
    {
        Declaration = declaration;
        Syntax = syntax;
        Location = syntax?.GetLocation() ?? Location.None;
    }

    public RequestDeclaration Declaration { get; }

    public ITypeSymbol RequestType => Declaration.RequestType;

    public ITypeSymbol ResponseType => Declaration.ResponseType;

    public string RequestTypeDisplay => Declaration.RequestTypeDisplay;

    public string ResponseTypeDisplay => Declaration.ResponseTypeDisplay;

    public string AttributeDisplay => Declaration.AttributeDisplay;

    public AttributeSyntax? Syntax { get; }

    /// <summary>The attribute in source.</summary>
    public Location Location { get; }

    public string? ExplicitDiscriminator => Declaration.ExplicitDiscriminator;

    public string DefaultDiscriminator => Declaration.DefaultDiscriminator;

    public string Discriminator => Declaration.Discriminator;

    /// <summary>The kind replies carry: <c>ResponseDiscriminator</c> (a subscription's <c>ItemDiscriminator</c>), else the request's.</summary>
    public string ResponseDiscriminator => Declaration.IsSubscription ? Declaration.ItemDiscriminator ?? Declaration.Discriminator : Declaration.ResponseDiscriminator;

    /// <summary>The <c>ResponseDiscriminator = ...</c> (<c>ItemDiscriminator = ...</c>) argument in source, or the attribute.</summary>
    public Location ResponseDiscriminatorLocation
        => SyntaxLocations.NamedArgument(Syntax, Declaration.IsSubscription ? "ItemDiscriminator" : "ResponseDiscriminator")?.GetLocation() ?? Location;
}

/// <summary>One <c>[SendsProperty(name, value)]</c> of a client.</summary>
internal sealed class SentPropertyInfo
{
    public SentPropertyInfo(SentPropertyDeclaration declaration, AttributeSyntax? syntax)
    {
        Declaration = declaration;
        Syntax = syntax;
        Location = syntax?.GetLocation() ?? Location.None;
    }

    public SentPropertyDeclaration Declaration { get; }

    public AttributeSyntax? Syntax { get; }

    public Location Location { get; }

    /// <summary>The name argument in source, or the attribute.</summary>
    public Location NameLocation => SyntaxLocations.PositionalArgument(Syntax, 0, "name")?.GetLocation() ?? Location;

    /// <summary>The value argument in source, or the attribute.</summary>
    public Location ValueLocation => SyntaxLocations.PositionalArgument(Syntax, 1, "value")?.GetLocation() ?? Location;
}
