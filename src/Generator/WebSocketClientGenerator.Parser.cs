using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedWebSockets.Generator.Declarations;
using TypedWebSockets.Generator.Helpers;
using TypedWebSockets.Generator.Model;
using TypedWebSockets.Messaging;

namespace TypedWebSockets.Generator;

public sealed partial class WebSocketClientGenerator
{
    /// <summary>
    /// Turns a <c>[WebSocketClient]</c> class into a <see cref="ClientSpec"/>, or into the <see cref="ClientSkipReason"/>
    /// that makes the generator emit nothing for it. It reads the attributes once (<see cref="ClientAttributes"/>),
    /// applies the rules in the order of <see cref="ClientSkipReason"/> (<see cref="DeclarationRules"/>,
    /// <see cref="WireRules"/>, <see cref="ContractTypeRules"/>, <see cref="ContractSetRules"/>, <see cref="MemberCollisions"/>,
    /// shared with the analyzers, which report every case the generator skips), and builds the model.
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        // JsonKnownNamingPolicy's members by value; JsonNumberHandling's flags.
        private static readonly string[] s_namingPolicies = ["Unspecified", "CamelCase", "SnakeCaseLower", "SnakeCaseUpper", "KebabCaseLower", "KebabCaseUpper"];
        private static readonly (int Flag, string Name)[] s_numberHandlings = [(1, "AllowReadingFromString"), (2, "WriteAsString"), (4, "AllowNamedFloatingPointLiterals")];

        /// <summary>The transform of the pipeline: symbols in, an equatable result out.</summary>
        public static ClientParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var name = context.TargetSymbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (context.TargetSymbol is not INamedTypeSymbol client)
            {
                return new ClientParseResult(name, null, ClientSkipReason.NotAClass);
            }

