using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedWebSockets.Generator.Declarations;

/// <summary>One <c>[SendsProperty(name, value)]</c> as written.</summary>
internal sealed class SentPropertyDeclaration
{
    private SentPropertyDeclaration(AttributeData attribute, string? name, object? value)
    {
        Attribute = attribute;
        Name = name;
        Value = value;
    }

    public AttributeData Attribute { get; }

    /// <summary>The property name (<see langword="null"/> when written as null).</summary>
    public string? Name { get; }

    /// <summary>The value: a <see cref="string"/>, a <see cref="long"/>, a <see cref="bool"/>, or <see langword="null"/>.</summary>
    public object? Value { get; }

    /// <summary>The value as C# source for <c>new MessageProperty(name, value)</c>.</summary>
    public string ValueLiteral => Value switch
    {
        null => "(string?)null",
        string text => SymbolDisplay.FormatLiteral(text, quote: true),
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture) + "L",
        _ => "(string?)null",
    };

    /// <summary>The attribute as messages show it (<c>SendsProperty("jsonrpc", "2.0")</c>).</summary>
    public string AttributeDisplay => $"SendsProperty({(Name is null ? "null" : SymbolDisplay.FormatLiteral(Name, quote: true))}, {ValueLiteral.Replace("(string?)", string.Empty).TrimEnd('L')})";

    /// <summary>Reads the attribute, or returns <see langword="null"/> when the compiler rejects it.</summary>
    public static SentPropertyDeclaration? Read(AttributeData attribute)
    {
        if (ContractTypeRules.HasCompileErrors(attribute) || attribute.ConstructorArguments.Length != 2)
        {
            return null;
        }

        return new SentPropertyDeclaration(attribute, attribute.ConstructorArguments[0].Value as string, attribute.ConstructorArguments[1].Value);
    }
}
