using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator;

/// <summary>Why a type cannot be a client's <c>JsonContext</c> (TWS0015).</summary>
internal enum JsonContextProblem
{
    /// <summary>It can.</summary>
    None,

    /// <summary>It is not a class deriving from <c>JsonSerializerContext</c>.</summary>
    NotSerializerContext,

    /// <summary>It is or mentions an open generic type (<c>typeof(Context&lt;&gt;)</c>), which has no <c>Default</c> to read.</summary>
    OpenGeneric,

    /// <summary>The client cannot see it.</summary>
    NotAccessible,
}

/// <summary>What a <c>JsonContext</c> must be.</summary>
internal static class JsonContextRules
{
    /// <summary>
    /// What makes <paramref name="context"/> unusable as the <c>JsonContext</c> of <paramref name="client"/> (TWS0015):
    /// the generated code reads <c>Context.Default</c>, so it must be a closed class deriving from
    /// <c>JsonSerializerContext</c> that the client can see. Whether it has a static <c>Default</c> cannot be checked:
    /// the System.Text.Json generator adds it, unseen here.
    /// </summary>
    public static JsonContextProblem GetProblem(ITypeSymbol context, INamedTypeSymbol client, Compilation compilation, INamedTypeSymbol? jsonSerializerContext)
    {
        if (ContractTypeRules.MentionsTypeParameter(context))
        {
            return JsonContextProblem.OpenGeneric;
        }

        if (context is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || jsonSerializerContext is null || !DerivesFrom(named, jsonSerializerContext))
        {
            return JsonContextProblem.NotSerializerContext;
        }

        return compilation.IsSymbolAccessibleWithin(named, client) ? JsonContextProblem.None : JsonContextProblem.NotAccessible;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
