using System;
using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// Tells the generator's own output apart from code the user wrote, so a generated member is never reported as
/// colliding with itself once the generator has run.
/// </summary>
internal static class GeneratedCode
{
    /// <summary>The tool name the generator writes in <c>[GeneratedCode]</c>.</summary>
    public const string ToolName = "TypedWebSockets.Generator";

    /// <summary>The end of every hint name the generator adds (<c>{Namespace}.{Class}.WebSocketClient.g.cs</c>).</summary>
    public const string FileSuffix = ".WebSocketClient.g.cs";

    public static bool IsGeneratedTree(SyntaxTree? tree)
        => tree is not null && tree.FilePath.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the generator declared <paramref name="member"/>.</summary>
    public static bool IsGenerated(ISymbol member, KnownTypes known)
    {
        if (known.GeneratedCodeAttribute is not null)
        {
            foreach (var attribute in member.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.GeneratedCodeAttribute)
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is ToolName)
                {
                    return true;
                }
            }
        }

        var references = member.DeclaringSyntaxReferences;
        if (references.IsEmpty)
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (!IsGeneratedTree(reference.SyntaxTree))
            {
                return false;
            }
        }

        return true;
    }
}
