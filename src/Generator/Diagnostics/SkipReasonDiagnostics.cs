using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator.Diagnostics;

/// <summary>
/// Which diagnostics explain each reason the generator skips a client. Every <see cref="ClientSkipReason"/> must have
/// one: a skipped client gets no generated members, and without a diagnostic at the cause the user would only see the
/// errors of code that calls them. The tests enumerate the reasons, fail on any without an entry, and check that a
/// client skipped for a reason is reported with one of its diagnostics.
/// </summary>
internal static class SkipReasonDiagnostics
{
    /// <summary>The diagnostics (at least one of which is reported on user code) for <paramref name="reason"/>; empty for <see cref="ClientSkipReason.None"/>.</summary>
    public static ImmutableArray<DiagnosticDescriptor> For(ClientSkipReason reason) => reason switch
    {
        ClientSkipReason.RuntimeTypesMissing => [DiagnosticDescriptors.RuntimeTypesNotFound],
        ClientSkipReason.NotAClass => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.Record => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.NotPartial => [DiagnosticDescriptors.ClientMustBePartial],
        ClientSkipReason.Static => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.Abstract => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.Generic => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.FileLocal => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.ContainingTypeNotPartial => [DiagnosticDescriptors.ContainingTypeMustBePartial],
        ClientSkipReason.GenericContainingType => [DiagnosticDescriptors.UnsupportedClientDeclaration],
        ClientSkipReason.InvalidBaseClass => [DiagnosticDescriptors.ClientHasOtherBaseClass, DiagnosticDescriptors.ClientDeclarationHasErrors],
        ClientSkipReason.InvalidAttribute => [DiagnosticDescriptors.ClientDeclarationHasErrors],
        ClientSkipReason.InvalidDiscriminatorProperty => [DiagnosticDescriptors.EmptyWireName],
        ClientSkipReason.InvalidEnvelopeProperty => [DiagnosticDescriptors.EmptyWireName],
        ClientSkipReason.InvalidRequestProperty => [DiagnosticDescriptors.EmptyWireName],
        ClientSkipReason.IllFormedPath => [DiagnosticDescriptors.IllFormedPath],
        ClientSkipReason.EnvelopeSameAsDiscriminator => [DiagnosticDescriptors.EnvelopeSameAsDiscriminator],
        ClientSkipReason.RequestPropertyCollision => [DiagnosticDescriptors.RequestPropertySharesName],
        ClientSkipReason.RequestWithoutKind => [DiagnosticDescriptors.RequestWithoutKind],
        ClientSkipReason.CorrelatedPathOverlapsCorrelationId => [DiagnosticDescriptors.CorrelatedPathOverlapsCorrelationId],
        ClientSkipReason.SubscriptionKindsOverlap => [DiagnosticDescriptors.SubscriptionKindsOverlap],
        ClientSkipReason.InvalidJsonContext => [DiagnosticDescriptors.JsonContextIsNotSerializerContext],
        ClientSkipReason.InvalidPlainTextMessage => [DiagnosticDescriptors.EmptyWireName, DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode],
        ClientSkipReason.UnsupportedContractType => [DiagnosticDescriptors.UnsupportedContractType],
        ClientSkipReason.InvalidDiscriminator => [DiagnosticDescriptors.EmptyWireName, DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode],
        ClientSkipReason.InvalidContractPath => [DiagnosticDescriptors.EmptyWireName, DiagnosticDescriptors.IllFormedPath],
        ClientSkipReason.ReceivedWithoutKind => [DiagnosticDescriptors.ReceivedContractWithoutKind],
        ClientSkipReason.InvalidKindPattern => [DiagnosticDescriptors.InvalidKindPattern],
        ClientSkipReason.ContractEnvelopeOverlapsDiscriminator => [DiagnosticDescriptors.ContractEnvelopeOverlapsDiscriminator],
        ClientSkipReason.InvalidMemberName => [DiagnosticDescriptors.InvalidMemberNameStem],
        ClientSkipReason.ContractLessAccessible => [DiagnosticDescriptors.ContractLessAccessibleThanClient],
        ClientSkipReason.DuplicateContractType => [DiagnosticDescriptors.DuplicateContract],
        ClientSkipReason.DuplicateDiscriminator => [DiagnosticDescriptors.DuplicateReceivedDiscriminator],
        ClientSkipReason.HandlerNameCollision => [DiagnosticDescriptors.DuplicateHandlerName, DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType],
        ClientSkipReason.InvalidSentProperty => [DiagnosticDescriptors.EmptyWireName, DiagnosticDescriptors.DiscriminatorNotWellFormedUnicode],
        ClientSkipReason.SentPropertyCollision => [DiagnosticDescriptors.SentPropertyCollision],
        ClientSkipReason.MemberCollision =>
        [
            DiagnosticDescriptors.MemberConflictsWithGeneratedMember,
            DiagnosticDescriptors.GeneratedMemberHidesBaseMember,
            DiagnosticDescriptors.GeneratedMemberNamedLikeEnclosingType,
        ],
        _ => [],
    };
}
