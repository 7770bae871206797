using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Declarations;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator;

/// <summary>A public member the generator emits into a client.</summary>
internal enum GeneratedMember
{
    /// <summary><c>C(string url)</c>.</summary>
    UrlConstructor,

    /// <summary><c>C(string url, WebSocketOptions options)</c>.</summary>
    OptionsConstructor,

    /// <summary><c>C(Uri url)</c>.</summary>
    UriConstructor,

    /// <summary><c>C(Uri url, WebSocketOptions options)</c>.</summary>
    UriOptionsConstructor,

    /// <summary><c>Send(T)</c>, one per sent contract.</summary>
    Send,

    /// <summary><c>SendAsync(T, CancellationToken)</c>, one per sent contract.</summary>
    SendAsync,

    /// <summary><c>On{Stem}</c>, one per received contract.</summary>
    Handler,

    /// <summary>The nested class <c>Events</c> of listener keys (when the client receives anything).</summary>
    EventsClass,

    /// <summary>The <c>DispatchMessage(ReadOnlySpan&lt;byte&gt;, bool)</c> override (when the client receives anything).</summary>
    DispatchMessage,
}

/// <summary>Where a generated member would clash.</summary>
internal enum MemberCollisionKind
{
    /// <summary>The member would be named like the client itself (CS0542).</summary>
    ClientName,

    /// <summary>The user wrote a member of that name (or, for methods, that signature) in the client.</summary>
    UserMember,

    /// <summary>It would hide a member of <c>TypedWebSockets.WebSocket</c>.</summary>
    BaseMember,
}

/// <summary>A contract as the collision rules see it: which way it travels, its type and its member-name stem.</summary>
internal sealed record PlannedContract(MessageDirection Direction, ITypeSymbol Type, string Stem);

/// <summary>One clash between a generated public member and an existing name.</summary>
/// <param name="Kind">What it clashes with.</param>
/// <param name="Generated">Which generated member.</param>
/// <param name="Name">The generated member's name (<c>Send</c>, <c>OnChatMessage</c>, <c>Events</c>, ...).</param>
/// <param name="ContractIndex">The contract (an index into the list given) that generates it, or -1 for the members every client gets.</param>
/// <param name="Member">The user's or the inherited member it clashes with; <see langword="null"/> for <see cref="MemberCollisionKind.ClientName"/>.</param>
/// <param name="SameSignature">For methods: whether the clash is one of signature (a method), not of name alone (a property, field, ...).</param>
internal sealed record MemberCollision(
    MemberCollisionKind Kind,
    GeneratedMember Generated,
    string Name,
    int ContractIndex,
    ISymbol? Member,
    bool SameSignature);

/// <summary>
/// The rules that decide whether the generated public surface of a client (constructors, <c>Send</c>,
/// <c>SendAsync</c>, <c>On{Stem}</c>, <c>Events</c>, <c>DispatchMessage</c>) fits beside what the user wrote and what
/// <c>TypedWebSockets.WebSocket</c> already has. The parser skips a client on the first collision; the analyzers report
/// every one (TWS0009, TWS0010, TWS0025). Both call <see cref="Find"/>, so they cannot disagree.
/// </summary>
/// <remarks>
/// <c>On{Stem}</c> and <c>Events</c> clash with any member of that name; constructors, <c>Send</c>, <c>SendAsync</c> and
/// <c>DispatchMessage</c> clash with a method of the same parameter types or a non-method of that name (another
/// overload is fine). Private generated names never clash: the parser numbers them around the user's members.
/// </remarks>
internal static class MemberCollisions
{
    /// <summary>The nested class of listener keys; also why a stem cannot be <c>Events</c> (<c>Events.Events</c>).</summary>
    public const string EventsClassName = "Events";

    private const string DispatchMessageName = "DispatchMessage";

