using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedWebSockets.Generator.Helpers;
using TypedWebSockets.Generator.Model;

namespace TypedWebSockets.Generator;

public sealed partial class WebSocketClientGenerator
{
    /// <summary>
    /// Turns a <c>[WebSocketClient]</c> class into a <see cref="ClientSpec"/>, or into the <see cref="ClientSkipReason"/>
    /// that makes the generator emit nothing for it. Every rule the generator enforces lives here, in the order of
    /// <see cref="ClientSkipReason"/>, so the analyzers can report exactly the cases the generator skips
    /// (<see cref="ParseClient"/> takes a symbol and returns the offending attribute with the reason).
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

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
            var known = KnownTypeSymbols.Create(compilation);
            if (known is null)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.RuntimeTypesMissing);
            }

            var declarationProblem = ValidateDeclaration(client, known, cancellationToken);
            if (declarationProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(declarationProblem);
            }

            AttributeData? clientAttribute = null;
            var contractAttributes = new List<(AttributeData Attribute, MessageDirection Direction)>();
            var requestAttributes = new List<AttributeData>();
            foreach (var attribute in client.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(attributeClass, known.WebSocketClientAttribute))
                {
                    if (clientAttribute is not null)
                    {
                        return ClientParseOutcome.Skip(ClientSkipReason.InvalidAttribute, attribute);
                    }

                    clientAttribute = attribute;
                }
                else if (attributeClass.IsGenericType && SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.SendsAttribute))
                {
                    contractAttributes.Add((attribute, MessageDirection.Sends));
                }
                else if (attributeClass.IsGenericType && SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.ReceivesAttribute))
                {
                    contractAttributes.Add((attribute, MessageDirection.Receives));
                }
                else if (known.RequestsAttribute is not null && attributeClass.IsGenericType
                         && SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, known.RequestsAttribute))
                {
                    requestAttributes.Add(attribute);
                }
            }

            if (clientAttribute is null)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.InvalidAttribute);
            }

            var format = ReadClientAttribute(clientAttribute, client, compilation, known);
            if (format.Problem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(format.Problem, clientAttribute);
            }

            // The correlation id and error property only travel with requests: without any, their names cannot clash.
            if (requestAttributes.Count > 0
                && FindRequestPropertyCollisions(format.DiscriminatorProperty, format.EnvelopeProperty, format.CorrelationProperty, format.ErrorProperty).Count > 0)
            {
                return ClientParseOutcome.Skip(ClientSkipReason.RequestPropertyCollision, clientAttribute);
            }

            var contracts = new List<ContractDeclaration>(contractAttributes.Count);
            foreach (var (attribute, direction) in contractAttributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (contract, problem) = ReadContractAttribute(attribute, direction, client);
                if (problem != ClientSkipReason.None)
                {
                    return ClientParseOutcome.Skip(problem, attribute);
                }

                contracts.Add(contract!);
            }

            var requests = new List<RequestDeclaration>(requestAttributes.Count);
            foreach (var attribute in requestAttributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (request, problem) = ReadRequestsAttribute(attribute, client);
                if (problem != ClientSkipReason.None)
                {
                    return ClientParseOutcome.Skip(problem, attribute);
                }

                requests.Add(request!);
            }

            var (setProblem, culprit) = ValidateContractSet(contracts);
            if (setProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(setProblem, culprit);
            }

            (setProblem, culprit) = ValidateRequestSet(requests);
            if (setProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(setProblem, culprit);
            }

            var (collision, collidingAttribute) = FindMemberCollision(client, known, contracts, cancellationToken);
            if (collision != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(collision, collidingAttribute);
            }

            (collision, collidingAttribute) = FindRequestCollision(client, known, requests);
            if (collision != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(collision, collidingAttribute);
            }

            var privateNames = new PrivateNames(client, known);
            var messageFormatField = contracts.Count > 0 || requests.Count > 0 ? privateNames.Claim("s_messageFormat") : string.Empty;
            var specs = AssignMemberNames(contracts, privateNames);
            var requestSpecs = new List<RequestSpec>(requests.Count);
            foreach (var request in requests)
            {
                requestSpecs.Add(new RequestSpec(
                    CreateTypeRef(request.Request),
                    CreateTypeRef(request.Response),
                    CanBeNull(request.Request),
                    request.Discriminator,
                    privateNames.Claim("s_" + ToCamelCase(GetTypeStem(request.Request)) + "Request")));
            }

            // Without a JSON context the contracts are created with reflection: the client as a whole is what
            // trimming and NativeAOT must be warned about, where it is constructed (not inside the generated file).
            var usesReflection = format.JsonContext is null && (specs.Count > 0 || requestSpecs.Count > 0);
            var spec = new ClientSpec(
                CreateHierarchy(client),
                CreateTypeRef(client),
                format.DiscriminatorProperty,
                format.EnvelopeProperty,
                format.JsonContext is null ? null : CreateTypeRef(format.JsonContext),
                messageFormatField,
                specs.ToEquatableArray(),
                format.CorrelationProperty,
                format.ErrorProperty,
                requestSpecs.ToEquatableArray(),
                AddRequiresUnreferencedCode: usesReflection && !HasAttribute(client, TypeNames.RequiresUnreferencedCodeAttribute),
                AddRequiresDynamicCode: usesReflection && !HasAttribute(client, TypeNames.RequiresDynamicCodeAttribute));
            return new ClientParseOutcome(spec, ClientSkipReason.None, null);
        }

        // The class and the types around it: what C# lets a generator add a base class and members to.
        private static ClientSkipReason ValidateDeclaration(INamedTypeSymbol client, KnownTypeSymbols known, CancellationToken cancellationToken)
        {
            if (client.TypeKind != TypeKind.Class)
            {
                return ClientSkipReason.NotAClass;
            }

            if (client.IsRecord)
            {
                return ClientSkipReason.Record;
            }

            if (!IsPartialEverywhere(client, cancellationToken))
            {
                return ClientSkipReason.NotPartial;
            }

            if (client.IsStatic)
            {
                return ClientSkipReason.Static;
            }

            if (client.IsAbstract)
            {
                return ClientSkipReason.Abstract;
            }

            if (client.Arity > 0)
            {
                return ClientSkipReason.Generic;
            }

            for (var type = client; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    return ClientSkipReason.FileLocal;
                }
            }

            for (var containing = client.ContainingType; containing is not null; containing = containing.ContainingType)
            {
                if (!IsPartialEverywhere(containing, cancellationToken))
                {
                    return ClientSkipReason.ContainingTypeNotPartial;
                }

                if (containing.Arity > 0)
                {
                    return ClientSkipReason.GenericContainingType;
                }
            }

            var baseType = client.BaseType;
            if (baseType is not null
                && baseType.SpecialType != SpecialType.System_Object
                && !SymbolEqualityComparer.Default.Equals(baseType, known.WebSocket))
            {
                return ClientSkipReason.InvalidBaseClass;
            }

            return ClientSkipReason.None;
        }

        // By name, so a polyfill of the attribute counts too. The simple name is compared first: formatting the class of
        // every attribute (one per contract) took a quarter of the parse.
        private static bool HasAttribute(INamedTypeSymbol type, string metadataName)
        {
            var simpleName = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && attributeClass.Name == simpleName
                    && attributeClass.ToDisplayString() == metadataName)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
                    || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return false;
                }
            }

            return type.DeclaringSyntaxReferences.Length > 0;
        }

        private static ClientFormat ReadClientAttribute(AttributeData attribute, INamedTypeSymbol client, Compilation compilation, KnownTypeSymbols known)
        {
            if (HasCompileErrors(attribute))
            {
                return ClientFormat.Invalid(ClientSkipReason.InvalidAttribute);
            }

            var discriminatorProperty = "type";
            string? envelopeProperty = null;
            INamedTypeSymbol? jsonContext = null;
            var correlationProperty = "id";
            var errorProperty = "error";
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    // RequestContract rejects a blank one: skip rather than fail in a static initializer.
                    case "CorrelationId":
                        if (argument.Value.Value is not string correlation || IsBlank(correlation))
                        {
                            return ClientFormat.Invalid(ClientSkipReason.InvalidRequestProperty);
                        }

                        correlationProperty = correlation;
                        break;

                    case "ErrorProperty":
                        if (argument.Value.Value is not string error || IsBlank(error))
                        {
                            return ClientFormat.Invalid(ClientSkipReason.InvalidRequestProperty);
                        }

                        errorProperty = error;
                        break;

                    case "Discriminator":
                        if (argument.Value.Value is not string discriminator || IsBlank(discriminator))
                        {
                            return ClientFormat.Invalid(ClientSkipReason.InvalidDiscriminatorProperty);
                        }

                        discriminatorProperty = discriminator;
                        break;

                    case "Envelope":
                        if (argument.Value.Value is null)
                        {
                            envelopeProperty = null;
                        }
                        else if (argument.Value.Value is string envelope && !IsBlank(envelope))
                        {
                            envelopeProperty = envelope;
                        }
                        else
                        {
                            return ClientFormat.Invalid(ClientSkipReason.InvalidEnvelopeProperty);
                        }

                        break;

                    case "JsonContext":
                        if (argument.Value.Value is null)
                        {
                            jsonContext = null;
                        }
                        else if (argument.Value.Value is INamedTypeSymbol context
                                 && GetJsonContextProblem(context, client, compilation, known.JsonSerializerContext) == JsonContextProblem.None)
                        {
                            jsonContext = context;
                        }
                        else
                        {
                            return ClientFormat.Invalid(ClientSkipReason.InvalidJsonContext);
                        }

                        break;
                }
            }

            if (envelopeProperty is not null && string.Equals(envelopeProperty, discriminatorProperty, StringComparison.Ordinal))
            {
                return ClientFormat.Invalid(ClientSkipReason.EnvelopeSameAsDiscriminator);
            }

            return new ClientFormat(discriminatorProperty, envelopeProperty, jsonContext, correlationProperty, errorProperty, ClientSkipReason.None);
        }

        /// <summary>
        /// What makes <paramref name="context"/> unusable as the <c>JsonContext</c> of <paramref name="client"/> (TWS0015):
        /// the generated code reads <c>Context.Default</c>, so it must be a closed class deriving from
        /// <c>JsonSerializerContext</c> that the client can see. Whether it has a static <c>Default</c> cannot be checked:
        /// the System.Text.Json generator adds it, unseen here.
        /// </summary>
        internal static JsonContextProblem GetJsonContextProblem(
            ITypeSymbol context, INamedTypeSymbol client, Compilation compilation, INamedTypeSymbol? jsonSerializerContext)
        {
            if (MentionsTypeParameter(context))
            {
                return JsonContextProblem.OpenGeneric;
            }

            if (context is not INamedTypeSymbol { TypeKind: TypeKind.Class } named || jsonSerializerContext is null || !DerivesFrom(named, jsonSerializerContext))
            {
                return JsonContextProblem.NotSerializerContext;
            }

            return compilation.IsSymbolAccessibleWithin(named, client) ? JsonContextProblem.None : JsonContextProblem.NotAccessible;
        }

        private static (ContractDeclaration? Contract, ClientSkipReason Problem) ReadContractAttribute(
            AttributeData attribute, MessageDirection direction, INamedTypeSymbol client)
        {
            var type = attribute.AttributeClass!.TypeArguments[0];
            if (HasCompileErrors(attribute))
            {
                return (null, ClientSkipReason.InvalidAttribute);
            }

            if (!IsUsableContractType(type))
            {
                return (null, ClientSkipReason.UnsupportedContractType);
            }

            var discriminator = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            if (discriminator is not null && (IsBlank(discriminator) || HasUnpairedSurrogate(discriminator)))
            {
                return (null, ClientSkipReason.InvalidDiscriminator);
            }

            string? name = null;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Name")
                {
                    name = argument.Value.Value as string;
                }
            }

            if (name is not null && !IsValidMemberName(name))
            {
                return (null, ClientSkipReason.InvalidMemberName);
            }

            if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(type, client))
            {
                return (null, ClientSkipReason.ContractLessAccessible);
            }

            var typeStem = GetTypeStem(type);
            var contract = new ContractDeclaration(
                attribute,
                direction,
                type,
                discriminator ?? ToCamelCase(typeStem),
                name ?? typeStem);
            return (contract, ClientSkipReason.None);
        }

        // A request is checked like a sent contract, its response like a received one: same skip reasons.
        private static (RequestDeclaration? Request, ClientSkipReason Problem) ReadRequestsAttribute(AttributeData attribute, INamedTypeSymbol client)
        {
            if (HasCompileErrors(attribute))
            {
                return (null, ClientSkipReason.InvalidAttribute);
            }

            var request = attribute.AttributeClass!.TypeArguments[0];
            var response = attribute.AttributeClass.TypeArguments[1];
            if (!IsUsableContractType(request) || !IsUsableContractType(response))
            {
                return (null, ClientSkipReason.UnsupportedContractType);
            }

            var discriminator = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            if (discriminator is not null && (IsBlank(discriminator) || HasUnpairedSurrogate(discriminator)))
            {
                return (null, ClientSkipReason.InvalidDiscriminator);
            }

            if (!AccessibilityDomain.IsVisibleWhereverClientMembersAre(request, client)
                || !AccessibilityDomain.IsVisibleWhereverClientMembersAre(response, client))
            {
                return (null, ClientSkipReason.ContractLessAccessible);
            }

            return (new RequestDeclaration(attribute, request, response, discriminator ?? ToCamelCase(GetTypeStem(request))), ClientSkipReason.None);
        }

        // One RequestAsync per request type. Two requests may share a discriminator (replies are matched by id; the
        // analyzers warn, TWS0029), like two sent contracts.
        private static (ClientSkipReason Problem, AttributeData? Culprit) ValidateRequestSet(List<RequestDeclaration> requests)
        {
            for (var i = 0; i < requests.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (SymbolEqualityComparer.Default.Equals(requests[j].Request, requests[i].Request))
                    {
                        return (ClientSkipReason.DuplicateContractType, requests[i].Attribute);
                    }
                }
            }

            return (ClientSkipReason.None, null);
        }

        /// <summary>
        /// The pairs of top-level properties a request or its reply would need twice (TWS0031), compared ordinally as the
        /// runtime reads them: a request is <c>{"type":..,"id":..}</c> plus the envelope, and a reply with the error
        /// property is an error reply.
        /// </summary>
        internal static List<RequestPropertyCollision> FindRequestPropertyCollisions(string discriminatorProperty, string? envelopeProperty, string correlationProperty, string errorProperty)
        {
            var collisions = new List<RequestPropertyCollision>();
            if (string.Equals(correlationProperty, discriminatorProperty, StringComparison.Ordinal))
            {
                collisions.Add(RequestPropertyCollision.CorrelationIdIsDiscriminator);
            }

            if (string.Equals(correlationProperty, envelopeProperty, StringComparison.Ordinal))
            {
                collisions.Add(RequestPropertyCollision.CorrelationIdIsEnvelope);
            }

            if (string.Equals(errorProperty, discriminatorProperty, StringComparison.Ordinal))
            {
                collisions.Add(RequestPropertyCollision.ErrorPropertyIsDiscriminator);
            }

            if (string.Equals(errorProperty, envelopeProperty, StringComparison.Ordinal))
            {
                collisions.Add(RequestPropertyCollision.ErrorPropertyIsEnvelope);
            }

            if (string.Equals(errorProperty, correlationProperty, StringComparison.Ordinal))
            {
                collisions.Add(RequestPropertyCollision.ErrorPropertyIsCorrelationId);
            }

            return collisions;
        }

        // RequestAsync(TRequest, TimeSpan?, CancellationToken) must not clash with the user's members (TWS0009) or the client's name (TWS0025).
        private static (ClientSkipReason Problem, AttributeData? Culprit) FindRequestCollision(
            INamedTypeSymbol client, KnownTypeSymbols known, List<RequestDeclaration> requests)
        {
            var types = new List<ITypeSymbol>(requests.Count);
            foreach (var request in requests)
            {
                types.Add(request.Request);
            }

            var collisions = MemberCollisions.FindRequestCollisions(client, types, known.CancellationToken, stopAtFirst: true);
            return collisions.Count == 0
                ? (ClientSkipReason.None, null)
                : (ClientSkipReason.MemberCollision, requests[collisions[0].Request].Attribute);
        }

        /// <summary>
        /// Whether the compiler rejects the attribute (no constructor matches, an argument or type argument does not
        /// bind), so the generator cannot read it (<see cref="ClientSkipReason.InvalidAttribute"/>, TWS0028).
        /// </summary>
        internal static bool HasCompileErrors(AttributeData attribute)
        {
            if (attribute.AttributeConstructor is null || attribute.AttributeClass is null)
            {
                return true;
            }

            foreach (var typeArgument in attribute.AttributeClass.TypeArguments)
            {
                if (typeArgument.TypeKind == TypeKind.Error)
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
                => constant.Kind == TypedConstantKind.Error || constant.Value is ITypeSymbol { TypeKind: TypeKind.Error };
        }

        /// <summary>A <c>Name</c> the generated members can carry: a C# identifier that is not a keyword (TWS0021).</summary>
        internal static bool IsValidMemberName(string? name)
            => name is not null && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        /// <summary>
        /// Whether a type can be a message whichever way it travels (TWS0011 otherwise): not built on a type parameter,
        /// not <c>object</c>, <c>dynamic</c>, a pointer, a delegate or a ref struct.
        /// </summary>
        internal static bool IsUsableContractType(ITypeSymbol type)
        {
            if (MentionsTypeParameter(type) || type.IsRefLikeType || type.SpecialType == SpecialType.System_Object)
            {
                return false;
            }

            // Interfaces and abstract classes are left to the analyzers: polymorphic and collection types are valid.
            return type.TypeKind is not (TypeKind.Dynamic or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.TypeParameter or TypeKind.Delegate);
        }

        private static bool MentionsTypeParameter(ITypeSymbol type)
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

        // Per direction a type may appear once; received contracts need distinct discriminators and member stems.
        private static (ClientSkipReason Problem, AttributeData? Culprit) ValidateContractSet(List<ContractDeclaration> contracts)
        {
            for (var i = 0; i < contracts.Count; i++)
            {
                var contract = contracts[i];
                for (var j = 0; j < i; j++)
                {
                    var earlier = contracts[j];
                    if (earlier.Direction != contract.Direction)
                    {
                        continue;
                    }

                    if (SymbolEqualityComparer.Default.Equals(earlier.Type, contract.Type))
                    {
                        return (ClientSkipReason.DuplicateContractType, contract.Attribute);
                    }

                    // Two sent contracts may share a discriminator (the analyzers warn); two received ones cannot.
                    if (contract.Direction == MessageDirection.Receives && string.Equals(earlier.Discriminator, contract.Discriminator, StringComparison.Ordinal))
                    {
                        return (ClientSkipReason.DuplicateDiscriminator, contract.Attribute);
                    }

                    if (contract.Direction == MessageDirection.Receives && string.Equals(earlier.MemberStem, contract.MemberStem, StringComparison.Ordinal))
                    {
                        return (ClientSkipReason.HandlerNameCollision, contract.Attribute);
                    }
                }

                if (contract.Direction == MessageDirection.Receives && contract.MemberStem == MemberCollisions.EventsClassName)
                {
                    return (ClientSkipReason.HandlerNameCollision, contract.Attribute);
                }
            }

            return (ClientSkipReason.None, null);
        }

        // One static contract field per distinct (type, discriminator): a type sent and received under the same
        // discriminator shares it. Private names never block generation: they step aside from the user's members.
        private static List<MessageContractSpec> AssignMemberNames(List<ContractDeclaration> contracts, PrivateNames names)
        {
            var fields = new List<(ITypeSymbol Type, string Discriminator, string Field)>();
            var specs = new List<MessageContractSpec>(contracts.Count);

            // A type both sent and received is formatted once: its display strings are much of the parse's allocations.
            var typeRefs = new Dictionary<ITypeSymbol, TypeRef>(SymbolEqualityComparer.IncludeNullability);
            foreach (var contract in contracts)
            {
                string? field = null;
                foreach (var existing in fields)
                {
                    if (SymbolEqualityComparer.Default.Equals(existing.Type, contract.Type)
                        && string.Equals(existing.Discriminator, contract.Discriminator, StringComparison.Ordinal))
                    {
                        field = existing.Field;
                        break;
                    }
                }

                if (field is null)
                {
                    // The same type the other way under another discriminator names its direction.
                    var stem = "s_" + ToCamelCase(contract.MemberStem);
                    field = names.IsFree(stem + "Contract")
                        ? names.Claim(stem + "Contract")
                        : names.Claim(stem + (contract.Direction == MessageDirection.Sends ? "Sent" : "Received") + "Contract");
                    fields.Add((contract.Type, contract.Discriminator, field));
                }

                if (!typeRefs.TryGetValue(contract.Type, out var typeRef))
                {
                    typeRef = CreateTypeRef(contract.Type);
                    typeRefs.Add(contract.Type, typeRef);
                }

                specs.Add(new MessageContractSpec(
                    contract.Direction,
                    typeRef,
                    CanBeNull(contract.Type),
                    contract.Discriminator,
                    contract.MemberStem,
                    field,
                    contract.Direction == MessageDirection.Receives ? names.Claim("_on" + contract.MemberStem) : string.Empty));
            }

            return specs;
        }

        // The generated public surface must not clash with what the user wrote, with what WebSocket already has, or
        // with the client's own name. The rules are shared with the analyzers (TWS0009, TWS0010, TWS0025).
        private static (ClientSkipReason Problem, AttributeData? Culprit) FindMemberCollision(
            INamedTypeSymbol client,
            KnownTypeSymbols known,
            List<ContractDeclaration> contracts,
            CancellationToken cancellationToken)
        {
            var planned = new List<PlannedContract>(contracts.Count);
            foreach (var contract in contracts)
            {
                planned.Add(new PlannedContract(contract.Direction, contract.Type, contract.MemberStem));
            }

            var collisions = MemberCollisions.Find(
                client, known.WebSocket, known.WebSocketOptions, known.CancellationToken, planned, stopAtFirst: true, cancellationToken);
            if (collisions.Count == 0)
            {
                return (ClientSkipReason.None, null);
            }

            var index = collisions[0].ContractIndex;
            return (ClientSkipReason.MemberCollision, index >= 0 ? contracts[index].Attribute : null);
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Null, empty or whitespace: no name a wire format can use.</summary>
        internal static bool IsBlank(string? value) => value is null || value.Trim().Length == 0;

        /// <summary>Whether the text is not valid UTF-16, which a UTF-8 literal (<c>"..."u8</c>) cannot hold.</summary>
        internal static bool HasUnpairedSurrogate(string value) => IndexOfUnpairedSurrogate(value) >= 0;

        /// <summary>The index of the first surrogate that is not part of a pair, or -1.</summary>
        internal static int IndexOfUnpairedSurrogate(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// The type's name, or for a constructed generic its name joined with its type arguments' stems
        /// (<c>Page&lt;Item&gt;</c> → <c>PageOfItem</c>, <c>Dictionary&lt;string, int&gt;</c> → <c>DictionaryOfStringAndInt32</c>,
        /// <c>Item[]</c> → <c>ItemArray</c>).
        /// </summary>
        internal static string GetTypeStem(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return GetTypeStem(array.ElementType) + "Array";

                case INamedTypeSymbol { TypeArguments.Length: > 0 } named:
                    var stem = named.Name + "Of";
                    for (var i = 0; i < named.TypeArguments.Length; i++)
                    {
                        stem += (i == 0 ? string.Empty : "And") + GetTypeStem(named.TypeArguments[i]);
                    }

                    return stem;

                default:
                    return type.Name;
            }
        }

        /// <summary>The first character in lower case (invariant culture): <c>ChatMessage</c> → <c>chatMessage</c>.</summary>
        internal static string ToCamelCase(string name)
            => name.Length == 0 || !char.IsUpper(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

        private static bool CanBeNull(ITypeSymbol type)
            => type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

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

            public PrivateNames(INamedTypeSymbol client, KnownTypeSymbols known)
            {
                _taken.Add(client.Name);
                foreach (var member in client.GetMembers())
                {
                    if (!member.IsImplicitlyDeclared && !GeneratedFiles.IsDeclaredOnlyInGeneratedFiles(member))
                    {
                        _taken.Add(member.Name);
                    }
                }

                for (INamedTypeSymbol? baseType = known.WebSocket; baseType is not null; baseType = baseType.BaseType)
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
                    claimed = name + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return claimed;
            }
        }

        /// <summary>The symbols the parser compares with; <see langword="null"/> when the runtime is not referenced.</summary>
        private sealed class KnownTypeSymbols
        {
            private KnownTypeSymbols(
                INamedTypeSymbol webSocket,
                INamedTypeSymbol webSocketOptions,
                INamedTypeSymbol webSocketClientAttribute,
                INamedTypeSymbol sendsAttribute,
                INamedTypeSymbol receivesAttribute,
                INamedTypeSymbol? jsonSerializerContext,
                INamedTypeSymbol? cancellationToken,
                INamedTypeSymbol? requestsAttribute)
            {
                RequestsAttribute = requestsAttribute;
                WebSocket = webSocket;
                WebSocketOptions = webSocketOptions;
                WebSocketClientAttribute = webSocketClientAttribute;
                SendsAttribute = sendsAttribute;
                ReceivesAttribute = receivesAttribute;
                JsonSerializerContext = jsonSerializerContext;
                CancellationToken = cancellationToken;
            }

            public INamedTypeSymbol WebSocket { get; }

            public INamedTypeSymbol WebSocketOptions { get; }

            public INamedTypeSymbol WebSocketClientAttribute { get; }

            public INamedTypeSymbol SendsAttribute { get; }

            public INamedTypeSymbol ReceivesAttribute { get; }

            public INamedTypeSymbol? JsonSerializerContext { get; }

            public INamedTypeSymbol? CancellationToken { get; }

            /// <summary><c>RequestsAttribute&lt;,&gt;</c>; optional, so a runtime without it still generates clients.</summary>
            public INamedTypeSymbol? RequestsAttribute { get; }

            public static KnownTypeSymbols? Create(Compilation compilation)
            {
                // The rule TWS0027 reports by: every required type resolves (the compilation caches these look-ups).
                foreach (var metadataName in RequiredRuntimeTypes)
                {
                    if (compilation.GetTypeByMetadataName(metadataName) is null)
                    {
                        return null;
                    }
                }

                return new KnownTypeSymbols(
                    compilation.GetTypeByMetadataName(TypeNames.WebSocket)!,
                    compilation.GetTypeByMetadataName(TypeNames.WebSocketOptions)!,
                    compilation.GetTypeByMetadataName(TypeNames.WebSocketClientAttribute)!,
                    compilation.GetTypeByMetadataName(TypeNames.SendsAttribute)!,
                    compilation.GetTypeByMetadataName(TypeNames.ReceivesAttribute)!,
                    compilation.GetTypeByMetadataName(TypeNames.JsonSerializerContext),
                    compilation.GetTypeByMetadataName(TypeNames.CancellationToken),
                    compilation.GetTypeByMetadataName(TypeNames.RequestsAttribute));
            }
        }

        private sealed record ContractDeclaration(
            AttributeData Attribute,
            MessageDirection Direction,
            ITypeSymbol Type,
            string Discriminator,
            string MemberStem);

        private sealed record RequestDeclaration(
            AttributeData Attribute,
            ITypeSymbol Request,
            ITypeSymbol Response,
            string Discriminator);

        private sealed record ClientFormat(
            string DiscriminatorProperty,
            string? EnvelopeProperty,
            INamedTypeSymbol? JsonContext,
            string CorrelationProperty,
            string ErrorProperty,
            ClientSkipReason Problem)
        {
            public static ClientFormat Invalid(ClientSkipReason problem) => new(string.Empty, null, null, string.Empty, string.Empty, problem);
        }
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

/// <summary>Why a type cannot be a client's <c>JsonContext</c> (TWS0015).</summary>
internal enum JsonContextProblem
{
    /// <summary>It can.</summary>
    None,

    /// <summary>It is not a class deriving from <c>JsonSerializerContext</c>.</summary>
    NotSerializerContext,

    /// <summary>It is or mentions an open generic type (<c>typeof(Context&lt;&gt;)</c>), which has no <c>Default</c> to read.</summary>
    OpenGeneric,

    /// <summary>The client cannot see it.</summary>
    NotAccessible,
}

/// <summary>Two properties of the request wire format with one name (TWS0031).</summary>
internal enum RequestPropertyCollision
{
    /// <summary><c>CorrelationId</c> equals <c>Discriminator</c>: a request would write the property twice.</summary>
    CorrelationIdIsDiscriminator,

    /// <summary><c>CorrelationId</c> equals <c>Envelope</c>: a request would write the property twice.</summary>
    CorrelationIdIsEnvelope,

    /// <summary><c>ErrorProperty</c> equals <c>Discriminator</c>: every reply with a discriminator would be an error reply.</summary>
    ErrorPropertyIsDiscriminator,

    /// <summary><c>ErrorProperty</c> equals <c>Envelope</c>: every reply in the envelope would be an error reply.</summary>
    ErrorPropertyIsEnvelope,

    /// <summary><c>ErrorProperty</c> equals <c>CorrelationId</c>: an error reply would need the property twice.</summary>
    ErrorPropertyIsCorrelationId,
}
