using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Declarations;

/// <summary>
/// The named arguments of one <c>[WebSocketClient]</c>, as written, with the defaults the attribute declares for those
/// left out. The one reader of the attribute: the parser validates these values and the analyzers report on them.
/// </summary>
internal sealed class WebSocketClientDeclaration
{
    /// <summary><c>Discriminator</c>'s default.</summary>
    public const string DefaultDiscriminator = "type";

    /// <summary><c>CorrelationId</c>'s default.</summary>
    public const string DefaultCorrelationId = "id";

    /// <summary><c>ErrorProperty</c>'s default.</summary>
    public const string DefaultErrorProperty = "error";

    /// <summary><c>PropertyNamingPolicy</c>'s default, <c>JsonKnownNamingPolicy.CamelCase</c> (as <c>JsonSerializerOptions.Web</c>).</summary>
    public const int DefaultNamingPolicy = 1;

    /// <summary><c>NumberHandling</c>'s default, <c>JsonNumberHandling.AllowReadingFromString</c> (as <c>JsonSerializerOptions.Web</c>).</summary>
    public const int DefaultNumberHandling = 1;

    private WebSocketClientDeclaration(AttributeData attribute)
    {
        Attribute = attribute;
    }

    public AttributeData Attribute { get; }

    /// <summary>Whether the compiler rejects the attribute (an argument that does not bind).</summary>
    public bool HasCompileErrors { get; private set; }

    /// <summary>Where the kind lives, as written (<c>"type"</c> when absent; <see langword="null"/> only if set to null).</summary>
    public string? Discriminator { get; private set; } = DefaultDiscriminator;

    /// <summary>Where the payload lives, as written; <see langword="null"/> (and <c>""</c>) for the flat format.</summary>
    public string? Envelope { get; private set; }

    /// <summary>The <c>JsonContext</c> argument's value: a type, or <see langword="null"/> when absent or null.</summary>
    public ITypeSymbol? JsonContext { get; private set; }

    /// <summary>Whether <c>JsonContext</c> is written with a value that is not a type (the compiler reports it).</summary>
    public bool JsonContextIsNotAType { get; private set; }

    public string? CorrelationId { get; private set; } = DefaultCorrelationId;

    public string? ErrorProperty { get; private set; } = DefaultErrorProperty;

    /// <summary><c>ReplyCorrelationId</c> as written; <see langword="null"/>: <see cref="CorrelationId"/>.</summary>
    public string? ReplyCorrelationId { get; private set; }

    /// <summary><c>ResponseEnvelope</c> as written; <see langword="null"/>: <see cref="Envelope"/>.</summary>
    public string? ResponseEnvelope { get; private set; }

    /// <summary>The <c>CorrelationIdFormat</c> value (0 Number, 1 String).</summary>
    public int CorrelationIdFormat { get; private set; }

    public bool Batches { get; private set; }

    /// <summary>The <c>PlainTextMessages</c>, in order (an entry may be null); empty when absent.</summary>
    public ImmutableArray<string?> PlainTextMessages { get; private set; } = [];

    /// <summary>The <c>PropertyNamingPolicy</c> value (<c>JsonKnownNamingPolicy</c> as a number).</summary>
    public int NamingPolicy { get; private set; } = DefaultNamingPolicy;

    public bool IsNamingPolicySet { get; private set; }

    /// <summary>The <c>NumberHandling</c> value (<c>JsonNumberHandling</c> flags as a number).</summary>
    public int NumberHandling { get; private set; } = DefaultNumberHandling;

    public bool IsNumberHandlingSet { get; private set; }

    public static WebSocketClientDeclaration Read(AttributeData attribute)
    {
        var declaration = new WebSocketClientDeclaration(attribute) { HasCompileErrors = ContractTypeRules.HasCompileErrors(attribute) };
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                continue;
            }

            switch (argument.Key)
            {
                case "Discriminator":
                    declaration.Discriminator = value.Value as string;
                    break;
                case "Envelope":
                    declaration.Envelope = value.Value as string;
                    break;
                case "JsonContext":
                    declaration.JsonContext = value.Value as ITypeSymbol;
                    declaration.JsonContextIsNotAType = value.Value is not null and not ITypeSymbol;
                    break;
                case "CorrelationId":
                    declaration.CorrelationId = value.Value as string;
                    break;
                case "ErrorProperty":
                    declaration.ErrorProperty = value.Value as string;
                    break;
                case "ReplyCorrelationId":
                    declaration.ReplyCorrelationId = value.Value as string;
                    break;
                case "ResponseEnvelope":
                    declaration.ResponseEnvelope = value.Value as string;
                    break;
                case "CorrelationIdFormat" when value.Value is int idFormat:
                    declaration.CorrelationIdFormat = idFormat;
                    break;
                case "Batches":
                    declaration.Batches = value.Value is true;
                    break;
                case "PlainTextMessages":
                    var texts = ImmutableArray.CreateBuilder<string?>();
                    if (value.Kind == TypedConstantKind.Array && !value.IsNull)
                    {
                        foreach (var text in value.Values)
                        {
                            texts.Add(text.Value as string);
                        }
                    }

                    declaration.PlainTextMessages = texts.ToImmutable();
                    break;
                case "PropertyNamingPolicy" when value.Value is int naming:
                    declaration.NamingPolicy = naming;
                    declaration.IsNamingPolicySet = true;
                    break;
                case "NumberHandling" when value.Value is int numbers:
                    declaration.NumberHandling = numbers;
                    declaration.IsNumberHandlingSet = true;
                    break;
            }
        }

        return declaration;
    }
}
