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
        /// <summary>The suffix of generated files; members declared only there are not the user's own.</summary>
        internal const string GeneratedFileSuffix = ".WebSocketClient.g.cs";

        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        // Events.Events cannot be declared: a member cannot be named like its enclosing type.
        private const string EventsClassName = "Events";

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

            var (setProblem, culprit) = ValidateContractSet(contracts);
            if (setProblem != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(setProblem, culprit);
            }

            var (collision, collidingAttribute) = FindMemberCollision(client, known, contracts, cancellationToken);
            if (collision != ClientSkipReason.None)
            {
                return ClientParseOutcome.Skip(collision, collidingAttribute);
            }

            var privateNames = new PrivateNames(client, known);
            var messageFormatField = contracts.Count > 0 ? privateNames.Claim("s_messageFormat") : string.Empty;
            var specs = AssignMemberNames(contracts, privateNames);

            // Without a JSON context the contracts are created with reflection: the client as a whole is what
            // trimming and NativeAOT must be warned about, where it is constructed (not inside the generated file).
            var usesReflection = format.JsonContext is null && specs.Count > 0;
            var spec = new ClientSpec(
                CreateHierarchy(client),
                CreateTypeRef(client),
                format.DiscriminatorProperty,
                format.EnvelopeProperty,
                format.JsonContext is null ? null : CreateTypeRef(format.JsonContext),
                messageFormatField,
                specs.ToEquatableArray(),
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

        private static bool HasAttribute(INamedTypeSymbol type, string metadataName)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == metadataName)
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
            if (attribute.AttributeConstructor is null)
            {
                return ClientFormat.Invalid(ClientSkipReason.InvalidAttribute);
            }

            var discriminatorProperty = "type";
            string? envelopeProperty = null;
            INamedTypeSymbol? jsonContext = null;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Kind == TypedConstantKind.Error)
                {
                    return ClientFormat.Invalid(ClientSkipReason.InvalidAttribute);
                }

                switch (argument.Key)
                {
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
                        else if (argument.Value.Value is ITypeSymbol { TypeKind: TypeKind.Error })
                        {
                            return ClientFormat.Invalid(ClientSkipReason.InvalidAttribute);
                        }
                        else if (argument.Value.Value is INamedTypeSymbol context && IsValidJsonContext(context, client, compilation, known))
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

            return new ClientFormat(discriminatorProperty, envelopeProperty, jsonContext, ClientSkipReason.None);
        }

        private static bool IsValidJsonContext(INamedTypeSymbol context, INamedTypeSymbol client, Compilation compilation, KnownTypeSymbols known)
        {
            // Whether it has a static Default cannot be checked: the System.Text.Json generator adds it, unseen here.
            if (context.TypeKind != TypeKind.Class || known.JsonSerializerContext is null || MentionsTypeParameter(context))
            {
                return false;
            }

            return DerivesFrom(context, known.JsonSerializerContext) && compilation.IsSymbolAccessibleWithin(context, client);
        }

        private static (ContractDeclaration? Contract, ClientSkipReason Problem) ReadContractAttribute(
            AttributeData attribute, MessageDirection direction, INamedTypeSymbol client)
        {
            var type = attribute.AttributeClass!.TypeArguments[0];
            if (attribute.AttributeConstructor is null || type.TypeKind == TypeKind.Error || HasErrorArgument(attribute))
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

            if (name is not null && (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None))
            {
                return (null, ClientSkipReason.InvalidMemberName);
            }

            if (!IsVisibleWhereverClientMembersAre(type, client))
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

        private static bool HasErrorArgument(AttributeData attribute)
        {
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Error)
                {
                    return true;
                }
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Kind == TypedConstantKind.Error)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUsableContractType(ITypeSymbol type)
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

                if (contract.Direction == MessageDirection.Receives && contract.MemberStem == EventsClassName)
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

                specs.Add(new MessageContractSpec(
                    contract.Direction,
                    CreateTypeRef(contract.Type),
                    CanBeNull(contract.Type),
                    contract.Discriminator,
                    contract.MemberStem,
                    field,
                    contract.Direction == MessageDirection.Receives ? names.Claim("_on" + contract.MemberStem) : string.Empty));
            }

            return specs;
        }

        // The generated public surface (constructors, Send, SendAsync, On{Stem}, Events, DispatchMessage) must not
        // clash with what the user wrote, with what WebSocket already has, or with the client's own name (a member
        // cannot be named like its enclosing type).
        private static (ClientSkipReason Problem, AttributeData? Culprit) FindMemberCollision(
            INamedTypeSymbol client,
            KnownTypeSymbols known,
            List<ContractDeclaration> contracts,
            CancellationToken cancellationToken)
        {
            // Names that clash with any member of the same name, whatever its kind or signature.
            var exclusiveNames = new Dictionary<string, AttributeData?>(StringComparer.Ordinal);
            var sentTypes = new List<ContractDeclaration>();
            var receives = false;
            foreach (var contract in contracts)
            {
                if (contract.Direction == MessageDirection.Receives)
                {
                    receives = true;
                    AddOnce(exclusiveNames, "On" + contract.MemberStem, contract.Attribute);
                    AddOnce(exclusiveNames, EventsClassName, contract.Attribute);
                }
                else
                {
                    sentTypes.Add(contract);
                }
            }

            // Methods that clash only with a method of the same parameter types (or with a non-method of the same name).
            var overloadableNames = new List<string>();
            if (sentTypes.Count > 0)
            {
                overloadableNames.Add("Send");
                overloadableNames.Add("SendAsync");
            }

            if (receives)
            {
                overloadableNames.Add("DispatchMessage");
            }

            if (exclusiveNames.TryGetValue(client.Name, out var clientNameCulprit))
            {
                return (ClientSkipReason.MemberCollision, clientNameCulprit);
            }

            if (overloadableNames.Contains(client.Name))
            {
                return (ClientSkipReason.MemberCollision, null);
            }

            foreach (var member in client.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.IsImplicitlyDeclared || IsDeclaredOnlyInGeneratedFiles(member))
                {
                    continue;
                }

                if (exclusiveNames.TryGetValue(member.Name, out var culprit))
                {
                    return (ClientSkipReason.MemberCollision, culprit);
                }

                if (member is IMethodSymbol method)
                {
                    if (method.MethodKind == MethodKind.Constructor && !method.IsStatic && IsGeneratedConstructorSignature(method, known))
                    {
                        return (ClientSkipReason.MemberCollision, null);
                    }

                    var clash = FindMethodClash(method, sentTypes, receives, known);
                    if (clash.Found)
                    {
                        return (ClientSkipReason.MemberCollision, clash.Culprit);
                    }
                }
                else if (overloadableNames.Contains(member.Name))
                {
                    return (ClientSkipReason.MemberCollision, null);
                }
            }

            for (INamedTypeSymbol? baseType = known.WebSocket; baseType is not null; baseType = baseType.BaseType)
            {
                foreach (var member in baseType.GetMembers())
                {
                    if (member.IsImplicitlyDeclared || !IsVisibleToDerivedTypes(member))
                    {
                        continue;
                    }

                    if (exclusiveNames.TryGetValue(member.Name, out var culprit))
                    {
                        return (ClientSkipReason.MemberCollision, culprit);
                    }

                    // WebSocket.Send(string)/Send(Data) and their SendAsync: a contract of that type would hide them.
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && member.Name != "DispatchMessage")
                    {
                        var clash = FindMethodClash(method, sentTypes, receives: false, known);
                        if (clash.Found)
                        {
                            return (ClientSkipReason.MemberCollision, clash.Culprit);
                        }
                    }
                }
            }

            return (ClientSkipReason.None, null);
        }

        private static bool IsVisibleToDerivedTypes(ISymbol member)
            => member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

        private static void AddOnce(Dictionary<string, AttributeData?> names, string name, AttributeData attribute)
        {
            if (!names.ContainsKey(name))
            {
                names.Add(name, attribute);
            }
        }

        private static (bool Found, AttributeData? Culprit) FindMethodClash(
            IMethodSymbol method, List<ContractDeclaration> sentTypes, bool receives, KnownTypeSymbols known)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.Arity > 0)
            {
                return (false, null);
            }

            var parameters = method.Parameters;
            switch (method.Name)
            {
                case "Send" when parameters.Length == 1:
                    foreach (var sent in sentTypes)
                    {
                        if (SymbolEqualityComparer.Default.Equals(parameters[0].Type, sent.Type))
                        {
                            return (true, sent.Attribute);
                        }
                    }

                    break;

                case "SendAsync" when parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(parameters[1].Type, known.CancellationToken):
                    foreach (var sent in sentTypes)
                    {
                        if (SymbolEqualityComparer.Default.Equals(parameters[0].Type, sent.Type))
                        {
                            return (true, sent.Attribute);
                        }
                    }

                    break;

                case "DispatchMessage" when receives && parameters.Length == 2:
                    if (parameters[0].Type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span
                        && span.TypeArguments[0].SpecialType == SpecialType.System_Byte
                        && span.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                        && parameters[1].Type.SpecialType == SpecialType.System_Boolean)
                    {
                        return (true, null);
                    }

                    break;
            }

            return (false, null);
        }

        private static bool IsGeneratedConstructorSignature(IMethodSymbol constructor, KnownTypeSymbols known)
        {
            var parameters = constructor.Parameters;
            return parameters.Length switch
            {
                1 => parameters[0].Type.SpecialType == SpecialType.System_String,
                2 => parameters[0].Type.SpecialType == SpecialType.System_String
                    && SymbolEqualityComparer.Default.Equals(parameters[1].Type, known.WebSocketOptions),
                _ => false,
            };
        }

        // Analyzers run on the compilation that already contains the generated part; its members are not the user's.
        private static bool IsDeclaredOnlyInGeneratedFiles(ISymbol member)
        {
            var references = member.DeclaringSyntaxReferences;
            if (references.Length == 0)
            {
                return false;
            }

            foreach (var reference in references)
            {
                if (!reference.SyntaxTree.FilePath.EndsWith(GeneratedFileSuffix, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="type"/> is accessible wherever the client's public members are (the C# rule behind
        /// CS0050–CS0053), checked conservatively: each restriction on the type must contain a restriction on the client.
        /// </summary>
        private static bool IsVisibleWhereverClientMembersAre(ITypeSymbol type, INamedTypeSymbol client)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return IsVisibleWhereverClientMembersAre(array.ElementType, client);

                case INamedTypeSymbol named:
                    for (var current = named; current is not null; current = current.ContainingType)
                    {
                        if (!ClientDomainIsWithin(current.DeclaredAccessibility, current.ContainingType, current.ContainingAssembly, client))
                        {
                            return false;
                        }

                        foreach (var argument in current.TypeArguments)
                        {
                            if (!IsVisibleWhereverClientMembersAre(argument, client))
                            {
                                return false;
                            }
                        }
                    }

                    return true;

                default:
                    return true;
            }
        }

        private static bool ClientDomainIsWithin(Accessibility accessibility, INamedTypeSymbol? container, IAssemblySymbol assembly, INamedTypeSymbol client)
            => accessibility switch
            {
                Accessibility.Public or Accessibility.NotApplicable => true,
                Accessibility.Internal => ClientDomainIsWithinAssembly(assembly, client),
                Accessibility.Private => container is not null && ClientDomainIsWithinBodyOf(container, client),
                Accessibility.Protected => container is not null && ClientDomainIsWithinProtectedScopeOf(container, client),
                Accessibility.ProtectedOrInternal => ClientDomainIsWithinAssembly(assembly, client)
                    || (container is not null && ClientDomainIsWithinProtectedScopeOf(container, client)),
                Accessibility.ProtectedAndInternal => ClientDomainIsWithinAssembly(assembly, client)
                    && container is not null && ClientDomainIsWithinProtectedScopeOf(container, client),
                _ => false,
            };

        private static bool ClientDomainIsWithinAssembly(IAssemblySymbol assembly, INamedTypeSymbol client)
        {
            for (var type = client; type is not null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility is Accessibility.Internal or Accessibility.Private or Accessibility.ProtectedAndInternal
                    && (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, assembly) || assembly.GivesAccessTo(type.ContainingAssembly)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ClientDomainIsWithinBodyOf(INamedTypeSymbol container, INamedTypeSymbol client)
        {
            for (var type = client; type is not null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility == Accessibility.Private && IsSameOrNestedIn(type.ContainingType, container))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ClientDomainIsWithinProtectedScopeOf(INamedTypeSymbol container, INamedTypeSymbol client)
        {
            for (var type = client; type is not null; type = type.ContainingType)
            {
                switch (type.DeclaredAccessibility)
                {
                    case Accessibility.Private:
                        for (var scope = type.ContainingType; scope is not null; scope = scope.ContainingType)
                        {
                            if (IsSameOrDerivedFrom(scope, container))
                            {
                                return true;
                            }
                        }

                        break;

                    case Accessibility.Protected:
                    case Accessibility.ProtectedAndInternal:
                        if (type.ContainingType is not null && IsSameOrDerivedFrom(type.ContainingType, container))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsSameOrNestedIn(INamedTypeSymbol? type, INamedTypeSymbol container)
        {
            for (; type is not null; type = type.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, container.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSameOrDerivedFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
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
        internal static bool HasUnpairedSurrogate(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    return true;
                }
            }

            return false;
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
                    if (!member.IsImplicitlyDeclared && !IsDeclaredOnlyInGeneratedFiles(member))
                    {
                        _taken.Add(member.Name);
                    }
                }

                for (INamedTypeSymbol? baseType = known.WebSocket; baseType is not null; baseType = baseType.BaseType)
                {
                    foreach (var member in baseType.GetMembers())
                    {
                        if (IsVisibleToDerivedTypes(member))
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
                INamedTypeSymbol? cancellationToken)
            {
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

            public static KnownTypeSymbols? Create(Compilation compilation)
            {
                var webSocket = compilation.GetTypeByMetadataName(TypeNames.WebSocket);
                var options = compilation.GetTypeByMetadataName(TypeNames.WebSocketOptions);
                var clientAttribute = compilation.GetTypeByMetadataName(TypeNames.WebSocketClientAttribute);
                var sends = compilation.GetTypeByMetadataName(TypeNames.SendsAttribute);
                var receives = compilation.GetTypeByMetadataName(TypeNames.ReceivesAttribute);
                if (webSocket is null || options is null || clientAttribute is null || sends is null || receives is null)
                {
                    return null;
                }

                return new KnownTypeSymbols(
                    webSocket,
                    options,
                    clientAttribute,
                    sends,
                    receives,
                    compilation.GetTypeByMetadataName(TypeNames.JsonSerializerContext),
                    compilation.GetTypeByMetadataName(TypeNames.CancellationToken));
            }
        }

        private sealed record ContractDeclaration(
            AttributeData Attribute,
            MessageDirection Direction,
            ITypeSymbol Type,
            string Discriminator,
            string MemberStem);

        private sealed record ClientFormat(
            string DiscriminatorProperty,
            string? EnvelopeProperty,
            INamedTypeSymbol? JsonContext,
            ClientSkipReason Problem)
        {
            public static ClientFormat Invalid(ClientSkipReason problem) => new(string.Empty, null, null, problem);
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
