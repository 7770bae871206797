using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator;

/// <summary>
/// The types the parser and the analyzers compare against, resolved once per compilation use. The generator needs
/// <see cref="RequiredRuntimeTypes"/>; the analyzers also read the JSON attributes, looked up when first read.
/// </summary>
internal sealed class KnownTypes
{
    /// <summary>
    /// The runtime types every client needs. Each must resolve to exactly one type (<c>GetTypeByMetadataName</c> is
    /// null when a type is missing or declared twice), or the client is skipped (TWS0027).
    /// </summary>
    internal static readonly string[] RequiredRuntimeTypes =
    [
        TypeNames.WebSocket,
        TypeNames.WebSocketOptions,
        TypeNames.WebSocketClientAttribute,
        TypeNames.SendsAttribute,
        TypeNames.ReceivesAttribute,
    ];

    // The types only the analyzers read are looked up on first use: every client's parse creates a KnownTypes, and a
    // GetTypeByMetadataName costs a search of every referenced assembly.
    private readonly Compilation _compilation;
    private INamedTypeSymbol? _iEnumerable;
    private Lookup? _generatedCodeAttribute;
    private Lookup? _jsonSerializableAttribute;
    private Lookup? _jsonSourceGenerationOptionsAttribute;
    private Lookup? _jsonPropertyNameAttribute;
    private Lookup? _jsonIgnoreAttribute;
    private Lookup? _jsonIncludeAttribute;
    private Lookup? _jsonExtensionDataAttribute;
    private Lookup? _jsonConstructorAttribute;
    private Lookup? _jsonPolymorphicAttribute;
    private Lookup? _jsonDerivedTypeAttribute;
    private Lookup? _jsonConverterAttribute;
    private Lookup? _iDictionary;
    private Lookup? _iDictionaryOfT;
    private Lookup? _iReadOnlyDictionaryOfT;

    private KnownTypes(Compilation compilation, INamedTypeSymbol webSocketClientAttribute)
    {
        _compilation = compilation;
        WebSocketClientAttribute = webSocketClientAttribute;
        SendsAttribute = compilation.GetTypeByMetadataName(TypeNames.SendsAttribute);
        ReceivesAttribute = compilation.GetTypeByMetadataName(TypeNames.ReceivesAttribute);
        RequestsAttribute = compilation.GetTypeByMetadataName(TypeNames.RequestsAttribute);
        SubscribesAttribute = compilation.GetTypeByMetadataName(TypeNames.SubscribesAttribute);
        SendsPropertyAttribute = compilation.GetTypeByMetadataName(TypeNames.SendsPropertyAttribute);
        WebSocket = compilation.GetTypeByMetadataName(TypeNames.WebSocket);
        WebSocketOptions = compilation.GetTypeByMetadataName(TypeNames.WebSocketOptions);
        CancellationToken = compilation.GetTypeByMetadataName(TypeNames.CancellationToken);
        HasRuntimeTypes = SendsAttribute is not null && ReceivesAttribute is not null && WebSocket is not null && WebSocketOptions is not null;
        JsonSerializerContext = compilation.GetTypeByMetadataName(TypeNames.JsonSerializerContext);
    }

    /// <summary>Whether every one of <see cref="RequiredRuntimeTypes"/> resolves: the generator can complete clients.</summary>
    public bool HasRuntimeTypes { get; }

    public INamedTypeSymbol WebSocketClientAttribute { get; }

    public INamedTypeSymbol? SendsAttribute { get; }

    public INamedTypeSymbol? ReceivesAttribute { get; }

    /// <summary><c>RequestsAttribute&lt;TRequest, TResponse&gt;</c>, absent from older runtimes.</summary>
    public INamedTypeSymbol? RequestsAttribute { get; }

    /// <summary><c>SubscribesAttribute&lt;TRequest, TItem&gt;</c>, absent from older runtimes.</summary>
    public INamedTypeSymbol? SubscribesAttribute { get; }

    /// <summary><c>SendsPropertyAttribute</c>, absent from older runtimes.</summary>
    public INamedTypeSymbol? SendsPropertyAttribute { get; }

    public INamedTypeSymbol? WebSocket { get; }

