using Microsoft.CodeAnalysis;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>The types the analyzers compare against, resolved once per compilation.</summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation, INamedTypeSymbol webSocketClientAttribute)
    {
        WebSocketClientAttribute = webSocketClientAttribute;
        SendsAttribute = compilation.GetTypeByMetadataName("TypedWebSockets.SendsAttribute`1");
        ReceivesAttribute = compilation.GetTypeByMetadataName("TypedWebSockets.ReceivesAttribute`1");
        RequestsAttribute = compilation.GetTypeByMetadataName("TypedWebSockets.RequestsAttribute`2");
        WebSocket = compilation.GetTypeByMetadataName("TypedWebSockets.WebSocket");
        WebSocketOptions = compilation.GetTypeByMetadataName("TypedWebSockets.WebSocketOptions");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        GeneratedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
        JsonSerializerContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
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

    public INamedTypeSymbol WebSocketClientAttribute { get; }

    public INamedTypeSymbol? SendsAttribute { get; }

    public INamedTypeSymbol? ReceivesAttribute { get; }

    /// <summary><c>RequestsAttribute&lt;TRequest, TResponse&gt;</c>, absent from older runtimes.</summary>
    public INamedTypeSymbol? RequestsAttribute { get; }

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
        var clientAttribute = compilation.GetTypeByMetadataName("TypedWebSockets.WebSocketClientAttribute");
        return clientAttribute is null ? null : new KnownTypes(compilation, clientAttribute);
    }

    public bool IsRequestsAttribute(INamedTypeSymbol? attributeClass)
        => RequestsAttribute is not null && attributeClass is not null
           && SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, RequestsAttribute);

    public bool IsContractAttribute(INamedTypeSymbol? attributeClass, out ContractDirection direction)
    {
        var definition = attributeClass?.OriginalDefinition;
        if (definition is not null && SymbolEqualityComparer.Default.Equals(definition, SendsAttribute))
        {
            direction = ContractDirection.Sends;
            return true;
        }

        if (definition is not null && SymbolEqualityComparer.Default.Equals(definition, ReceivesAttribute))
        {
            direction = ContractDirection.Receives;
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
