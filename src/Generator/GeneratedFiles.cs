using System;
using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator;

/// <summary>
/// Tells the generator's own output apart from code the user wrote. The analyzers run on the compilation that already
/// holds the generated part of each client; its members must not count as the user's, or a generated member would
/// collide with itself.
/// </summary>
internal static class GeneratedFiles
{
    /// <summary>The end of every hint name the generator adds (<c>{Namespace}.{Class}.WebSocketClient.g.cs</c>).</summary>
    public const string Suffix = ".WebSocketClient.g.cs";

    public static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>Whether every declaration of <paramref name="symbol"/> is in a generated file (and it has one).</summary>
    public static bool IsDeclaredOnlyInGeneratedFiles(ISymbol symbol)
    {
        var references = symbol.DeclaringSyntaxReferences;
        if (references.Length == 0)
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (!IsGenerated(reference.SyntaxTree))
            {
                return false;
            }
        }

        return true;
    }
}