            var outcome = ParseClient(client, context.SemanticModel.Compilation, cancellationToken);
            return new ClientParseResult(name, outcome.Spec, outcome.SkipReason);
        }

        /// <summary>Parses and validates one client. Not cached: the outcome may hold the offending attribute.</summary>
        public static ClientParseOutcome ParseClient(INamedTypeSymbol client, Compilation compilation, CancellationToken cancellationToken)
        {
            var known = KnownTypes.TryCreate(compilation);
            if (known is null || !known.HasRuntimeTypes)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.RuntimeTypesMissing);
            }

            var declarationProblem = DeclarationRules.Validate(client, known, cancellationToken);
            if (declarationProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(declarationProblem);
            }

            var attributes = ClientAttributes.Read(client, known);
            if (attributes.RepeatedClientAttribute is { } repeated)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.InvalidAttribute, repeated);
            }

            if (attributes.Client is not { } clientAttribute)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.InvalidAttribute);
            }

            var (format, formatProblem) = ReadClient(clientAttribute, client, compilation, known);
            if (formatProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(formatProblem, clientAttribute.Attribute);
            }

            // The correlation id and error property only travel with requests: without any, their names cannot clash.
            var hasRequests = attributes.Requests.Count > 0 || attributes.InvalidRequests.Count > 0;
            if (hasRequests && WireRules.FindRequestPropertyCollisions(format!.Wire).Count > 0)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.RequestPropertyCollision, clientAttribute.Attribute);
            }

            var contracts = new List<ContractWire>(attributes.Contracts.Count);
            foreach (var declaration in attributes.Contracts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (contract, problem) = ReadContract(declaration, format!.Wire, client);
                if (problem != ClientSkipReason.None)
                {
                    return ClientParseOutcome.Skip(problem, declaration.Attribute);
                }

                contracts.Add(contract!);
            }

            if (attributes.InvalidRequests.Count > 0)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.InvalidAttribute, attributes.InvalidRequests[0]);
            }

            foreach (var request in attributes.Requests)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var problem = ValidateRequest(request, format!.Wire, client);
                if (problem != ClientSkipReason.None)
                {
                    return ClientParseOutcome.Skip(problem, request.Attribute);
                }
            }

            if (attributes.InvalidSentProperties.Count > 0)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.InvalidAttribute, attributes.InvalidSentProperties[0]);
            }

            foreach (var property in attributes.SentProperties)
            {
                if (NamingRules.IsBlank(property.Name) || WireSyntaxProblem(property.Name!) || (property.Value is string text && WireSyntaxProblem(text)))
                {
                    return ClientParseOutcome.Skip(ClientSkipReason.InvalidSentProperty, property.Attribute);
                }
            }

            var (setProblem, culprit) = ValidateContractSet(contracts);
            if (setProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(setProblem, culprit);
            }

            (setProblem, culprit) = ValidateRequestSet(attributes.Requests);
            if (setProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(setProblem, culprit);
            }

            var sent = contracts.FindAll(contract => contract.Declaration.Direction == MessageDirection.Sends);
            var sentCollisions = WireRules.FindSentPropertyCollisions(attributes.SentProperties, sent, format!.Wire, hasRequests);
            if (sentCollisions.Count > 0)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.SentPropertyCollision, attributes.SentProperties[sentCollisions[0].Constant].Attribute);
            }

            var (collision, collidingAttribute) = FindMemberCollision(client, known, contracts, cancellationToken);
            if (collision != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(collision, collidingAttribute);
            }

            (collision, collidingAttribute) = FindRequestCollision(client, known, attributes.Requests);
            if (collision != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(collision, collidingAttribute);
            }

            return new ClientParseOutcome(CreateSpec(client, format, contracts, attributes, known), ClientSkipReason.None, null);
        }

        private static ClientSpec CreateSpec(INamedTypeSymbol client, ClientFormat format, List<ContractWire> contracts, ClientAttributes attributes, KnownTypes known)
        {
            var privateNames = new PrivateNames(client, known);
            var hasMessages = contracts.Count > 0 || attributes.Requests.Count > 0;
            var messageFormatField = hasMessages ? privateNames.Claim("s_messageFormat") : string.Empty;
            var specs = AssignMemberNames(contracts, privateNames);
            var requestSpecs = new List<RequestSpec>(attributes.Requests.Count);
            foreach (var request in attributes.Requests)
            {
                var allowsNull = AllowsNull(request.ResponseType);
                requestSpecs.Add(new RequestSpec(
                    CreateTypeRef(request.RequestType),
                    allowsNull && request.ResponseType.IsReferenceType
                        ? new TypeRef(request.ResponseType.ToDisplayString(s_typeFormat), CreateDocReference(request.ResponseType))
                        : CreateTypeRef(request.ResponseType),
                    ContractTypeRules.CanBeNull(request.RequestType),
                    request.Discriminator,
                    request.ExplicitNumber is { } number ? new KindSpec(KindSpecType.Number, number.ToString(CultureInfo.InvariantCulture)) : new KindSpec(KindSpecType.String, request.Discriminator),
                    privateNames.Claim("s_" + NamingRules.ToCamelCase(NamingRules.GetTypeStem(request.RequestType)) + (request.IsSubscription ? "Subscription" : "Request")),
                    request.IsSubscription,
                    !request.IsSubscription && allowsNull,
                    CorrelatedOptions(request)));
            }

            // Without a JSON context the contracts are created with reflection: the client as a whole is what
            // trimming and NativeAOT must be warned about, where it is constructed (not inside the generated file).
            var usesReflection = format.JsonContext is null && hasMessages;
            return new ClientSpec(
                CreateHierarchy(client),
                CreateTypeRef(client),
                CreateFormat(format, contracts, attributes),
                format.JsonContext is null ? null : CreateTypeRef(format.JsonContext),
                messageFormatField,
                specs.ToEquatableArray(),
                requestSpecs.ToEquatableArray(),
                AddRequiresUnreferencedCode: usesReflection && !DeclarationRules.HasAttribute(client, TypeNames.RequiresUnreferencedCodeAttribute),
                AddRequiresDynamicCode: usesReflection && !DeclarationRules.HasAttribute(client, TypeNames.RequiresDynamicCodeAttribute),
                ReflectionCheckField: usesReflection ? privateNames.Claim("_reflectionEnabled") : string.Empty);
        }

        private static MessageFormatSpec CreateFormat(ClientFormat format, List<ContractWire> contracts, ClientAttributes attributes)
        {
            var wire = format.Wire;
            var received = contracts.FindAll(contract => contract.Declaration.Direction == MessageDirection.Receives);
            var readPaths = WireRules.ReadPaths(received);
            var defaultPaths = WireRules.DefaultReadPaths(wire);
            var isDefault = received.Count == 0 || SamePaths(readPaths, defaultPaths);

            var sentProperties = new List<SentPropertySpec>(attributes.SentProperties.Count);
            foreach (var property in attributes.SentProperties)
            {
                sentProperties.Add(new SentPropertySpec(property.Name!, property.ValueLiteral));
            }

            var plainTexts = new List<string>();
            foreach (var text in format.Declaration.PlainTextMessages)
            {
                plainTexts.Add(text!);
            }

            return new MessageFormatSpec(
                format.Declaration.Discriminator!,
                wire.Envelope.IsRoot ? null : format.Declaration.Envelope,
                isDefault ? EquatableArray<string>.Empty : readPaths.ConvertAll(path => path.Text).ToEquatableArray(),
                isDefault ? defaultPaths.Count : readPaths.Count,
                sentProperties.ToEquatableArray(),
                format.Declaration.Batches,
                plainTexts.ToEquatableArray(),
                format.JsonContext is null ? NamingPolicy(format.Declaration) : null,
                format.JsonContext is null ? NumberHandling(format.Declaration) : null,
                attributes.Requests.Count > 0 ? CreateCorrelation(format, attributes.Requests) : null);
        }

        // A response that may be null: Nullable<T>, or a reference type written with '?' (Binance's {"result":null,"id":1}).
        private static bool AllowsNull(ITypeSymbol type)
            => type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
               || (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated);

        private static EquatableArray<OptionSpec> CorrelatedOptions(RequestDeclaration request)
        {
            var options = new List<OptionSpec>();
            Add(options, "DiscriminatorProperty", request.DiscriminatorProperty);
            Add(options, "Envelope", request.Envelope);
            Add(options, "ResponseEnvelope", request.ResponseEnvelope);
            Add(options, "ErrorDiscriminator", request.ErrorDiscriminator);
            if (request.IsSubscription)
            {
                Add(options, "ItemEnvelope", request.ItemEnvelope);
                Add(options, "ItemDiscriminator", request.ItemDiscriminator);
                Add(options, "CompleteDiscriminator", request.CompleteDiscriminator);
                Add(options, "StopDiscriminator", request.StopDiscriminator);
            }

            return options.ToEquatableArray();
        }

        private static void Add(List<OptionSpec> options, string name, string? value)
        {
            if (value is not null)
            {
                options.Add(new OptionSpec(name, value));
            }
        }

        // The client's correlation options that differ from the runtime's defaults, and the reply paths the pairs read
        // beyond the client's (their own kind paths, when they compare reply kinds, and payload paths).
        private static CorrelationSpec? CreateCorrelation(ClientFormat format, List<RequestDeclaration> requests)
        {
            var client = format.Declaration;
            var options = new List<OptionSpec>();
            if (client.CorrelationId != WebSocketClientDeclaration.DefaultCorrelationId)
            {
                Add(options, "CorrelationId", client.CorrelationId);
            }

            Add(options, "ReplyCorrelationId", client.ReplyCorrelationId);
            if (client.ErrorProperty != WebSocketClientDeclaration.DefaultErrorProperty)
            {
                Add(options, "ErrorProperty", client.ErrorProperty);
            }

            Add(options, "ResponseEnvelope", client.ResponseEnvelope);

            var wire = format.Wire;
            var known = new List<WirePath> { wire.ReplyCorrelationId, wire.ErrorProperty, wire.Discriminator, wire.ResponseEnvelope };
            var readPaths = new List<string>();
            foreach (var request in requests)
            {
                CorrelatedRules.Resolve(request, wire, out var resolved, out _, out _);
                var comparesKinds = request.ErrorDiscriminator is not null || (request.IsSubscription && (request.ItemDiscriminator ?? request.CompleteDiscriminator) is not null);
                foreach (var path in new[] { comparesKinds ? resolved!.KindPath : WirePath.Root, resolved!.PayloadPath })
                {
                    if (!path.IsRoot && !known.Contains(path))
                    {
                        known.Add(path);
                        readPaths.Add(path.Text);
                    }
                }
            }

            var stringIds = client.CorrelationIdFormat == 1;
            return options.Count == 0 && !stringIds && readPaths.Count == 0
                ? null
                : new CorrelationSpec(options.ToEquatableArray(), stringIds, readPaths.ToEquatableArray());
        }

        private static bool SamePaths(List<WirePath> left, List<WirePath> right)
        {
            if (left.Count != right.Count)
            {
                return false;
            }

            for (var i = 0; i < left.Count; i++)
            {
                if (!left[i].Equals(right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        // The values a reflection-mode client passes on: only defined ones that differ from the web defaults (TWS0042 otherwise).
        internal static string? NamingPolicy(WebSocketClientDeclaration client)
            => client.IsNamingPolicySet && client.NamingPolicy != WebSocketClientDeclaration.DefaultNamingPolicy && IsDefinedNamingPolicy(client.NamingPolicy)
                ? s_namingPolicies[client.NamingPolicy]
                : null;

        internal static string? NumberHandling(WebSocketClientDeclaration client)
        {
            if (!client.IsNumberHandlingSet || client.NumberHandling == WebSocketClientDeclaration.DefaultNumberHandling || !IsDefinedNumberHandling(client.NumberHandling))
            {
                return null;
            }

            var flags = new List<string>();
            foreach (var (flag, name) in s_numberHandlings)
            {
                if ((client.NumberHandling & flag) != 0)
                {
                    flags.Add(name);
                }
            }

            return flags.Count == 0 ? "Strict" : string.Join(" | ", flags);
        }

        internal static bool IsDefinedNamingPolicy(int value) => value >= 0 && value < s_namingPolicies.Length;

        internal static bool IsDefinedNumberHandling(int value) => (value & ~7) == 0;

        private static (ClientFormat? Format, ClientSkipReason Problem) ReadClient(WebSocketClientDeclaration client, INamedTypeSymbol symbol, Compilation compilation, KnownTypes known)
        {
            if (client.HasCompileErrors)
            {
                return (null, ClientSkipReason.InvalidAttribute);
            }

            var problem = WireRules.ReadClient(client, out var wire, out _, out _);
            switch (problem)
            {
                case ClientWireProblem.BlankDiscriminator:
                    return (null, ClientSkipReason.InvalidDiscriminatorProperty);
                case ClientWireProblem.BlankEnvelope:
                    return (null, ClientSkipReason.InvalidEnvelopeProperty);
                case ClientWireProblem.BlankRequestProperty:
                    return (null, ClientSkipReason.InvalidRequestProperty);
                case ClientWireProblem.IllFormedPath:
                    return (null, ClientSkipReason.IllFormedPath);
                case ClientWireProblem.EnvelopeOverlapsDiscriminator:
                    return (null, ClientSkipReason.EnvelopeSameAsDiscriminator);
            }

            INamedTypeSymbol? jsonContext = null;
            if (client.JsonContext is not null || client.JsonContextIsNotAType)
            {
                if (client.JsonContext is not INamedTypeSymbol context
                    || JsonContextRules.GetProblem(context, symbol, compilation, known.JsonSerializerContext) != JsonContextProblem.None)
                {
                    return (null, ClientSkipReason.InvalidJsonContext);
                }

                jsonContext = context;
            }

            foreach (var text in client.PlainTextMessages)
            {
                if (text is null || WireSyntaxProblem(text))
                {
                    return (null, ClientSkipReason.InvalidPlainTextMessage);
                }
            }

            return (new ClientFormat(client, wire!, jsonContext), ClientSkipReason.None);
        }

        private static (ContractWire? Contract, ClientSkipReason Problem) ReadContract(ContractDeclaration declaration, ClientWire client, INamedTypeSymbol symbol)
        {
            if (declaration.HasCompileErrors)
            {
                return (null, ClientSkipReason.InvalidAttribute);
            }

            if (!ContractTypeRules.IsUsableContractType(declaration.Type))
            {
                return (null, ClientSkipReason.UnsupportedContractType);
            }

            var problem = WireRules.ResolveContract(declaration, client, out var contract, out _, out _, out _) switch
            {
                ContractWireProblem.None => ClientSkipReason.None,
                ContractWireProblem.BlankKind or ContractWireProblem.KindNotUnicode => ClientSkipReason.InvalidDiscriminator,
                ContractWireProblem.BlankPath or ContractWireProblem.IllFormedPath => ClientSkipReason.InvalidContractPath,
                ContractWireProblem.ReceivedWithoutKind => ClientSkipReason.ReceivedWithoutKind,
                ContractWireProblem.InvalidPattern => ClientSkipReason.InvalidKindPattern,
                _ => ClientSkipReason.ContractEnvelopeOverlapsDiscriminator,
            };
            if (problem != ClientSkipReason.None)
            {
                return (null, problem);
            }

            if (declaration.HasName && !NamingRules.IsValidMemberName(declaration.Name))
            {
                return (null, ClientSkipReason.InvalidMemberName);
            }

            if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(declaration.Type, symbol))
            {
                return (null, ClientSkipReason.ContractLessAccessible);
            }

            return (contract, ClientSkipReason.None);
        }

        // A request is checked like a sent contract, its response like a received one: same skip reasons.
        private static ClientSkipReason ValidateRequest(RequestDeclaration request, ClientWire wire, INamedTypeSymbol client)
        {
            if (!ContractTypeRules.IsUsableContractType(request.RequestType) || !ContractTypeRules.IsUsableContractType(request.ResponseType))
            {
                return ClientSkipReason.UnsupportedContractType;
            }

            if (request.ExplicitDiscriminator is { } discriminator && (NamingRules.IsBlank(discriminator) || WireSyntaxProblem(discriminator)))
            {
                return ClientSkipReason.InvalidDiscriminator;
            }

            var problem = CorrelatedRules.Resolve(request, wire, out _, out _, out _) switch
            {
                CorrelatedProblem.None => ClientSkipReason.None,
                CorrelatedProblem.BlankPath or CorrelatedProblem.IllFormedPath => ClientSkipReason.InvalidContractPath,
                CorrelatedProblem.RequestWithoutKind => ClientSkipReason.RequestWithoutKind,
                CorrelatedProblem.EnvelopeOverlapsKind => ClientSkipReason.ContractEnvelopeOverlapsDiscriminator,
                CorrelatedProblem.PathOverlapsCorrelationId => ClientSkipReason.CorrelatedPathOverlapsCorrelationId,
                CorrelatedProblem.BlankKind or CorrelatedProblem.KindNotUnicode => ClientSkipReason.InvalidDiscriminator,
                _ => ClientSkipReason.SubscriptionKindsOverlap,
            };
            if (problem != ClientSkipReason.None)
            {
                return problem;
            }

            if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(request.RequestType, client)
                || !AccessibilityDomain.IsVisibleWhereverClientMembersAre(request.ResponseType, client))
            {
                return ClientSkipReason.ContractLessAccessible;
            }

            return ClientSkipReason.None;
        }

        // Text the runtime writes as UTF-8 must be valid UTF-16 (TWS0026).
        private static bool WireSyntaxProblem(string text) => WireSyntax.IndexOfUnpairedSurrogate(text) >= 0;

        // One RequestAsync per request type. Two requests may share a discriminator (replies are matched by id; the
        // analyzers warn, TWS0029), like two sent contracts.
        private static (ClientSkipReason Problem, AttributeData? Culprit) ValidateRequestSet(List<RequestDeclaration> requests)
        {
            for (var i = 0; i < requests.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (requests[j].IsSubscription == requests[i].IsSubscription
                        && SymbolEqualityComparer.Default.Equals(requests[j].RequestType, requests[i].RequestType))
                    {
                        return (ClientSkipReason.DuplicateContractType, requests[i].Attribute);
                    }
                }
            }

            return (ClientSkipReason.None, null);
        }

        // Per direction a type may appear once; received contracts need distinct kinds (per path) and member stems.
        // What the analyzers only warn about (a shared sent kind, a shadowed received contract) does not skip.
        private static (ClientSkipReason Problem, AttributeData? Culprit) ValidateContractSet(List<ContractWire> contracts)
        {
            for (var i = 0; i < contracts.Count; i++)
            {
                var contract = contracts[i];
                var declaration = contract.Declaration;
                for (var j = 0; j < i; j++)
                {
                    var earlier = contracts[j];
                    if (ContractSetRules.SameType(earlier.Declaration, declaration))
                    {
                        return (ClientSkipReason.DuplicateContractType, declaration.Attribute);
                    }

                    if (declaration.Direction == MessageDirection.Receives && ContractSetRules.SameKind(earlier, contract))
                    {
                        return (ClientSkipReason.DuplicateDiscriminator, declaration.Attribute);
                    }

                    if (ContractSetRules.SameStem(earlier.Declaration, declaration))
                    {
                        return (ClientSkipReason.HandlerNameCollision, declaration.Attribute);
                    }
                }

                if (ContractSetRules.HasEventsStem(declaration))
                {
                    return (ClientSkipReason.HandlerNameCollision, declaration.Attribute);
                }
            }

            return (ClientSkipReason.None, null);
        }

        // One static contract field per distinct (type, kind, paths): a type sent and received the same way shares it.
        // Private names never block generation: they step aside from the user's members.
        private static List<MessageContractSpec> AssignMemberNames(List<ContractWire> contracts, PrivateNames names)
        {
            var fields = new List<(ContractWire Contract, string Field)>();
            var specs = new List<MessageContractSpec>(contracts.Count);

            // A type both sent and received is formatted once: its display strings are much of the parse's allocations.
            var typeRefs = new Dictionary<ITypeSymbol, TypeRef>(SymbolEqualityComparer.IncludeNullability);
            foreach (var contract in contracts)
            {
                var declaration = contract.Declaration;
                string? field = null;
                foreach (var existing in fields)
                {
                    if (SymbolEqualityComparer.Default.Equals(existing.Contract.Declaration.Type, declaration.Type)
                        && existing.Contract.Kind.Equals(contract.Kind)
                        && existing.Contract.KindPath.Equals(contract.KindPath)
                        && existing.Contract.EnvelopePath.Equals(contract.EnvelopePath))
                    {
                        field = existing.Field;
                        break;
                    }
                }

                if (field is null)
                {
                    // The same type the other way under another kind names its direction.
                    var stem = "s_" + NamingRules.ToCamelCase(declaration.Stem);
                    field = names.IsFree(stem + "Contract")
                        ? names.Claim(stem + "Contract")
                        : names.Claim(stem + (declaration.Direction == MessageDirection.Sends ? "Sent" : "Received") + "Contract");
                    fields.Add((contract, field));
                }

                if (!typeRefs.TryGetValue(declaration.Type, out var typeRef))
                {
                    typeRef = CreateTypeRef(declaration.Type);
                    typeRefs.Add(declaration.Type, typeRef);
                }

                specs.Add(new MessageContractSpec(
                    declaration.Direction,
                    typeRef,
                    ContractTypeRules.CanBeNull(declaration.Type),
                    CreateKind(contract.Kind),
                    declaration.DiscriminatorProperty,
                    declaration.Envelope,
                    declaration.Stem,
                    field,
                    declaration.Direction == MessageDirection.Receives ? names.Claim("_on" + declaration.Stem) : string.Empty));
            }

            return specs;
        }

        private static KindSpec CreateKind(WireKind kind) => kind.Type switch
        {
            WireKindType.None => new KindSpec(KindSpecType.None, string.Empty),
            WireKindType.Number => new KindSpec(KindSpecType.Number, kind.Number.ToString(CultureInfo.InvariantCulture)),
            WireKindType.Prefix or WireKindType.Suffix => new KindSpec(KindSpecType.Pattern, kind.Text),
            _ => new KindSpec(KindSpecType.String, kind.Text),
        };

        // The generated public surface must not clash with what the user wrote, with what WebSocket already has, or
        // with the client's own name. The rules are shared with the analyzers (TWS0009, TWS0010, TWS0025).
        private static (ClientSkipReason Problem, AttributeData? Culprit) FindMemberCollision(
            INamedTypeSymbol client, KnownTypes known, List<ContractWire> contracts, CancellationToken cancellationToken)
        {
            var planned = new List<PlannedContract>(contracts.Count);
            foreach (var contract in contracts)
            {
                planned.Add(new PlannedContract(contract.Declaration.Direction, contract.Declaration.Type, contract.Declaration.Stem));
            }

            var collisions = MemberCollisions.Find(
                client, known.WebSocket!, known.WebSocketOptions!, known.CancellationToken, planned, stopAtFirst: true, cancellationToken);
            if (collisions.Count == 0)
            {
                return (ClientSkipReason.None, null);
            }

            var index = collisions[0].ContractIndex;
            return (ClientSkipReason.MemberCollision, index >= 0 ? contracts[index].Declaration.Attribute : null);
        }

        // RequestAsync(TRequest, TimeSpan?, CancellationToken) must not clash with the user's members (TWS0009) or the client's name (TWS0025).
        private static (ClientSkipReason Problem, AttributeData? Culprit) FindRequestCollision(
            INamedTypeSymbol client, KnownTypes known, List<RequestDeclaration> requests)
        {
            var collisions = MemberCollisions.FindRequestCollisions(client, requests, known.CancellationToken, stopAtFirst: true);
            return collisions.Count == 0
                ? (ClientSkipReason.None, null)
                : (ClientSkipReason.MemberCollision, requests[collisions[0].Request].Attribute);
        }

        private static HierarchyInfo CreateHierarchy(INamedTypeSymbol client)
        {
            var namespaceParts = new List<string>();
            for (var ns = client.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                namespaceParts.Insert(0, ns.Name);
            }

            var containingTypes = new List<ContainingTypeInfo>();
            for (var type = client.ContainingType; type is not null; type = type.ContainingType)
            {
                var keyword = (type.TypeKind, type.IsRecord) switch
                {
                    (TypeKind.Struct, true) => "record struct",
                    (TypeKind.Struct, false) => "struct",
                    (TypeKind.Interface, _) => "interface",
                    (_, true) => "record",
                    _ => "class",
                };
                containingTypes.Insert(0, new ContainingTypeInfo(type.Name, keyword));
            }

            return new HierarchyInfo(
                namespaceParts.Count == 0 ? null : string.Join(".", namespaceParts),
                containingTypes.ToEquatableArray(),
                client.Name);
        }

        private static TypeRef CreateTypeRef(ITypeSymbol type)
        {
            if (type.IsReferenceType)
            {
                type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            }

            return new TypeRef(type.ToDisplayString(s_typeFormat), CreateDocReference(type));
        }

        // A cref can name a plain type but not a constructed generic, an array or a tuple: those are shown as code.
        private static string CreateDocReference(ITypeSymbol type)
        {
            var canCref = type is INamedTypeSymbol { IsTupleType: false } named;
            for (var current = type as INamedTypeSymbol; canCref && current is not null; current = current.ContainingType)
            {
                canCref = current.Arity == 0;
            }

            return canCref
                ? "<see cref=\"" + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "\"/>"
                : "<c>" + EscapeXml(type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)) + "</c>";
        }

        private static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        /// <summary>
        /// Hands out the generated private names (<c>s_messageFormat</c>, <c>s_{stem}Contract</c>, <c>_on{Stem}</c>),
        /// numbering a name when the user's client, or what it inherits, already has a member called so.
        /// </summary>
        private sealed class PrivateNames
        {
            private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

            public PrivateNames(INamedTypeSymbol client, KnownTypes known)
            {
                _taken.Add(client.Name);
                foreach (var member in client.GetMembers())
                {
                    if (!member.IsImplicitlyDeclared && !GeneratedFiles.IsDeclaredOnlyInGeneratedFiles(member))
                    {
                        _taken.Add(member.Name);
                    }
                }

                for (var baseType = known.WebSocket; baseType is not null; baseType = baseType.BaseType)
                {
                    foreach (var member in baseType.GetMembers())
                    {
                        if (MemberCollisions.IsVisibleToDerivedTypes(member))
                        {
                            _taken.Add(member.Name);
                        }
                    }
                }
            }

            public bool IsFree(string name) => !_taken.Contains(name);

            public string Claim(string name)
            {
                var claimed = name;
                for (var number = 2; !_taken.Add(claimed); number++)
                {
                    claimed = name + number.ToString(CultureInfo.InvariantCulture);
                }

                return claimed;
            }
        }

        /// <summary>The client's attribute with its parsed paths and its resolved <c>JsonContext</c>.</summary>
        private sealed record ClientFormat(WebSocketClientDeclaration Declaration, ClientWire Wire, INamedTypeSymbol? JsonContext);
    }

    /// <summary>
    /// What <see cref="Parser.ParseClient"/> found: a spec, or why there is none and, when one attribute is to blame,
    /// that attribute (so an analyzer can point at it). Holds symbols: never cached in the pipeline.
    /// </summary>
    internal sealed class ClientParseOutcome
    {
        public ClientParseOutcome(ClientSpec? spec, ClientSkipReason skipReason, AttributeData? culprit)
        {
            Spec = spec;
            SkipReason = skipReason;
            Culprit = culprit;
        }

        public ClientSpec? Spec { get; }

        public ClientSkipReason SkipReason { get; }

        public AttributeData? Culprit { get; }

        public static ClientParseOutcome Skip(ClientSkipReason reason, AttributeData? culprit = null) => new(null, reason, culprit);
    }
}
