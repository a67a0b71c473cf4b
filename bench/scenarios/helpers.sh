#!/usr/bin/env bash
# Scenario 5b: CMPT001's cost when many handlers share one private helper that takes write. Every handler's fix
# plan covers the whole group (the helper and all its callers), so a plan made per handler from scratch grows
# with the square of the handlers. Measured as the Compat analyzers' own time (the compiler's ReportAnalyzer) in a
# build of one class of N handlers that all call the helper, beside the same N handlers with no helper.
set -euo pipefail
source bench/lib.sh

sizes=(${SIZES:-100 200 400 800})
work=$(mktemp -d /tmp/compat-bench-helpers.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
dotnet pack analyzers/Compat.Analyzers.Package -c Release -o "$work/packages" -p:Version="$version" -v quiet -nologo >/dev/null
dotnet build adapters/Compat.Gateway -c Release -f net10.0 -v quiet -nologo >/dev/null
gateway=$(pwd)/adapters/Compat.Gateway/bin/Release/net10.0/Compat.Gateway.dll

generate() { # DIRECTORY HANDLERS SHARED(yes|no)
  mkdir -p "$1"
  cat > "$1/Generated.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <RestorePackagesPath>$work/cache</RestorePackagesPath>
    <RestoreAdditionalProjectSources>$work/packages</RestoreAdditionalProjectSources>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$gateway" />
    <PackageReference Include="Compat.Analyzers" Version="$version" PrivateAssets="all" />
  </ItemGroup>
</Project>
XML
  {
    echo "using System.Collections.Generic;"
    echo "using System.Text;"
    echo "using Compat.Gateway;"
    echo "namespace Generated;"
    echo "public static class Handlers"
    echo "{"
    for i in $(seq 1 "$2"); do
      echo "    public static IEnumerable<byte[]> App$i(Environ environ, StartResponse startResponse)"
      echo "    {"
      echo "        var write = startResponse(\"200 OK\", []);"
      if [ "$3" = yes ]; then echo "        Line(write, \"handler $i\");"; else echo "        write(Encoding.UTF8.GetBytes(\"handler $i\\n\"));"; fi
      echo "        return [];"
      echo "    }"
    done
    if [ "$3" = yes ]; then
      echo "    private static void Line(Write write, string text)"
      echo "    {"
      echo "        write(Encoding.UTF8.GetBytes(text + \"\\n\"));"
      echo "    }"
    fi
    echo "}"
  } > "$1/Handlers.cs"
  dotnet restore "$1" -v quiet >/dev/null
}

analyzer_seconds() { # DIRECTORY
  dotnet build "$1" --no-restore --no-incremental -nologo -v detailed -p:ReportAnalyzer=true -p:TreatWarningsAsErrors=false \
    | awk '/Compat.Analyzers, Version/ { print $1; exit }'
}

section_header "5b. Analyzers: many handlers sharing one helper that takes write"
echo "| handlers | CMPT001 analyzer seconds, all sharing one helper | ratio to the smallest | no helper | ratio to the smallest |"
echo "|---|---|---|---|---|"
first_shared=""; first_plain=""
for n in "${sizes[@]}"; do
  generate "$work/shared$n" "$n" yes
  generate "$work/plain$n" "$n" no
  analyzer_seconds "$work/shared$n" >/dev/null
  shared=$(analyzer_seconds "$work/shared$n")
  plain=$(analyzer_seconds "$work/plain$n")
  first_shared=${first_shared:-$shared}; first_plain=${first_plain:-$plain}
  echo "| $n | $shared | $(ratio "$shared" "$first_shared") | $plain | $(ratio "$plain" "$first_plain") |"
done
echo
echo "Linear growth doubles the time when the handlers double. Before the per-compilation plan cache the issue"
echo "measured 1.0 s at 100 shared handlers, 13.4 s at 200 and 92 s at 400 (2.0 s for 400 without the helper)."
