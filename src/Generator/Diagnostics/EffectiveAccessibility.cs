using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>Effective accessibility: the narrowest accessibility along a type's containing types and type arguments.</summary>
internal static class EffectiveAccessibility
{
    public static Accessibility Of(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Of(array.ElementType);
            case IPointerTypeSymbol pointer:
                return Of(pointer.PointedAtType);
            case ITypeParameterSymbol:
                return Accessibility.Public;
        }

        var result = Accessibility.Public;
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = current.ContainingType)
        {
            result = Narrowest(result, named.DeclaredAccessibility);
            foreach (var argument in named.TypeArguments)
            {
                result = Narrowest(result, Of(argument));
            }
        }

        return result;
    }

    /// <summary>Orders accessibilities by how widely they can be seen (protected and internal are treated as equal).</summary>
    public static int Rank(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => 4,
        Accessibility.ProtectedOrInternal => 3,
        Accessibility.Internal => 2,
        Accessibility.Protected => 2,
        Accessibility.ProtectedAndInternal => 1,
        Accessibility.NotApplicable => 4,
        _ => 0,
    };

    public static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Private => "private",
        _ => "public",
    };

    private static Accessibility Narrowest(Accessibility left, Accessibility right)
        => Rank(right) < Rank(left) ? right : left;
}
