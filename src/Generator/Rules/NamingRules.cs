using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedWebSockets.Generator;

/// <summary>
/// How a contract is named: its member-name stem (<c>On{Stem}</c>, <c>Events.{Stem}</c>) and its default kind. The
/// generator and the analyzers name members by these rules alone.
/// </summary>
internal static class NamingRules
{
    /// <summary>
    /// The type's name, or for a constructed generic its name joined with its type arguments' stems
    /// (<c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>, <c>Dictionary&lt;string, int&gt;</c> → <c>DictionaryOfStringAndInt32</c>,
    /// <c>Item[]</c> → <c>ItemArray</c>).
    /// </summary>
    public static string GetTypeStem(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return GetTypeStem(array.ElementType) + "Array";

            case INamedTypeSymbol { TypeArguments.Length: > 0 } named:
                var stem = named.Name + "Of";
                for (var i = 0; i < named.TypeArguments.Length; i++)
                {
                    stem += (i == 0 ? string.Empty : "And") + GetTypeStem(named.TypeArguments[i]);
                }

                return stem;

            default:
                return type.Name;
        }
    }

    /// <summary>The first character in lower case (invariant culture): <c>ChatMessage</c> → <c>chatMessage</c>.</summary>
    public static string ToCamelCase(string name)
        => name.Length == 0 || !char.IsUpper(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>A <c>Name</c> the generated members can carry: a C# identifier that is not a keyword (TWS0021).</summary>
    public static bool IsValidMemberName(string? name)
        => name is not null && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>Null, empty or whitespace: no name a wire format can use (TWS0019).</summary>
    public static bool IsBlank(string? value) => value is null || value.Trim().Length == 0;
}
