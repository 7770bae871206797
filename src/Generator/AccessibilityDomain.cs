using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator;

/// <summary>
/// Accessibility domains, as the C# specification defines them (§7.5.3), for the one question both the generator and
/// the analyzers ask: may a contract type appear in the public members generated into a client? The parser skips a
/// client when not, and TWS0014 reports it, with this same code, so the two cannot disagree.
/// </summary>
internal static class AccessibilityDomain
{
    /// <summary>
    /// Whether <paramref name="type"/> is accessible wherever the client's public members are (the C# rule behind
    /// CS0050–CS0053), checked conservatively: each restriction on the type must contain a restriction on the client.
    /// </summary>
    public static bool IsVisibleWhereverClientMembersAre(ITypeSymbol type, INamedTypeSymbol client)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsVisibleWhereverClientMembersAre(array.ElementType, client);

            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (!ClientDomainIsWithin(current.DeclaredAccessibility, current.ContainingType, current.ContainingAssembly, client))
                    {
                        return false;
                    }

                    foreach (var argument in current.TypeArguments)
                    {
                        if (!IsVisibleWhereverClientMembersAre(argument, client))
                        {
                            return false;
                        }
                    }
                }

                return true;

            default:
                return true;
        }
    }

    private static bool ClientDomainIsWithin(Accessibility accessibility, INamedTypeSymbol? container, IAssemblySymbol assembly, INamedTypeSymbol client)
        => accessibility switch
        {
            Accessibility.Public or Accessibility.NotApplicable => true,
            Accessibility.Internal => ClientDomainIsWithinAssembly(assembly, client),
            Accessibility.Private => container is not null && ClientDomainIsWithinBodyOf(container, client),
            Accessibility.Protected => container is not null && ClientDomainIsWithinProtectedScopeOf(container, client),
            Accessibility.ProtectedOrInternal => ClientDomainIsWithinAssembly(assembly, client)
                || (container is not null && ClientDomainIsWithinProtectedScopeOf(container, client)),
            Accessibility.ProtectedAndInternal => ClientDomainIsWithinAssembly(assembly, client)
                && container is not null && ClientDomainIsWithinProtectedScopeOf(container, client),
            _ => false,
        };

    private static bool ClientDomainIsWithinAssembly(IAssemblySymbol assembly, INamedTypeSymbol client)
    {
        for (var type = client; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility is Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal
                && (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, assembly) || assembly.GivesAccessTo(type.ContainingAssembly)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ClientDomainIsWithinBodyOf(INamedTypeSymbol container, INamedTypeSymbol client)
    {
        for (var type = client; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility == Accessibility.Private && IsSameOrNestedIn(type.ContainingType, container))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ClientDomainIsWithinProtectedScopeOf(INamedTypeSymbol container, INamedTypeSymbol client)
    {
        for (var type = client; type is not null; type = type.ContainingType)
        {
            switch (type.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    for (var scope = type.ContainingType; scope is not null; scope = scope.ContainingType)
                    {
                        if (IsSameOrDerivedFrom(scope, container))
                        {
                            return true;
                        }
                    }

                    break;

                case Accessibility.Protected:
                case Accessibility.ProtectedAndInternal:
                    if (type.ContainingType is not null && IsSameOrDerivedFrom(type.ContainingType, container))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsSameOrNestedIn(INamedTypeSymbol? type, INamedTypeSymbol container)
    {
        for (; type is not null; type = type.ContainingType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, container.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSameOrDerivedFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
