using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator;

/// <summary>
/// The types the parser and the analyzers compare against, resolved once per use (the compilation caches the
/// look-ups). The generator needs <see cref="RequiredRuntimeTypes"/>; the analyzers also read the JSON attributes.
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

    private KnownTypes(Compilation compilation, INamedTypeSymbol webSocketClientAttribute)
    {
        WebSocketClientAttribute = webSocketClientAttribute;
        SendsAttribute = compilation.GetTypeByMetadataName(TypeNames.SendsAttribute);
        ReceivesAttribute = compilation.GetTypeByMetadataName(TypeNames.ReceivesAttribute);
        RequestsAttribute = compilation.GetTypeByMetadataName(TypeNames.RequestsAttribute);
        SendsPropertyAttribute = compilation.GetTypeByMetadataName(TypeNames.SendsPropertyAttribute);
        WebSocket = compilation.GetTypeByMetadataName(TypeNames.WebSocket);
        WebSocketOptions = compilation.GetTypeByMetadataName(TypeNames.WebSocketOptions);
        CancellationToken = compilation.GetTypeByMetadataName(TypeNames.CancellationToken);
        HasRuntimeTypes = SendsAttribute is not null && ReceivesAttribute is not null && WebSocket is not null && WebSocketOptions is not null;
        GeneratedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        JsonSerializerContext = compilation.GetTypeByMetadataName(TypeNames.JsonSerializerContext);
        JsonSerializableAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        JsonSourceGenerationOptionsAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSourceGenerationOptionsAttribute");
        JsonPropertyNameAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPropertyNameAttribute");
        JsonIgnoreAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
        JsonIncludeAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIncludeAttribute");
        JsonExtensionDataAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonExtensionDataAttribute");
        JsonConstructorAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonConstructorAttribute");
        JsonPolymorphicAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPolymorphicAttribute");
        JsonDerivedTypeAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonDerivedTypeAttribute");
        JsonConverterAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonConverterAttribute");
        IEnumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        IDictionary = compilation.GetTypeByMetadataName("System.Collections.IDictionary");
        IDictionaryOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        IReadOnlyDictionaryOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
    }

    /// <summary>Whether every one of <see cref="RequiredRuntimeTypes"/> resolves: the generator can complete clients.</summary>
    public bool HasRuntimeTypes { get; }

    public INamedTypeSymbol WebSocketClientAttribute { get; }

    public INamedTypeSymbol? SendsAttribute { get; }

    public INamedTypeSymbol? ReceivesAttribute { get; }

    /// <summary><c>RequestsAttribute&lt;TRequest, TResponse&gt;</c>, absent from older runtimes.</summary>
    public INamedTypeSymbol? RequestsAttribute { get; }

    /// <summary><c>SendsPropertyAttribute</c>, absent from older runtimes.</summary>
    public INamedTypeSymbol? SendsPropertyAttribute { get; }

    public INamedTypeSymbol? WebSocket { get; }

    public INamedTypeSymbol? WebSocketOptions { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? GeneratedCodeAttribute { get; }

    public INamedTypeSymbol? JsonSerializerContext { get; }

    public INamedTypeSymbol? JsonSerializableAttribute { get; }

    public INamedTypeSymbol? JsonSourceGenerationOptionsAttribute { get; }

    public INamedTypeSymbol? JsonPropertyNameAttribute { get; }

    public INamedTypeSymbol? JsonIgnoreAttribute { get; }

    public INamedTypeSymbol? JsonIncludeAttribute { get; }

    public INamedTypeSymbol? JsonExtensionDataAttribute { get; }

    public INamedTypeSymbol? JsonConstructorAttribute { get; }

    public INamedTypeSymbol? JsonPolymorphicAttribute { get; }

    public INamedTypeSymbol? JsonDerivedTypeAttribute { get; }

    public INamedTypeSymbol? JsonConverterAttribute { get; }

    public INamedTypeSymbol IEnumerable { get; }

    public INamedTypeSymbol? IDictionary { get; }

    public INamedTypeSymbol? IDictionaryOfT { get; }

    public INamedTypeSymbol? IReadOnlyDictionaryOfT { get; }

    /// <summary>
    /// Resolves the known types, or returns <see langword="null"/> when the compilation does not reference
    /// TypedWebSockets (then there is nothing to analyze).
    /// </summary>
    public static KnownTypes? TryCreate(Compilation compilation)
    {
        var clientAttribute = compilation.GetTypeByMetadataName(TypeNames.WebSocketClientAttribute);
        return clientAttribute is null ? null : new KnownTypes(compilation, clientAttribute);
    }

    public bool IsClientAttribute(INamedTypeSymbol? attributeClass) => Is(attributeClass, WebSocketClientAttribute);

    public bool IsSendsPropertyAttribute(INamedTypeSymbol? attributeClass) => Is(attributeClass, SendsPropertyAttribute);

    public bool IsRequestsAttribute(INamedTypeSymbol? attributeClass)
        => RequestsAttribute is not null && attributeClass is { IsGenericType: true }
           && SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, RequestsAttribute);

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
}
