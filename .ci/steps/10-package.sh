#!/usr/bin/env bash
# Packaging test: pack TypedWebSockets and TypedWebSockets.Hosting, check the packages' layout, dependencies and README
# links, then build and run a fresh console project outside the solution that gets the library, the generator and the
# hosting extensions from those packages alone (their Microsoft.Extensions dependencies come from nuget.org).
set -euo pipefail
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-ci.$(date +%s)"

# nuspec_dependencies PACKAGE: "id version" per line, sorted.
nuspec_dependencies() {
  grep -o '<dependency id="[^"]*" version="[^"]*"' <<<"$1" | sed -E 's/<dependency id="([^"]*)" version="([^"]*)"/\1 \2/' | sort
}

# check_package FILE NUSPEC-NAME ENTRY...: the entries are in the package, with an MIT license expression and a readme;
# leaves the package's nuspec in $nuspec.
check_package() {
  local package="$1" nuspec_name="$2"
  shift 2
  local listing
  listing="$(unzip -l "$package")"
  for entry in "$@" README.md; do
    grep -q " $entry\$" <<<"$listing" || { echo "$(basename "$package") lacks $entry"; echo "$listing"; exit 1; }
  done
  nuspec="$(unzip -p "$package" "$nuspec_name")"
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || { echo "$nuspec_name has no license expression"; exit 1; }
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || { echo "$nuspec_name has no readme"; exit 1; }
}

# check_readme_links FILE: the package page shows README.md away from the repository, so every link in the packed
# copy must be absolute; prints the packed README.
check_readme_links() {
  local readme inline reference
  readme="$(unzip -p "$1" README.md)"
  inline="$(grep -oE '\]\([^)]*\)' <<<"$readme" | grep -vE '^\]\([a-z][a-z0-9+.-]*:' || true)"                  # [text](target)
  reference="$(grep -E '^ {0,3}\[[^]]+\]: *[^ ]' <<<"$readme" | grep -vE '\]: *[a-z][a-z0-9+.-]*:' || true)"     # [label]: target
  [ -z "$inline$reference" ] || { echo "the packed README.md of $(basename "$1") has relative links:" >&2; printf '%s\n' "$inline" "$reference" >&2; exit 1; }
  printf '%s\n' "$readme"
}

dotnet pack src/Runtime/Runtime.csproj -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q
dotnet pack src/Hosting/Hosting.csproj -c Release -o "$work/feed" -p:Version="$version" -nologo -v:q
extensions="$(grep -o 'Include="Microsoft.Extensions.Logging.Abstractions" Version="[^"]*"' Directory.Packages.props | sed -E 's/.*Version="([^"]*)"/\1/')"

package="$work/feed/TypedWebSockets.$version.nupkg"
check_package "$package" TypedWebSockets.nuspec lib/net10.0/TypedWebSockets.dll lib/net10.0/TypedWebSockets.xml analyzers/dotnet/cs/TypedWebSockets.Generator.dll analyzers/dotnet/cs/TypedWebSockets.CodeFixes.dll buildTransitive/TypedWebSockets.props
expected="$(printf '%s\n' "Microsoft.Extensions.Diagnostics.Abstractions $extensions" "Microsoft.Extensions.Logging.Abstractions $extensions")"
actual="$(nuspec_dependencies "$nuspec")"
[ "$actual" = "$expected" ] || { echo "TypedWebSockets dependencies:"; echo "$actual"; echo "expected:"; echo "$expected"; exit 1; }
readme="$(check_readme_links "$package")"
# Apart from the link targets the packed README must be the repository's.
without_targets() { sed -E 's/\]\([^)]*\)/]()/g'; }
diff <(without_targets <README.md) <(without_targets <<<"$readme") || { echo "the packed README.md differs from README.md beyond its link targets"; exit 1; }
echo "package layout ok: $(basename "$package"), README links absolute"

package="$work/feed/TypedWebSockets.Hosting.$version.nupkg"
check_package "$package" TypedWebSockets.Hosting.nuspec lib/net10.0/TypedWebSockets.Hosting.dll lib/net10.0/TypedWebSockets.Hosting.xml
actual="$(nuspec_dependencies "$nuspec")"
for dependency in "TypedWebSockets $version" "Microsoft.Extensions.Hosting.Abstractions $extensions" "Microsoft.Extensions.Diagnostics.HealthChecks $extensions" "Microsoft.Extensions.Options $extensions" "Microsoft.Extensions.Configuration.Abstractions $extensions"; do
  grep -qx "$dependency" <<<"$actual" || { echo "TypedWebSockets.Hosting does not depend on $dependency:"; echo "$actual"; exit 1; }
done
if unzip -l "$package" | grep -q "analyzers/"; then echo "TypedWebSockets.Hosting carries analyzers; only TypedWebSockets should"; exit 1; fi
check_readme_links "$package" >/dev/null
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
    <packageSource key="local"><package pattern="TypedWebSockets" /><package pattern="TypedWebSockets.Hosting" /></packageSource>
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
    <PackageReference Include="TypedWebSockets.Hosting" Version="$version" />
  </ItemGroup>
</Project>
XML
output="$(cd "$app" && dotnet run -c Release -nologo 2>&1)" || { echo "$output"; echo "package consumer failed"; exit 1; }
echo "$output"
grep -q '^typed echo: Ping 42 from package$' <<<"$output" || { echo "package consumer did not print the typed echo"; exit 1; }
grep -q '^hosted echo: Ping 43 from hosting package$' <<<"$output" || { echo "package consumer did not print the hosted echo"; exit 1; }
grep -q '^hosted client after StopAsync: Closed$' <<<"$output" || { echo "the hosted client was not closed when the host stopped"; exit 1; }
echo "package consumer ok"
