using TypedWebSockets.Generator.Helpers;

namespace TypedWebSockets.Generator.Model;

/// <summary>Where a client is declared: its namespace and the types it is nested in, which the emitted file re-declares.</summary>
/// <param name="Namespace">The namespace (as declared, without <c>@</c> escapes), or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The types the client is nested in, outermost first.</param>
/// <param name="ClientName">The client's name (unescaped).</param>
internal sealed record HierarchyInfo(string? Namespace, EquatableArray<ContainingTypeInfo> ContainingTypes, string ClientName)
{
    /// <summary><c>{Namespace}.{Outer}.{Class}.WebSocketClient.g.cs</c>; the namespace part is absent for the global namespace.</summary>
    public string HintName
    {
        get
        {
            var name = Namespace is null ? string.Empty : Namespace + ".";
            foreach (var containingType in ContainingTypes)
            {
                name += containingType.Name + ".";
            }

            return name + ClientName + GeneratedFiles.Suffix;
        }
    }
}

/// <summary>A type that contains a client, re-declared as <c>partial {Keyword} {Name}</c>.</summary>
/// <param name="Name">The type's name (unescaped).</param>
/// <param name="Keyword">The declaration keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c> or <c>interface</c>.</param>
internal sealed record ContainingTypeInfo(string Name, string Keyword);
