using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>Which attribute declared a contract.</summary>
internal enum ContractDirection
{
    Sends,
    Receives,
}

/// <summary>A <c>[WebSocketClient]</c> class as the analyzers see it: its attribute, format and contracts, with source locations.</summary>
internal sealed class ClientInfo
{
    private ClientInfo(
        INamedTypeSymbol symbol,
        AttributeData attribute,
        AttributeSyntax? syntax,
        string? discriminatorProperty,
        string? envelope,
        bool hasJsonContext,
        ITypeSymbol? jsonContext,
        ImmutableArray<ContractInfo> contracts,
        ImmutableArray<RequestInfo> requests,
        int contractAttributeCount)
    {
        Symbol = symbol;
        Attribute = attribute;
        Syntax = syntax;
        DiscriminatorProperty = discriminatorProperty;
        Envelope = envelope;
        HasJsonContext = hasJsonContext;
        JsonContext = jsonContext;
        Contracts = contracts;
        Requests = requests;
        ContractAttributeCount = contractAttributeCount;
    }

    public INamedTypeSymbol Symbol { get; }

    /// <summary><c>CorrelationId</c> as written (<c>"id"</c> when absent); <see langword="null"/> when set to null.</summary>
    public string? CorrelationId { get; private init; } = "id";

    /// <summary><c>ErrorProperty</c> as written (<c>"error"</c> when absent); <see langword="null"/> when set to null.</summary>
    public string? ErrorProperty { get; private init; } = "error";

    /// <summary>The client's name as messages show it (<c>MyApp.ChatClient</c>).</summary>
    public string DisplayName => Symbol.ToDisplayString();

    public AttributeData Attribute { get; }

    public AttributeSyntax? Syntax { get; }

    /// <summary>The <c>[WebSocketClient]</c> attribute in source (or the class when the syntax is unavailable).</summary>
    public Location Location => Syntax?.GetLocation() ?? Symbol.Locations[0];

    /// <summary>The JSON property naming the message kind (<c>"type"</c> unless set; <see langword="null"/> only if set to null).</summary>
    public string? DiscriminatorProperty { get; }

    /// <summary>The envelope property, or <see langword="null"/> for the flat format.</summary>
    public string? Envelope { get; }

    public bool IsFlat => Envelope is null;

    /// <summary>Whether a non-null <c>JsonContext</c> is set.</summary>
    public bool HasJsonContext { get; }

    public ITypeSymbol? JsonContext { get; }

    /// <summary>The well-formed contracts (their type resolved), in declaration order.</summary>
    public ImmutableArray<ContractInfo> Contracts { get; }

    /// <summary>The <c>[Requests]</c> the compiler accepts (types and arguments resolved), in declaration order.</summary>
    public ImmutableArray<RequestInfo> Requests { get; }

    /// <summary>How many <c>[Sends]</c>/<c>[Receives]</c>/<c>[Requests]</c> attributes the class has, resolved or not.</summary>
    public int ContractAttributeCount { get; }

    public bool HasReceives
    {
        get
        {
            foreach (var contract in Contracts)
            {
                if (contract.Direction == ContractDirection.Receives)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public Location NamedArgumentLocation(string name)
        => SyntaxLocations.NamedArgument(Syntax, name)?.GetLocation() ?? Location;

    /// <summary>Reads the client, or returns <see langword="null"/> when <paramref name="symbol"/> has no <c>[WebSocketClient]</c>.</summary>
    public static ClientInfo? TryCreate(INamedTypeSymbol symbol, KnownTypes known, CancellationToken cancellationToken)
    {
        AttributeData? clientAttribute = null;
        var contracts = ImmutableArray.CreateBuilder<ContractInfo>();
        var requests = ImmutableArray.CreateBuilder<RequestInfo>();
        var contractAttributes = 0;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.WebSocketClientAttribute))
            {
                clientAttribute ??= attribute;
            }
            else if (known.IsContractAttribute(attribute.AttributeClass, out var direction))
            {
                contractAttributes++;
                if (ContractInfo.TryCreate(attribute, direction, cancellationToken) is { } contract)
                {
                    contracts.Add(contract);
                }
            }
            else if (known.IsRequestsAttribute(attribute.AttributeClass))
            {
                // [Requests] generates RequestAsync: the client is not empty (TWS0023).
                contractAttributes++;
                if (RequestInfo.TryCreate(attribute, cancellationToken) is { } request)
                {
                    requests.Add(request);
                }
            }
        }

        if (clientAttribute is null)
        {
            return null;
        }

        string? discriminatorProperty = "type";
        string? envelope = null;
        ITypeSymbol? jsonContext = null;
        var hasJsonContext = false;
        string? correlationId = "id";
        string? errorProperty = "error";
        foreach (var argument in clientAttribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error)
            {
                continue;
            }

            switch (argument.Key)
            {
                case "Discriminator":
                    discriminatorProperty = argument.Value.Value as string;
                    break;
                case "Envelope":
                    envelope = argument.Value.Value as string;
                    break;
                case "CorrelationId":
                    correlationId = argument.Value.Value as string;
                    break;
                case "ErrorProperty":
                    errorProperty = argument.Value.Value as string;
                    break;
                case "JsonContext":
                    jsonContext = argument.Value.Value as ITypeSymbol;
                    hasJsonContext = jsonContext is not null;
                    break;
            }
        }

