using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator;

/// <summary>The class a <c>[WebSocketClient]</c> is on, and the types around it: what C# lets a generator add a base class and members to.</summary>
internal static class DeclarationRules
{
    /// <summary>The first reason the class cannot be completed, in the order of <see cref="ClientSkipReason"/>.</summary>
    public static ClientSkipReason Validate(INamedTypeSymbol client, KnownTypes known, CancellationToken cancellationToken)
    {
        if (client.TypeKind != TypeKind.Class)
        {
            return ClientSkipReason.NotAClass;
        }

        if (client.IsRecord)
        {
            return ClientSkipReason.Record;
        }

        if (!IsPartialEverywhere(client, cancellationToken))
        {
            return ClientSkipReason.NotPartial;
        }

        if (client.IsStatic)
        {
            return ClientSkipReason.Static;
        }

        if (client.IsAbstract)
        {
            return ClientSkipReason.Abstract;
        }

        if (client.Arity > 0)
        {
            return ClientSkipReason.Generic;
        }

        for (var type = client; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return ClientSkipReason.FileLocal;
            }
        }

        for (var containing = client.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (!IsPartialEverywhere(containing, cancellationToken))
            {
                return ClientSkipReason.ContainingTypeNotPartial;
            }

            if (containing.Arity > 0)
            {
                return ClientSkipReason.GenericContainingType;
            }
        }

        var baseType = client.BaseType;
        if (baseType is not null
            && baseType.SpecialType != SpecialType.System_Object
            && !SymbolEqualityComparer.Default.Equals(baseType, known.WebSocket))
        {
            return ClientSkipReason.InvalidBaseClass;
        }

        return ClientSkipReason.None;
    }

    /// <summary>
    /// Whether the type has an attribute of this metadata name. By name, so a polyfill of the attribute counts too. The
    /// simple name is compared first: formatting the class of every attribute (one per contract) took a quarter of the parse.
    /// </summary>
    public static bool HasAttribute(INamedTypeSymbol type, string metadataName)
    {
        var simpleName = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && attributeClass.Name == simpleName
                && attributeClass.ToDisplayString() == metadataName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
                || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return type.DeclaringSyntaxReferences.Length > 0;
    }
}
