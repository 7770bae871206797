using System.Globalization;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Declarations;

/// <summary>One <c>[Sends&lt;T&gt;]</c> or <c>[Receives&lt;T&gt;]</c> as written, with its default kind and member-name stem.</summary>
internal sealed class ContractDeclaration
{
    private ContractDeclaration(AttributeData attribute, MessageDirection direction, ITypeSymbol type)
    {
        Attribute = attribute;
        Direction = direction;
        Type = type;
        DefaultStem = NamingRules.GetTypeStem(type);
    }

    public AttributeData Attribute { get; }

    public MessageDirection Direction { get; }

    public ITypeSymbol Type { get; }

    /// <summary>Whether the compiler rejects the attribute (see <see cref="ContractTypeRules.HasCompileErrors"/>).</summary>
    public bool HasCompileErrors { get; private set; }

    /// <summary>The string kind argument when written with a non-null value.</summary>
    public string? ExplicitString { get; private set; }

    /// <summary>The number kind argument when the number constructor is used.</summary>
    public long? ExplicitNumber { get; private set; }

    public bool HasExplicitKind => ExplicitString is not null || ExplicitNumber is not null;

    /// <summary><c>Name</c> when written with a non-null value.</summary>
    public string? Name { get; private set; }

    public bool HasName => Name is not null;

    /// <summary><c>DiscriminatorProperty</c> when written with a non-null value (<see langword="null"/>: the client's).</summary>
    public string? DiscriminatorProperty { get; private set; }

    /// <summary><c>Envelope</c> when written with a non-null value (<see langword="null"/>: the client's).</summary>
    public string? Envelope { get; private set; }

    /// <summary>The stem derived from the type (<c>PageOfItem</c>).</summary>
    public string DefaultStem { get; }

    /// <summary>The stem of generated member names: <see cref="Name"/> when set, else <see cref="DefaultStem"/>.</summary>
    public string Stem => Name ?? DefaultStem;

    /// <summary>The kind as text: the explicit string or number, else the default (<see cref="DefaultStem"/> in camelCase).</summary>
    public string KindText => ExplicitNumber?.ToString(CultureInfo.InvariantCulture) ?? ExplicitString ?? NamingRules.ToCamelCase(DefaultStem);

    /// <summary>The contract type as messages show it (<c>MyApp.ChatMessage</c>).</summary>
    public string TypeDisplay => Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();

    /// <summary>The attribute as messages show it (<c>Receives&lt;MyApp.ChatMessage&gt;</c>).</summary>
    public string AttributeDisplay => $"{Direction}<{TypeDisplay}>";

    /// <summary>Reads the attribute, or returns <see langword="null"/> when its type argument is missing.</summary>
    public static ContractDeclaration? Read(AttributeData attribute, MessageDirection direction)
    {
        if (attribute.AttributeClass is not { TypeArguments.Length: 1 } attributeClass)
        {
            return null;
        }

        var declaration = new ContractDeclaration(attribute, direction, attributeClass.TypeArguments[0])
        {
            HasCompileErrors = ContractTypeRules.HasCompileErrors(attribute),
        };

        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: not TypedConstantKind.Error } kind)
        {
            if (kind.Value is long number)
            {
                declaration.ExplicitNumber = number;
            }
            else
            {
                declaration.ExplicitString = kind.Value as string;
            }
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error)
            {
                continue;
            }

            switch (argument.Key)
            {
                case "Name":
                    declaration.Name = argument.Value.Value as string;
                    break;
                case "DiscriminatorProperty":
                    declaration.DiscriminatorProperty = argument.Value.Value as string;
                    break;
                case "Envelope":
                    declaration.Envelope = argument.Value.Value as string;
                    break;
            }
        }

        return declaration;
    }
}
