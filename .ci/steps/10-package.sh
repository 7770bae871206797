#!/usr/bin/env bash
# Packaging test: pack TypedWebSockets, check the package's layout, then build and run a fresh console project
# outside the solution that gets the library and the generator from that package alone.
set -euo pipefail
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-ci.$(date +%s)"

dotnet pack src/Runtime/Runtime.csproj -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q
package="$work/feed/TypedWebSockets.$version.nupkg"
listing="$(unzip -l "$package")"
for entry in lib/net10.0/TypedWebSockets.dll lib/net10.0/TypedWebSockets.xml analyzers/dotnet/cs/TypedWebSockets.Generator.dll analyzers/dotnet/cs/TypedWebSockets.CodeFixes.dll buildTransitive/TypedWebSockets.props README.md; do
  grep -q " $entry\$" <<<"$listing" || { echo "package lacks $entry"; echo "$listing"; exit 1; }
done
nuspec="$(unzip -p "$package" TypedWebSockets.nuspec)"
grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || { echo "nuspec has no license expression"; exit 1; }
grep -q '<readme>README.md</readme>' <<<"$nuspec" || { echo "nuspec has no readme"; exit 1; }
if grep -q '<dependency ' <<<"$nuspec"; then echo "unexpected package dependencies:"; grep '<dependency ' <<<"$nuspec"; exit 1; fi
# The package page shows README.md away from the repository: every link in the packed copy must be absolute, and
# apart from the link targets it must be the repository's README.
readme="$(unzip -p "$package" README.md)"
inline="$(grep -oE '\]\([^)]*\)' <<<"$readme" | grep -vE '^\]\([a-z][a-z0-9+.-]*:' || true)"                  # [text](target)
reference="$(grep -E '^ {0,3}\[[^]]+\]: *[^ ]' <<<"$readme" | grep -vE '\]: *[a-z][a-z0-9+.-]*:' || true)"     # [label]: target
[ -z "$inline$reference" ] || { echo "the packed README.md has relative links:"; printf '%s\n' "$inline" "$reference"; exit 1; }
without_targets() { sed -E 's/\]\([^)]*\)/]()/g'; }
diff <(without_targets <README.md) <(without_targets <<<"$readme") || { echo "the packed README.md differs from README.md beyond its link targets"; exit 1; }
echo "package layout ok: $(basename "$package"), README links absolute"

app="$work/app"
mkdir -p "$app"
cp "$root/.ci/package-test/Program.cs" "$app/Program.cs"
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="TypedWebSockets" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
cat > "$app/PackageConsumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
    <PackageReference Include="TypedWebSockets" Version="$version" />
  </ItemGroup>
</Project>
XML
output="$(cd "$app" && dotnet run -c Release -nologo 2>&1)" || { echo "$output"; echo "package consumer failed"; exit 1; }
echo "$output"
grep -q '^typed echo: Ping 42 from package$' <<<"$output" || { echo "package consumer did not print the typed echo"; exit 1; }
echo "package consumer ok"
