using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// The naming rules of the public contract (DESIGN.md): a contract's member-name stem and default discriminator.
/// The generator must apply the same rules; they are pure functions of the type so both sides agree.
/// </summary>
internal static class ContractNaming
{
    /// <summary>
    /// The member-name stem of a contract type: its name, or for a closed generic type its name joined with its type
    /// arguments' stems (<c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>, <c>Dictionary&lt;string, int&gt;</c> →
    /// <c>DictionaryOfStringAndInt32</c>); arrays append <c>Array</c> (<c>Item[]</c> → <c>ItemArray</c>).
    /// </summary>
    public static string GetStem(ITypeSymbol type)
    {
        var builder = new StringBuilder();
        AppendStem(builder, type);
        return builder.ToString();
    }

    /// <summary>The default discriminator: the stem with its first character lowercased (<c>JoinRoom</c> → <c>joinRoom</c>).</summary>
    public static string GetDefaultDiscriminator(ITypeSymbol type) => ToCamelCase(GetStem(type));

    public static string ToCamelCase(string name)
        => name.Length == 0 || !char.IsUpper(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>Whether <paramref name="name"/> can stand as a generated member name without escaping.</summary>
    public static bool IsValidMemberName(string? name)
        => name is not null
           && SyntaxFacts.IsValidIdentifier(name)
           && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    private static void AppendStem(StringBuilder builder, ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                AppendStem(builder, array.ElementType);
                builder.Append("Array");
                break;
            case INamedTypeSymbol { IsGenericType: true, IsUnboundGenericType: false } generic:
                builder.Append(generic.Name).Append("Of");
                for (var i = 0; i < generic.TypeArguments.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append("And");
                    }

                    AppendStem(builder, generic.TypeArguments[i]);
                }

                break;
            default:
                builder.Append(type.Name.Length > 0 ? type.Name : type.MetadataName);
                break;
        }
    }
}