    public INamedTypeSymbol? WebSocketOptions { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? GeneratedCodeAttribute => Resolve(ref _generatedCodeAttribute, "System.CodeDom.Compiler.GeneratedCodeAttribute");

    public INamedTypeSymbol? JsonSerializerContext { get; }

    public INamedTypeSymbol? JsonSerializableAttribute => Resolve(ref _jsonSerializableAttribute, "System.Text.Json.Serialization.JsonSerializableAttribute");

    public INamedTypeSymbol? JsonSourceGenerationOptionsAttribute => Resolve(ref _jsonSourceGenerationOptionsAttribute, "System.Text.Json.Serialization.JsonSourceGenerationOptionsAttribute");

    public INamedTypeSymbol? JsonPropertyNameAttribute => Resolve(ref _jsonPropertyNameAttribute, "System.Text.Json.Serialization.JsonPropertyNameAttribute");

    public INamedTypeSymbol? JsonIgnoreAttribute => Resolve(ref _jsonIgnoreAttribute, "System.Text.Json.Serialization.JsonIgnoreAttribute");

    public INamedTypeSymbol? JsonIncludeAttribute => Resolve(ref _jsonIncludeAttribute, "System.Text.Json.Serialization.JsonIncludeAttribute");

    public INamedTypeSymbol? JsonExtensionDataAttribute => Resolve(ref _jsonExtensionDataAttribute, "System.Text.Json.Serialization.JsonExtensionDataAttribute");

    public INamedTypeSymbol? JsonConstructorAttribute => Resolve(ref _jsonConstructorAttribute, "System.Text.Json.Serialization.JsonConstructorAttribute");

    public INamedTypeSymbol? JsonPolymorphicAttribute => Resolve(ref _jsonPolymorphicAttribute, "System.Text.Json.Serialization.JsonPolymorphicAttribute");

    public INamedTypeSymbol? JsonDerivedTypeAttribute => Resolve(ref _jsonDerivedTypeAttribute, "System.Text.Json.Serialization.JsonDerivedTypeAttribute");

    public INamedTypeSymbol? JsonConverterAttribute => Resolve(ref _jsonConverterAttribute, "System.Text.Json.Serialization.JsonConverterAttribute");

    public INamedTypeSymbol IEnumerable => _iEnumerable ??= _compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);

    public INamedTypeSymbol? IDictionary => Resolve(ref _iDictionary, "System.Collections.IDictionary");

    public INamedTypeSymbol? IDictionaryOfT => Resolve(ref _iDictionaryOfT, "System.Collections.Generic.IDictionary`2");

    public INamedTypeSymbol? IReadOnlyDictionaryOfT => Resolve(ref _iReadOnlyDictionaryOfT, "System.Collections.Generic.IReadOnlyDictionary`2");

    /// <summary>
    /// Resolves the known types, or returns <see langword="null"/> when the compilation does not reference
    /// TypedWebSockets (then there is nothing to analyze).
    /// </summary>
    // Analyzer actions run concurrently: a look-up is published as one reference (two threads may both look it up).
    private INamedTypeSymbol? Resolve(ref Lookup? lookup, string metadataName)
        => (lookup ??= new Lookup(_compilation.GetTypeByMetadataName(metadataName))).Type;

    public static KnownTypes? TryCreate(Compilation compilation)
    {
        var clientAttribute = compilation.GetTypeByMetadataName(TypeNames.WebSocketClientAttribute);
        return clientAttribute is null ? null : new KnownTypes(compilation, clientAttribute);
    }

    public bool IsClientAttribute(INamedTypeSymbol? attributeClass) => Is(attributeClass, WebSocketClientAttribute);

    public bool IsSendsPropertyAttribute(INamedTypeSymbol? attributeClass) => Is(attributeClass, SendsPropertyAttribute);

    public bool IsRequestsAttribute(INamedTypeSymbol? attributeClass)
        => IsRequestsAttribute(attributeClass, out _);

    /// <summary>Whether the attribute is <c>[Requests&lt;,&gt;]</c> or (<paramref name="subscription"/>) <c>[Subscribes&lt;,&gt;]</c>.</summary>
    public bool IsRequestsAttribute(INamedTypeSymbol? attributeClass, out bool subscription)
    {
        subscription = false;
        if (attributeClass is not { IsGenericType: true })
        {
            return false;
        }

        var definition = attributeClass.OriginalDefinition;
        if (RequestsAttribute is not null && SymbolEqualityComparer.Default.Equals(definition, RequestsAttribute))
        {
            return true;
        }

        subscription = SubscribesAttribute is not null && SymbolEqualityComparer.Default.Equals(definition, SubscribesAttribute);
        return subscription;
    }

    public bool IsContractAttribute(INamedTypeSymbol? attributeClass, out MessageDirection direction)
    {
        var definition = attributeClass is { IsGenericType: true } ? attributeClass.OriginalDefinition : null;
        if (definition is not null && SymbolEqualityComparer.Default.Equals(definition, SendsAttribute))
        {
            direction = MessageDirection.Sends;
            return true;
        }

        if (definition is not null && SymbolEqualityComparer.Default.Equals(definition, ReceivesAttribute))
        {
            direction = MessageDirection.Receives;
            return true;
        }

        direction = default;
        return false;
    }

    public static bool Is(ISymbol? symbol, ISymbol? known)
        => symbol is not null && known is not null && SymbolEqualityComparer.Default.Equals(symbol, known);

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    public static AttributeData? GetAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    // A look-up done, whether or not it found the type.
    private sealed class Lookup(INamedTypeSymbol? type)
    {
        public INamedTypeSymbol? Type { get; } = type;
    }
}
