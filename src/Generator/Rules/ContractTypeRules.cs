using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator;

/// <summary>Which attributes the generator can read at all, and which types can be messages.</summary>
internal static class ContractTypeRules
{
    /// <summary>
    /// Whether the compiler rejects the attribute (no constructor matches, an argument does not bind, a type argument
    /// is or contains a type that does not bind, such as the unbound <c>Page&lt;&gt;</c> in <c>Receives&lt;Page&lt;&gt;&gt;</c> or
    /// <c>Receives&lt;Dictionary&lt;string, Page&lt;&gt;&gt;&gt;</c>),
    /// so the generator cannot read it (<see cref="Model.ClientSkipReason.InvalidAttribute"/>, TWS0028).
    /// </summary>
    public static bool HasCompileErrors(AttributeData attribute)
    {
        if (attribute.AttributeConstructor is null || attribute.AttributeClass is null)
        {
            return true;
        }

        foreach (var typeArgument in attribute.AttributeClass.TypeArguments)
        {
            if (ContainsErrorType(typeArgument))
            {
                return true;
            }
        }

        foreach (var argument in attribute.ConstructorArguments)
        {
            if (IsError(argument))
            {
                return true;
            }
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (IsError(argument.Value))
            {
                return true;
            }
        }

        return false;

        static bool IsError(TypedConstant constant)
        {
            if (constant.Kind == TypedConstantKind.Array)
            {
                if (!constant.IsNull)
                {
                    foreach (var element in constant.Values)
                    {
                        if (IsError(element))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            return constant.Kind == TypedConstantKind.Error || (constant.Value is ITypeSymbol type && ContainsErrorType(type));
        }
    }

    /// <summary>
    /// Whether the type, or any type it is built from (type arguments at any depth, array elements, pointed-at types,
    /// containing types), does not bind. Written in generated code, such a type is an error there.
    /// </summary>
    public static bool ContainsErrorType(ITypeSymbol type)
    {
        switch (type)
        {
            case { TypeKind: TypeKind.Error }:
                return true;
            case IArrayTypeSymbol array:
                return ContainsErrorType(array.ElementType);
            case IPointerTypeSymbol pointer:
                return ContainsErrorType(pointer.PointedAtType);
            case INamedTypeSymbol named:
                // typeof(Context<>) is a valid unbound type, whose placeholder arguments Roslyn reports as error types;
                // Receives<Page<>> instead binds as Page<T> with T an error type: the unbound name is only seen in its arguments.
                if (named.IsUnboundGenericType)
                {
                    return false;
                }

                for (var current = named; current is not null; current = current.ContainingType)
                {
                    foreach (var argument in current.TypeArguments)
                    {
                        if (ContainsErrorType(argument))
                        {
                            return true;
                        }
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether a type can be a message whichever way it travels (TWS0011 otherwise): not built on a type parameter,
    /// not <c>object</c>, <c>dynamic</c>, a pointer, a delegate or a ref struct.
    /// </summary>
    public static bool IsUsableContractType(ITypeSymbol type)
    {
        if (MentionsTypeParameter(type) || type.IsRefLikeType || type.SpecialType == SpecialType.System_Object)
        {
            return false;
        }

        // Interfaces and abstract classes are left to the analyzers: polymorphic and collection types are valid.
        return type.TypeKind is not (TypeKind.Dynamic or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.TypeParameter or TypeKind.Delegate);
    }

    /// <summary>Whether the type is or is built on a type parameter (or is an open generic).</summary>
    public static bool MentionsTypeParameter(ITypeSymbol type)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
                return true;
            case IArrayTypeSymbol array:
                return MentionsTypeParameter(array.ElementType);
            case IPointerTypeSymbol pointer:
                return MentionsTypeParameter(pointer.PointedAtType);
            case INamedTypeSymbol named:
                if (named.IsUnboundGenericType)
                {
                    return true;
                }

                for (var current = named; current is not null; current = current.ContainingType)
                {
                    foreach (var argument in current.TypeArguments)
                    {
                        if (MentionsTypeParameter(argument))
                        {
                            return true;
                        }
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Whether a value of the type can be <see langword="null"/> (reference types and <c>Nullable&lt;T&gt;</c>).</summary>
    public static bool CanBeNull(ITypeSymbol type)
        => type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
}