    /// <summary>Finds the collisions, in a stable order: the client's name, its own members, then inherited ones.</summary>
    /// <param name="stopAtFirst">Return after the first collision (the parser only needs to know there is one).</param>
    public static List<MemberCollision> Find(
        INamedTypeSymbol client,
        INamedTypeSymbol webSocket,
        INamedTypeSymbol webSocketOptions,
        INamedTypeSymbol? cancellationTokenType,
        IReadOnlyList<PlannedContract> contracts,
        bool stopAtFirst,
        CancellationToken cancellationToken)
    {
        var collisions = new List<MemberCollision>();

        // Names that clash with any member of the same name, whatever its kind or signature.
        var exclusiveNames = new Dictionary<string, (GeneratedMember Member, int Contract)>(StringComparer.Ordinal);
        var firstSent = -1;
        var firstReceived = -1;
        for (var i = 0; i < contracts.Count; i++)
        {
            if (contracts[i].Direction == MessageDirection.Receives)
            {
                firstReceived = firstReceived < 0 ? i : firstReceived;
                AddOnce(exclusiveNames, "On" + contracts[i].Stem, GeneratedMember.Handler, i);
                AddOnce(exclusiveNames, EventsClassName, GeneratedMember.EventsClass, i);
            }
            else
            {
                firstSent = firstSent < 0 ? i : firstSent;
            }
        }

        // Methods that clash only with a method of the same parameter types, or with a non-method of the same name.
        var overloadableNames = new Dictionary<string, (GeneratedMember Member, int Contract)>(StringComparer.Ordinal);
        if (firstSent >= 0)
        {
            overloadableNames.Add(nameof(GeneratedMember.Send), (GeneratedMember.Send, firstSent));
            overloadableNames.Add(nameof(GeneratedMember.SendAsync), (GeneratedMember.SendAsync, firstSent));
        }

        if (firstReceived >= 0)
        {
            overloadableNames.Add(DispatchMessageName, (GeneratedMember.DispatchMessage, firstReceived));
        }

        if (exclusiveNames.TryGetValue(client.Name, out var named) || overloadableNames.TryGetValue(client.Name, out named))
        {
            collisions.Add(new MemberCollision(MemberCollisionKind.ClientName, named.Member, client.Name, named.Contract, null, SameSignature: false));
            if (stopAtFirst)
            {
                return collisions;
            }
        }

        foreach (var member in client.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared || GeneratedFiles.IsDeclaredOnlyInGeneratedFiles(member))
            {
                continue;
            }

            MemberCollision? collision = null;
            if (exclusiveNames.TryGetValue(member.Name, out var exclusive))
            {
                collision = new MemberCollision(MemberCollisionKind.UserMember, exclusive.Member, member.Name, exclusive.Contract, member, SameSignature: false);
            }
            else if (member is IMethodSymbol method)
            {
                if (method.MethodKind == MethodKind.Constructor && !method.IsStatic && GeneratedConstructor(method, webSocketOptions) is { } constructor)
                {
                    collision = new MemberCollision(MemberCollisionKind.UserMember, constructor, client.Name, -1, member, SameSignature: true);
                }
                else if (FindMethodClash(method, contracts, firstReceived >= 0, cancellationTokenType) is { } clash)
                {
                    collision = new MemberCollision(MemberCollisionKind.UserMember, clash.Member, member.Name, clash.Contract, member, SameSignature: true);
                }
            }
            else if (overloadableNames.TryGetValue(member.Name, out var overloadable))
            {
                collision = new MemberCollision(MemberCollisionKind.UserMember, overloadable.Member, member.Name, -1, member, SameSignature: false);
            }

            if (collision is not null)
            {
                collisions.Add(collision);
                if (stopAtFirst)
                {
                    return collisions;
                }
            }
        }