        var syntax = clientAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        return new ClientInfo(symbol, clientAttribute, syntax, discriminatorProperty, envelope, hasJsonContext, jsonContext, contracts.ToImmutable(), requests.ToImmutable(), contractAttributes)
        {
            CorrelationId = correlationId,
            ErrorProperty = errorProperty,
        };
    }
}

/// <summary>One <c>[Sends&lt;T&gt;]</c> or <c>[Receives&lt;T&gt;]</c> of a client.</summary>
internal sealed class ContractInfo
{
    private ContractInfo(ContractDirection direction, ITypeSymbol type, AttributeSyntax? syntax, Location location, bool hasExplicitDiscriminator, string? explicitDiscriminator, bool hasName, string? name)
    {
        Direction = direction;
        Type = type;
        Syntax = syntax;
        Location = location;
        HasExplicitDiscriminator = hasExplicitDiscriminator;
        ExplicitDiscriminator = explicitDiscriminator;
        HasName = hasName;
        Name = name;
        DefaultStem = ContractNaming.GetStem(type);
        Discriminator = explicitDiscriminator ?? ContractNaming.ToCamelCase(DefaultStem);
    }

    public ContractDirection Direction { get; }

    public ITypeSymbol Type { get; }

    /// <summary>The contract type as messages show it (<c>MyApp.ChatMessage</c>).</summary>
    public string TypeDisplay => Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();

    /// <summary>The attribute as messages show it (<c>Receives&lt;MyApp.ChatMessage&gt;</c>).</summary>
    public string AttributeDisplay => $"{Direction}<{TypeDisplay}>";

    public AttributeSyntax? Syntax { get; }

    /// <summary>The attribute in source.</summary>
    public Location Location { get; }

    /// <summary>Whether the discriminator argument is written with a non-null value.</summary>
    public bool HasExplicitDiscriminator { get; }

    public string? ExplicitDiscriminator { get; }

    /// <summary>The discriminator on the wire: the explicit one or the default (<see cref="DefaultStem"/> in camelCase).</summary>
    public string Discriminator { get; }

    /// <summary>Whether the named property <c>Name</c> is set.</summary>
    public bool HasName { get; }

    public string? Name { get; }

    /// <summary>The stem derived from the type (<c>PageOfItem</c>).</summary>
    public string DefaultStem { get; }

    /// <summary>The stem of generated member names: <see cref="Name"/> when set, else <see cref="DefaultStem"/>.</summary>
    public string Stem => HasName && Name is not null ? Name : DefaultStem;

    /// <summary>The discriminator argument in source, or the attribute when it is not written.</summary>
    public Location DiscriminatorLocation
        => SyntaxLocations.PositionalArgument(Syntax, 0, "discriminator")?.GetLocation() ?? Location;

    /// <summary>The <c>Name = ...</c> argument in source, or the attribute.</summary>
    public Location NameLocation => SyntaxLocations.NamedArgument(Syntax, "Name")?.GetLocation() ?? Location;

