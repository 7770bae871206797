using System;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Declarations;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator;

/// <summary>
/// The rules a client's contracts obey as a set, per direction: each type once, each received kind once per path,
/// distinct member-name stems, and no received contract that an earlier one always takes the messages of. The parser
/// skips a client on the first broken rule that is an error; the analyzers report each one.
/// </summary>
internal static class ContractSetRules
{
    /// <summary>One set of members per type and direction (TWS0007).</summary>
    public static bool SameType(ContractDeclaration earlier, ContractDeclaration later)
        => earlier.Direction == later.Direction && SymbolEqualityComparer.Default.Equals(earlier.Type, later.Type);

    /// <summary>
    /// The same kind at the same path: for received contracts the later one is unreachable (TWS0005); for sent ones the
    /// server cannot tell them apart (TWS0006). Messages without a kind are never the same kind.
    /// </summary>
    public static bool SameKind(ContractWire earlier, ContractWire later)
        => earlier.Declaration.Direction == later.Declaration.Direction
           && earlier.Kind.Type != WireKindType.None
           && earlier.Kind.Type == later.Kind.Type
           && earlier.Kind.Number == later.Kind.Number
           && string.Equals(earlier.Kind.Text, later.Kind.Text, StringComparison.Ordinal)
           && earlier.KindPath.Equals(later.KindPath);

    /// <summary>
    /// A received contract whose every message an earlier one at the same path matches first (TWS0038): dispatch
    /// takes the first match in declaration order, so the later one is never reached.
    /// </summary>
    public static bool Shadows(ContractWire earlier, ContractWire later)
        => earlier.Declaration.Direction == MessageDirection.Receives
           && later.Declaration.Direction == MessageDirection.Receives
           && earlier.KindPath.Equals(later.KindPath)
           && later.Kind.IsShadowedBy(earlier.Kind);

    /// <summary>Two received contracts with one stem would generate the same <c>On{Stem}</c> and <c>Events.{Stem}</c> (TWS0008).</summary>
    public static bool SameStem(ContractDeclaration earlier, ContractDeclaration later)
        => earlier.Direction == MessageDirection.Receives && later.Direction == MessageDirection.Receives
           && string.Equals(earlier.Stem, later.Stem, StringComparison.Ordinal);

    /// <summary>A received stem <c>Events</c> would need the member <c>Events.Events</c> (TWS0025).</summary>
    public static bool HasEventsStem(ContractDeclaration contract)
        => contract.Direction == MessageDirection.Receives && contract.Stem == MemberCollisions.EventsClassName;
}
