using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>Finds attribute arguments in source so diagnostics point at the argument that is wrong.</summary>
internal static class SyntaxLocations
{
    /// <summary>The named-property argument <c>Name = value</c>.</summary>
    public static AttributeArgumentSyntax? NamedArgument(AttributeSyntax? attribute, string name)
    {
        if (attribute?.ArgumentList is null)
        {
            return null;
        }

        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The constructor argument at <paramref name="index"/>, written positionally or as <c>parameterName: value</c>.</summary>
    public static AttributeArgumentSyntax? PositionalArgument(AttributeSyntax? attribute, int index, string parameterName)
    {
        if (attribute?.ArgumentList is null)
        {
            return null;
        }

        var position = 0;
        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                continue;
            }

            if (argument.NameColon is not null)
            {
                if (argument.NameColon.Name.Identifier.ValueText == parameterName)
                {
                    return argument;
                }
            }
            else if (position == index)
            {
                return argument;
            }

            position++;
        }

        return null;
    }
}