    public static ContractInfo? TryCreate(AttributeData attribute, ContractDirection direction, CancellationToken cancellationToken)
    {
        if (attribute.AttributeClass is not { TypeArguments.Length: 1 } attributeClass
            || attributeClass.TypeArguments[0] is not { } type
            || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        var hasExplicitDiscriminator = false;
        string? explicitDiscriminator = null;
        if (attribute.ConstructorArguments.Length == 1)
        {
            var argument = attribute.ConstructorArguments[0];
            if (argument.Kind == TypedConstantKind.Error)
            {
                return null;
            }

            explicitDiscriminator = argument.Value as string;
            hasExplicitDiscriminator = explicitDiscriminator is not null;
        }

        var hasName = false;
        string? name = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Name" && argument.Value.Kind != TypedConstantKind.Error)
            {
                name = argument.Value.Value as string;
                hasName = name is not null;
            }
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var location = syntax?.GetLocation() ?? Location.None;
        return new ContractInfo(direction, type, syntax, location, hasExplicitDiscriminator, explicitDiscriminator, hasName, name);
    }
}

/// <summary>One <c>[Requests&lt;TRequest, TResponse&gt;]</c> of a client.</summary>
internal sealed class RequestInfo
{
    private RequestInfo(ITypeSymbol requestType, ITypeSymbol responseType, AttributeSyntax? syntax, Location location, string? explicitDiscriminator, string? responseDiscriminator)
    {
        RequestType = requestType;
        ResponseType = responseType;
        Syntax = syntax;
        Location = location;
        ExplicitDiscriminator = explicitDiscriminator;
        ExplicitResponseDiscriminator = responseDiscriminator;
        DefaultDiscriminator = ContractNaming.GetDefaultDiscriminator(requestType);
        Discriminator = explicitDiscriminator ?? DefaultDiscriminator;
        RequestTypeDisplay = Display(requestType);
        ResponseTypeDisplay = Display(responseType);
    }

    public ITypeSymbol RequestType { get; }

    public ITypeSymbol ResponseType { get; }

    /// <summary>The request type as messages show it (<c>MyApp.GetUser</c>).</summary>
    public string RequestTypeDisplay { get; }

    /// <summary>The response type as messages show it (<c>MyApp.User</c>).</summary>
    public string ResponseTypeDisplay { get; }

    /// <summary>The attribute as messages show it (<c>Requests&lt;MyApp.GetUser, MyApp.User&gt;</c>).</summary>
    public string AttributeDisplay => $"Requests<{RequestTypeDisplay}, {ResponseTypeDisplay}>";

    public AttributeSyntax? Syntax { get; }

    /// <summary>The attribute in source.</summary>
    public Location Location { get; }

    /// <summary>The discriminator argument when written with a non-null value.</summary>
    public string? ExplicitDiscriminator { get; }

    /// <summary>The request type's stem in camelCase: the discriminator when none is written.</summary>
    public string DefaultDiscriminator { get; }

    /// <summary>The request's discriminator on the wire.</summary>
    public string Discriminator { get; }

    /// <summary><c>ResponseDiscriminator</c> when written with a non-null value.</summary>
    public string? ExplicitResponseDiscriminator { get; }

    /// <summary>The discriminator the server writes on the response: <c>ResponseDiscriminator</c>, else the request's.</summary>
    public string ResponseDiscriminator => ExplicitResponseDiscriminator ?? Discriminator;

    /// <summary>The <c>ResponseDiscriminator = ...</c> argument in source, or the attribute.</summary>
    public Location ResponseDiscriminatorLocation
        => SyntaxLocations.NamedArgument(Syntax, "ResponseDiscriminator")?.GetLocation() ?? Location;

    /// <summary>Reads the attribute, or returns <see langword="null"/> when the compiler rejects it (the generator cannot read it either: TWS0028).</summary>
    public static RequestInfo? TryCreate(AttributeData attribute, CancellationToken cancellationToken)
    {
        if (WebSocketClientGenerator.Parser.HasCompileErrors(attribute) || attribute.AttributeClass is not { TypeArguments.Length: 2 } attributeClass)
        {
            return null;
        }

        var explicitDiscriminator = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
        string? responseDiscriminator = null;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "ResponseDiscriminator")
            {
                responseDiscriminator = argument.Value.Value as string;
            }
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        return new RequestInfo(
            attributeClass.TypeArguments[0],
            attributeClass.TypeArguments[1],
            syntax,
            syntax?.GetLocation() ?? Location.None,
            explicitDiscriminator,
            responseDiscriminator);
    }

    private static string Display(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
}
