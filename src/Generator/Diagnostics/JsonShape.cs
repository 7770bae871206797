using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>A serialized property or field of a contract and its JSON name.</summary>
internal readonly struct JsonMember
{
    public JsonMember(ISymbol symbol, string jsonName)
    {
        Symbol = symbol;
        JsonName = jsonName;
    }

    public ISymbol Symbol { get; }

    public string JsonName { get; }
}

/// <summary>The serialization options that decide a contract's JSON property names.</summary>
internal readonly struct JsonNamingOptions
{
    public JsonNamingOptions(JsonNamingPolicy policy, bool includeFields, bool caseInsensitive)
    {
        Policy = policy;
        IncludeFields = includeFields;
        CaseInsensitive = caseInsensitive;
    }

    public JsonNamingPolicy Policy { get; }

    public bool IncludeFields { get; }

    /// <summary>Whether received property names are matched case-insensitively (<c>PropertyNameCaseInsensitive</c>).</summary>
    public bool CaseInsensitive { get; }
}

/// <summary>What System.Text.Json makes of a contract type, judged from its symbol the way its serializer would.</summary>
internal sealed class JsonShape
{
    // System.Text.Json writes these framework value types as JSON strings or numbers.
    private static readonly HashSet<string> s_primitiveTypeNames = new()
    {
        "System.DateTimeOffset", "System.Guid", "System.TimeSpan", "System.DateOnly", "System.TimeOnly",
        "System.Uri", "System.Version", "System.Half", "System.Int128", "System.UInt128",
    };

    private const int MaxReachableTypes = 10_000;

    private readonly KnownTypes _known;

    public JsonShape(KnownTypes known) => _known = known;

    /// <summary>Types with their own <c>[JsonConverter]</c> can be anything on the wire; shape checks skip them.</summary>
    public bool HasCustomConverter(ITypeSymbol type) => KnownTypes.HasAttribute(type, _known.JsonConverterAttribute);

    public bool IsPolymorphic(ITypeSymbol type)
        => KnownTypes.HasAttribute(type, _known.JsonPolymorphicAttribute) || KnownTypes.HasAttribute(type, _known.JsonDerivedTypeAttribute);

