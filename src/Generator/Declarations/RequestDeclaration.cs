using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Declarations;

/// <summary>
/// One <c>[Requests&lt;TRequest, TResponse&gt;]</c> or <c>[Subscribes&lt;TRequest, TItem&gt;]</c> as written, with its
/// default discriminator. For a subscription, <see cref="ResponseType"/> is the item type.
/// </summary>
internal sealed class RequestDeclaration
{
    private RequestDeclaration(AttributeData attribute, ITypeSymbol request, ITypeSymbol response, bool subscription)
    {
        Attribute = attribute;
        RequestType = request;
        ResponseType = response;
        IsSubscription = subscription;
        DefaultDiscriminator = NamingRules.ToCamelCase(NamingRules.GetTypeStem(request));
        RequestTypeDisplay = Display(request);
        ResponseTypeDisplay = Display(response);
    }

    public AttributeData Attribute { get; }

    /// <summary>Whether this is a <c>[Subscribes]</c>.</summary>
    public bool IsSubscription { get; }

    public ITypeSymbol RequestType { get; }

    /// <summary>The response type, or a subscription's item type.</summary>
    public ITypeSymbol ResponseType { get; }

    /// <summary>The request type as messages show it (<c>MyApp.GetUser</c>).</summary>
    public string RequestTypeDisplay { get; }

    /// <summary>The response type as messages show it (<c>MyApp.User</c>).</summary>
    public string ResponseTypeDisplay { get; }

    /// <summary>The attribute as messages show it (<c>Requests&lt;MyApp.GetUser, MyApp.User&gt;</c>).</summary>
    public string AttributeDisplay => $"{(IsSubscription ? "Subscribes" : "Requests")}<{RequestTypeDisplay}, {ResponseTypeDisplay}>";

    /// <summary>The generated method (<c>RequestAsync</c> or <c>SubscribeAsync</c>).</summary>
    public string MethodName => IsSubscription ? MemberCollisions.SubscribeAsyncName : MemberCollisions.RequestAsyncName;

    /// <summary>The generated method's signature as messages show it.</summary>
    public string MethodDisplay => IsSubscription
        ? $"SubscribeAsync({RequestTypeDisplay}, CancellationToken)"
        : $"RequestAsync({RequestTypeDisplay}, TimeSpan?, CancellationToken)";

    /// <summary>The discriminator argument when written with a non-null string value.</summary>
    public string? ExplicitDiscriminator { get; private set; }

    /// <summary>The discriminator argument when written as a number.</summary>
    public long? ExplicitNumber { get; private set; }

    /// <summary>The request type's stem in camelCase: the discriminator when none is written.</summary>
    public string DefaultDiscriminator { get; }

    /// <summary>The request's string discriminator on the wire (a number kind's digits for a number kind).</summary>
    public string Discriminator => ExplicitNumber is { } number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : ExplicitDiscriminator ?? DefaultDiscriminator;

    /// <summary><c>ResponseDiscriminator</c> when written with a non-null value.</summary>
    public string? ExplicitResponseDiscriminator { get; private set; }

    /// <summary>The discriminator the server writes on the response: <c>ResponseDiscriminator</c>, else the request's.</summary>
    public string ResponseDiscriminator => ExplicitResponseDiscriminator ?? Discriminator;

    public string? DiscriminatorProperty { get; private set; }

    public string? Envelope { get; private set; }

    public string? ResponseEnvelope { get; private set; }

    public string? ErrorDiscriminator { get; private set; }

    public string? ItemEnvelope { get; private set; }

    public string? ItemDiscriminator { get; private set; }

    public string? CompleteDiscriminator { get; private set; }

    public string? StopDiscriminator { get; private set; }

    /// <summary>Reads the attribute, or returns <see langword="null"/> when the compiler rejects it (the generator cannot read it: TWS0028).</summary>
    public static RequestDeclaration? Read(AttributeData attribute, bool subscription)
    {
        if (ContractTypeRules.HasCompileErrors(attribute) || attribute.AttributeClass is not { TypeArguments.Length: 2 } attributeClass)
        {
            return null;
        }

        var declaration = new RequestDeclaration(attribute, attributeClass.TypeArguments[0], attributeClass.TypeArguments[1], subscription);
        if (attribute.ConstructorArguments.Length > 0)
        {
            var value = attribute.ConstructorArguments[0].Value;
            declaration.ExplicitNumber = value as long?;
            declaration.ExplicitDiscriminator = value as string;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            var text = argument.Value.Value as string;
            switch (argument.Key)
            {
                case "ResponseDiscriminator":
                    declaration.ExplicitResponseDiscriminator = text;
                    break;
                case "DiscriminatorProperty":
                    declaration.DiscriminatorProperty = text;
                    break;
                case "Envelope":
                    declaration.Envelope = text;
                    break;
                case "ResponseEnvelope":
                    declaration.ResponseEnvelope = text;
                    break;
                case "ErrorDiscriminator":
                    declaration.ErrorDiscriminator = text;
                    break;
                case "ItemEnvelope":
                    declaration.ItemEnvelope = text;
                    break;
                case "ItemDiscriminator":
                    declaration.ItemDiscriminator = text;
                    break;
                case "CompleteDiscriminator":
                    declaration.CompleteDiscriminator = text;
                    break;
                case "StopDiscriminator":
                    declaration.StopDiscriminator = text;
                    break;
            }
        }

        return declaration;
    }

    private static string Display(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
}
