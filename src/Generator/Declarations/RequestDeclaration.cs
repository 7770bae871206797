using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Declarations;

/// <summary>One <c>[Requests&lt;TRequest, TResponse&gt;]</c> as written, with its default discriminator.</summary>
internal sealed class RequestDeclaration
{
    private RequestDeclaration(AttributeData attribute, ITypeSymbol request, ITypeSymbol response, string? explicitDiscriminator, string? responseDiscriminator)
    {
        Attribute = attribute;
        RequestType = request;
        ResponseType = response;
        ExplicitDiscriminator = explicitDiscriminator;
        ExplicitResponseDiscriminator = responseDiscriminator;
        DefaultDiscriminator = NamingRules.ToCamelCase(NamingRules.GetTypeStem(request));
        RequestTypeDisplay = Display(request);
        ResponseTypeDisplay = Display(response);
    }

    public AttributeData Attribute { get; }

    public ITypeSymbol RequestType { get; }

    public ITypeSymbol ResponseType { get; }

    /// <summary>The request type as messages show it (<c>MyApp.GetUser</c>).</summary>
    public string RequestTypeDisplay { get; }

    /// <summary>The response type as messages show it (<c>MyApp.User</c>).</summary>
    public string ResponseTypeDisplay { get; }

    /// <summary>The attribute as messages show it (<c>Requests&lt;MyApp.GetUser, MyApp.User&gt;</c>).</summary>
    public string AttributeDisplay => $"Requests<{RequestTypeDisplay}, {ResponseTypeDisplay}>";

    /// <summary>The discriminator argument when written with a non-null value.</summary>
    public string? ExplicitDiscriminator { get; }

    /// <summary>The request type's stem in camelCase: the discriminator when none is written.</summary>
    public string DefaultDiscriminator { get; }

    /// <summary>The request's discriminator on the wire.</summary>
    public string Discriminator => ExplicitDiscriminator ?? DefaultDiscriminator;

    /// <summary><c>ResponseDiscriminator</c> when written with a non-null value.</summary>
    public string? ExplicitResponseDiscriminator { get; }

    /// <summary>The discriminator the server writes on the response: <c>ResponseDiscriminator</c>, else the request's.</summary>
    public string ResponseDiscriminator => ExplicitResponseDiscriminator ?? Discriminator;

    /// <summary>Reads the attribute, or returns <see langword="null"/> when the compiler rejects it (the generator cannot read it: TWS0028).</summary>
    public static RequestDeclaration? Read(AttributeData attribute)
    {
        if (ContractTypeRules.HasCompileErrors(attribute) || attribute.AttributeClass is not { TypeArguments.Length: 2 } attributeClass)
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

        return new RequestDeclaration(attribute, attributeClass.TypeArguments[0], attributeClass.TypeArguments[1], explicitDiscriminator, responseDiscriminator);
    }

    private static string Display(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
}
