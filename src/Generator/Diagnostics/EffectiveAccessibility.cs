using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// Describes a type's effective accessibility for messages: its narrowest restriction along its containing types and
/// type arguments. Whether a contract may be exposed is decided by <see cref="AccessibilityDomain"/>, not by this.
/// </summary>
internal static class EffectiveAccessibility
{
    /// <summary>The narrowest restriction and the type whose scope it refers to (for private and protected ones).</summary>
    public static (Accessibility Accessibility, INamedTypeSymbol? Scope) Narrowest(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Narrowest(array.ElementType);
            case IPointerTypeSymbol pointer:
                return Narrowest(pointer.PointedAtType);
            case ITypeParameterSymbol:
                return (Accessibility.Public, null);
        }

        (Accessibility Accessibility, INamedTypeSymbol? Scope) result = (Accessibility.Public, null);
        for (var named = type as INamedTypeSymbol; named is not null; named = named.ContainingType)
        {
            result = Narrower(result, (named.DeclaredAccessibility, named.ContainingType));
            foreach (var argument in named.TypeArguments)
            {
                result = Narrower(result, Narrowest(argument));
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

    /// <summary>The keyword: <c>public</c>, <c>internal</c>, <c>private protected</c>, ...</summary>
    public static string Keyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Private => "private",
        _ => "public",
    };

    /// <summary><c>internal</c>, or with the scope it is relative to: <c>private in 'MyApp.Outer'</c>.</summary>
    public static string Describe((Accessibility Accessibility, INamedTypeSymbol? Scope) narrowest)
        => narrowest.Scope is null || narrowest.Accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.NotApplicable
            ? Keyword(narrowest.Accessibility)
            : $"{Keyword(narrowest.Accessibility)} in '{narrowest.Scope.ToDisplayString()}'";

    private static (Accessibility, INamedTypeSymbol?) Narrower((Accessibility Accessibility, INamedTypeSymbol? Scope) left, (Accessibility Accessibility, INamedTypeSymbol? Scope) right)
        => Rank(right.Accessibility) < Rank(left.Accessibility) ? right : left;
}
