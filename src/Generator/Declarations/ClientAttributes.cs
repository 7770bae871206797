using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Declarations;

/// <summary>
/// Every TypedWebSockets attribute of one class, read once in declaration order: the parser builds a client from it,
/// the analyzers report on it, so both see the same values and defaults.
/// </summary>
internal sealed class ClientAttributes
{
    private ClientAttributes()
    {
    }

    /// <summary>The first <c>[WebSocketClient]</c>, or <see langword="null"/> when the class has none.</summary>
    public WebSocketClientDeclaration? Client { get; private set; }

    /// <summary>A second <c>[WebSocketClient]</c> (the compiler reports it; the generator skips the class).</summary>
    public AttributeData? RepeatedClientAttribute { get; private set; }

    /// <summary>The <c>[Sends]</c> and <c>[Receives]</c>, in declaration order.</summary>
    public List<ContractDeclaration> Contracts { get; } = [];

    /// <summary>The <c>[Requests]</c> and <c>[Subscribes]</c> the compiler accepts, in declaration order.</summary>
    public List<RequestDeclaration> Requests { get; } = [];

    /// <summary>The <c>[Requests]</c> and <c>[Subscribes]</c> attributes with compile errors (they make the generator skip the class).</summary>
    public List<AttributeData> InvalidRequests { get; } = [];

    /// <summary>The <c>[SendsProperty]</c>, in declaration order.</summary>
    public List<SentPropertyDeclaration> SentProperties { get; } = [];

    /// <summary>The <c>[SendsProperty]</c> attributes with compile errors.</summary>
    public List<AttributeData> InvalidSentProperties { get; } = [];

    /// <summary>How many <c>[Sends]</c>/<c>[Receives]</c>/<c>[Requests]</c> attributes the class has, readable or not.</summary>
    public int ContractAttributeCount { get; private set; }

    public bool HasReceives => Contracts.Exists(contract => contract.Direction == MessageDirection.Receives);

    public static ClientAttributes Read(INamedTypeSymbol type, KnownTypes known)
    {
        var attributes = new ClientAttributes();
        foreach (var attribute in type.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (attributeClass is null)
            {
                continue;
            }

            if (known.IsClientAttribute(attributeClass))
            {
                if (attributes.Client is null)
                {
                    attributes.Client = WebSocketClientDeclaration.Read(attribute);
                }
                else
                {
                    attributes.RepeatedClientAttribute ??= attribute;
                }
            }
            else if (known.IsContractAttribute(attributeClass, out var direction))
            {
                attributes.ContractAttributeCount++;
                if (ContractDeclaration.Read(attribute, direction) is { } contract)
                {
                    attributes.Contracts.Add(contract);
                }
            }
            else if (known.IsRequestsAttribute(attributeClass, out var subscription))
            {
                attributes.ContractAttributeCount++;
                if (RequestDeclaration.Read(attribute, subscription) is { } request)
                {
                    attributes.Requests.Add(request);
                }
                else
                {
                    attributes.InvalidRequests.Add(attribute);
                }
            }
            else if (known.IsSendsPropertyAttribute(attributeClass))
            {
                if (SentPropertyDeclaration.Read(attribute) is { } property)
                {
                    attributes.SentProperties.Add(property);
                }
                else
                {
                    attributes.InvalidSentProperties.Add(attribute);
                }
            }
        }

        return attributes;
    }
}