    /// <summary>Framework types (<c>System.*</c>, primitives) have built-in converters; their members are not the user's to rename.</summary>
    public static bool IsFrameworkType(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None)
        {
            return true;
        }

        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false, Name: "System" };
    }

    public bool IsCollection(ITypeSymbol type)
        => type is IArrayTypeSymbol || Implements(type, _known.IEnumerable);

    public bool IsDictionary(ITypeSymbol type)
        => Implements(type, _known.IDictionary) || Implements(type, _known.IDictionaryOfT) || Implements(type, _known.IReadOnlyDictionaryOfT);

    /// <summary>Why <paramref name="type"/> is not written as a JSON object, or <see langword="null"/> when it is (or may be).</summary>
    public string? NonObjectReason(ITypeSymbol type)
    {
        type = UnwrapNullable(type);
        if (HasCustomConverter(type))
        {
            return null;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return "it is an enum, written as a number or string";
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return "it is a string";
        }

        if (type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double
            || type.SpecialType is SpecialType.System_Decimal or SpecialType.System_DateTime or SpecialType.System_IntPtr or SpecialType.System_UIntPtr
            || s_primitiveTypeNames.Contains(type.ToDisplayString()))
        {
            return "it is a primitive value, written as a JSON string or number";
        }

        if (type is IArrayTypeSymbol || (IsCollection(type) && !IsDictionary(type)))
        {
            return "it is a collection, written as a JSON array";
        }

        return null;
    }

    /// <summary>
    /// Why System.Text.Json cannot create the received class <paramref name="type"/>, or <see langword="null"/> when it can:
    /// a public parameterless constructor, a <c>[JsonConstructor]</c>, or a single public constructor all work.
    /// </summary>
    public string? ConstructorProblem(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsStatic: false } named
            || IsFrameworkType(named) || IsCollection(named) || HasCustomConverter(named))
        {
            return null;
        }

        var publicConstructors = 0;
        foreach (var constructor in named.InstanceConstructors)
        {
            if (KnownTypes.HasAttribute(constructor, _known.JsonConstructorAttribute))
            {
                return null;
            }

            if (constructor.DeclaredAccessibility == Accessibility.Public)
            {
                if (constructor.Parameters.Length == 0)
                {
                    return null;
                }

                publicConstructors++;
            }
        }

        return publicConstructors switch
        {
            0 => "no public constructor",
            1 => null,
            _ => $"{publicConstructors} public constructors to choose from",
        };
    }

    /// <summary>
    /// The naming options in force: <c>JsonSerializerOptions.Web</c> (camelCase, or the client's <c>PropertyNamingPolicy</c>) without a context, else the context's
    /// <c>[JsonSourceGenerationOptions]</c> (CLR names when it has none).
    /// </summary>
    public JsonNamingOptions NamingOptions(ITypeSymbol? jsonContext, int reflectionNamingPolicy = (int)JsonNamingPolicy.CamelCase)
    {
        if (jsonContext is null)
        {
            // [WebSocketClient(PropertyNamingPolicy = ...)]; a value that is not defined leaves the web default (TWS0042).
            var reflectionPolicy = reflectionNamingPolicy is >= 0 and <= (int)JsonNamingPolicy.KebabCaseUpper ? (JsonNamingPolicy)reflectionNamingPolicy : JsonNamingPolicy.CamelCase;
            return new JsonNamingOptions(reflectionPolicy, includeFields: false, caseInsensitive: true);
        }

        var policy = JsonNamingPolicy.None;
        var includeFields = false;
        var caseInsensitive = false;
        if (KnownTypes.GetAttribute(jsonContext, _known.JsonSourceGenerationOptionsAttribute) is { } options)
        {
            // JsonSourceGenerationOptionsAttribute(JsonSerializerDefaults defaults): Web (1) means camelCase names
            // matched case-insensitively.
            if (options.ConstructorArguments.Length == 1 && options.ConstructorArguments[0].Value is int defaults && defaults == 1)
            {
                policy = JsonNamingPolicy.CamelCase;
                caseInsensitive = true;
            }

            foreach (var argument in options.NamedArguments)
            {
                if (argument.Key == "PropertyNamingPolicy" && argument.Value.Value is int namingPolicy)
                {
                    policy = (JsonNamingPolicy)namingPolicy;
                }
                else if (argument.Key == "IncludeFields" && argument.Value.Value is bool fields)
                {
                    includeFields = fields;
                }
                else if (argument.Key == "PropertyNameCaseInsensitive" && argument.Value.Value is bool insensitive)
                {
                    caseInsensitive = insensitive;
                }
            }
        }

        return new JsonNamingOptions(policy, includeFields, caseInsensitive);
    }

    /// <summary>The properties (and fields) System.Text.Json writes for <paramref name="type"/>, with their JSON names.</summary>
    public List<JsonMember> SerializedMembers(ITypeSymbol type, JsonNamingOptions options)
    {
        var result = new List<JsonMember>();
        var seen = new HashSet<string>();
        foreach (var declaringType in DeclaringTypes(type))
        {
            foreach (var member in declaringType.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !IsSerialized(member, options) || !seen.Add(member.Name))
                {
                    continue;
                }

                var jsonName = KnownTypes.GetAttribute(member, _known.JsonPropertyNameAttribute) is { ConstructorArguments.Length: 1 } named
                               && named.ConstructorArguments[0].Value is string explicitName
                    ? explicitName
                    : JsonNaming.Apply(options.Policy, member.Name);
                result.Add(new JsonMember(member, jsonName));
            }
        }

        return result;
    }

    /// <summary>
    /// The types a source-generated context has metadata for: each <c>[JsonSerializable]</c> type and what it reaches
    /// through properties, fields, element and type arguments, base types and <c>[JsonDerivedType]</c>.
    /// </summary>
    public HashSet<ITypeSymbol> ReachableFromContext(ITypeSymbol context)
    {
        var reached = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Queue<ITypeSymbol>();
        foreach (var attribute in context.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.JsonSerializableAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is ITypeSymbol root)
            {
                pending.Enqueue(root);
            }
        }

        while (pending.Count > 0 && reached.Count < MaxReachableTypes)
        {
            var type = pending.Dequeue();
            if (!reached.Add(type))
            {
                continue;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    pending.Enqueue(array.ElementType);
                    continue;
                case INamedTypeSymbol { IsGenericType: true } generic:
                    foreach (var argument in generic.TypeArguments)
                    {
                        pending.Enqueue(argument);
                    }

                    break;
            }

            if (IsFrameworkType(type))
            {
                continue;
            }

            if (type.BaseType is { SpecialType: SpecialType.None } baseType)
            {
                pending.Enqueue(baseType);
            }

            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.JsonDerivedTypeAttribute)
                    && attribute.ConstructorArguments.Length >= 1
                    && attribute.ConstructorArguments[0].Value is ITypeSymbol derived)
                {
                    pending.Enqueue(derived);
                }
            }

            foreach (var member in SerializedMembers(type, new JsonNamingOptions(JsonNamingPolicy.None, includeFields: true, caseInsensitive: false)))
            {
                switch (member.Symbol)
                {
                    case IPropertySymbol property:
                        pending.Enqueue(property.Type);
                        break;
                    case IFieldSymbol field:
                        pending.Enqueue(field.Type);
                        break;
                }
            }
        }

        return reached;
    }

    public static ITypeSymbol UnwrapNullable(ITypeSymbol type)
        => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;

    private bool IsSerialized(ISymbol member, JsonNamingOptions options)
    {
        var included = KnownTypes.HasAttribute(member, _known.JsonIncludeAttribute);
        switch (member)
        {
            case IPropertySymbol property when !property.IsIndexer:
                included |= property.DeclaredAccessibility == Accessibility.Public
                            && (property.GetMethod?.DeclaredAccessibility == Accessibility.Public
                                || property.SetMethod?.DeclaredAccessibility == Accessibility.Public);
                break;
            case IFieldSymbol { IsConst: false } field:
                included |= options.IncludeFields && field.DeclaredAccessibility == Accessibility.Public;
                break;
            default:
                return false;
        }

        if (!included || KnownTypes.HasAttribute(member, _known.JsonExtensionDataAttribute))
        {
            return false;
        }

        // [JsonIgnore] without a Condition means Always (JsonIgnoreCondition.Always = 1); other conditions still write the member.
        if (KnownTypes.GetAttribute(member, _known.JsonIgnoreAttribute) is { } ignore)
        {
            foreach (var argument in ignore.NamedArguments)
            {
                if (argument.Key == "Condition" && argument.Value.Value is int condition && condition != 1)
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    private static IEnumerable<ITypeSymbol> DeclaringTypes(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            yield return type;
            foreach (var inherited in type.AllInterfaces)
            {
                yield return inherited;
            }

            yield break;
        }

        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract)
    {
        if (contract is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, contract))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, contract))
            {
                return true;
            }
        }

        return false;
    }
}