        for (INamedTypeSymbol? baseType = webSocket; baseType is not null; baseType = baseType.BaseType)
        {
            foreach (var member in baseType.GetMembers())
            {
                if (member.IsImplicitlyDeclared || !IsVisibleToDerivedTypes(member))
                {
                    continue;
                }

                MemberCollision? collision = null;
                if (exclusiveNames.TryGetValue(member.Name, out var exclusive))
                {
                    collision = new MemberCollision(MemberCollisionKind.BaseMember, exclusive.Member, member.Name, exclusive.Contract, member, SameSignature: false);
                }
                else if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                         && member.Name != DispatchMessageName
                         && FindMethodClash(method, contracts, receives: false, cancellationTokenType) is { } clash)
                {
                    // WebSocket.Send(string)/Send(Data) and their SendAsync: a contract of that type would hide them.
                    collision = new MemberCollision(MemberCollisionKind.BaseMember, clash.Member, member.Name, clash.Contract, member, SameSignature: true);
                }

                if (collision is not null)
                {
                    collisions.Add(collision);
                    if (stopAtFirst)
                    {
                        return collisions;
                    }
                }
            }
        }

        return collisions;
    }

    /// <summary>The generated <c>RequestAsync(TRequest, TimeSpan?, CancellationToken)</c>, one per <c>[Requests]</c>.</summary>
    public const string RequestAsyncName = "RequestAsync";

    /// <summary>The generated <c>SubscribeAsync(TRequest, CancellationToken)</c>, one per <c>[Subscribes]</c>.</summary>
    public const string SubscribeAsyncName = "SubscribeAsync";

    /// <summary>
    /// Where the generated <c>RequestAsync</c> and <c>SubscribeAsync</c> methods would clash: a client named like one
    /// (CS0542; no member), a user non-method of that name, or a user method of the same parameter types. Each clash
    /// names the request (an index into <paramref name="requests"/>) and the user's member. <c>WebSocket</c> has no
    /// member of those names.
    /// </summary>
    public static List<(int Request, ISymbol? Member)> FindRequestCollisions(
        INamedTypeSymbol client, IReadOnlyList<RequestDeclaration> requests, INamedTypeSymbol? cancellationTokenType, bool stopAtFirst)
    {
        var collisions = new List<(int, ISymbol?)>();
        foreach (var subscriptions in new[] { false, true })
        {
            var name = subscriptions ? SubscribeAsyncName : RequestAsyncName;
            var first = IndexOf(requests, subscriptions, 0);
            if (first < 0)
            {
                continue;
            }

            if (client.Name == name)
            {
                collisions.Add((first, null));
                if (stopAtFirst)
                {
                    return collisions;
                }
            }

            foreach (var member in client.GetMembers(name))
            {
                if (member.IsImplicitlyDeclared || GeneratedFiles.IsDeclaredOnlyInGeneratedFiles(member))
                {
                    continue;
                }

                var index = -1;
                if (member is not IMethodSymbol method)
                {
                    index = first;
                }
                else if (method.MethodKind == MethodKind.Ordinary && method.Arity == 0 && HasGeneratedShape(method, subscriptions, cancellationTokenType))
                {
                    for (var i = IndexOf(requests, subscriptions, 0); i >= 0 && index < 0; i = IndexOf(requests, subscriptions, i + 1))
                    {
                        if (SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, requests[i].RequestType))
                        {
                            index = i;
                        }
                    }
                }

                if (index >= 0)
                {
                    collisions.Add((index, member));
                    if (stopAtFirst)
                    {
                        return collisions;
                    }
                }
            }
        }

        return collisions;
    }

    // RequestAsync(TRequest, TimeSpan?, CancellationToken) or SubscribeAsync(TRequest, CancellationToken), whatever TRequest.
    private static bool HasGeneratedShape(IMethodSymbol method, bool subscription, INamedTypeSymbol? cancellationTokenType)
    {
        var parameters = method.Parameters;
        if (subscription)
        {
            return parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(parameters[1].Type, cancellationTokenType);
        }

        return parameters.Length == 3
            && parameters[1].Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && nullable.TypeArguments[0] is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            && SymbolEqualityComparer.Default.Equals(parameters[2].Type, cancellationTokenType);
    }

    private static int IndexOf(IReadOnlyList<RequestDeclaration> requests, bool subscription, int start)
    {
        for (var i = start; i < requests.Count; i++)
        {
            if (requests[i].IsSubscription == subscription)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Public, protected and protected internal: what a class in another assembly inherits.</summary>
    public static bool IsVisibleToDerivedTypes(ISymbol member)
        => member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

    private static void AddOnce(Dictionary<string, (GeneratedMember, int)> names, string name, GeneratedMember member, int contract)
    {
        if (!names.ContainsKey(name))
        {
            names.Add(name, (member, contract));
        }
    }

    private static (GeneratedMember Member, int Contract)? FindMethodClash(
        IMethodSymbol method, IReadOnlyList<PlannedContract> contracts, bool receives, INamedTypeSymbol? cancellationTokenType)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.Arity > 0)
        {
            return null;
        }

        var parameters = method.Parameters;
        switch (method.Name)
        {
            case nameof(GeneratedMember.Send) when parameters.Length == 1:
                return FindSent(contracts, parameters[0].Type) is var sent and >= 0 ? (GeneratedMember.Send, sent) : null;

            case nameof(GeneratedMember.SendAsync) when parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(parameters[1].Type, cancellationTokenType):
                return FindSent(contracts, parameters[0].Type) is var sentAsync and >= 0 ? (GeneratedMember.SendAsync, sentAsync) : null;

            case DispatchMessageName when receives && parameters.Length == 2:
                if (parameters[0].Type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span
                    && span.TypeArguments[0].SpecialType == SpecialType.System_Byte
                    && span.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                    && parameters[1].Type.SpecialType == SpecialType.System_Boolean)
                {
                    return (GeneratedMember.DispatchMessage, -1);
                }

                return null;

            default:
                return null;
        }
    }

    private static int FindSent(IReadOnlyList<PlannedContract> contracts, ITypeSymbol type)
    {
        for (var i = 0; i < contracts.Count; i++)
        {
            if (contracts[i].Direction == MessageDirection.Sends && SymbolEqualityComparer.Default.Equals(contracts[i].Type, type))
            {
                return i;
            }
        }

        return -1;
    }

    private static GeneratedMember? GeneratedConstructor(IMethodSymbol constructor, INamedTypeSymbol webSocketOptions)
    {
        var parameters = constructor.Parameters;
        if (parameters.Length is < 1 or > 2)
        {
            return null;
        }

        var isString = parameters[0].Type.SpecialType == SpecialType.System_String;
        if (!isString && !IsSystemUri(parameters[0].Type))
        {
            return null;
        }

        if (parameters.Length == 1)
        {
            return isString ? GeneratedMember.UrlConstructor : GeneratedMember.UriConstructor;
        }

        if (!SymbolEqualityComparer.Default.Equals(parameters[1].Type, webSocketOptions))
        {
            return null;
        }

        return isString ? GeneratedMember.OptionsConstructor : GeneratedMember.UriOptionsConstructor;
    }

    private static bool IsSystemUri(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Uri", Arity: 0, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
