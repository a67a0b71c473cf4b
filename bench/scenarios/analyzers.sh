#!/usr/bin/env bash
# Scenario 5: build time of a generated project with 1,000 old-style handlers (one file each) with and without
# the Compat.Analyzers package, and the time of a Fix All of CMPT001 over it (dotnet format, and compat migrate).
# Each build is `dotnet build --no-restore --no-incremental`, RUNS times alternately after one warm-up each;
# the median is reported.
set -euo pipefail
source bench/lib.sh

handlers=${HANDLERS:-1000}
runs=${RUNS:-5}
work=$(mktemp -d /tmp/compat-bench-analyzers.XXXXXX)
trap 'stop_all; rm -rf "$work"' EXIT
version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
dotnet pack analyzers/Compat.Analyzers.Package -c Release -o "$work/packages" -p:Version="$version" -v quiet -nologo >/dev/null
dotnet build adapters/Compat.Gateway -c Release -f net10.0 -v quiet -nologo >/dev/null
gateway=$(pwd)/adapters/Compat.Gateway/bin/Release/net10.0/Compat.Gateway.dll

generate() { # DIRECTORY WITH_PACKAGE
  mkdir -p "$1"
  local package=""
  [ "$2" = yes ] && package="<PackageReference Include=\"Compat.Analyzers\" Version=\"$version\" PrivateAssets=\"all\" />"
  cat > "$1/Generated.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RestorePackagesPath>$work/cache</RestorePackagesPath>
    <RestoreAdditionalProjectSources>$work/packages</RestoreAdditionalProjectSources>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$gateway" />
    $package
  </ItemGroup>
</Project>
XML
  for i in $(seq -w 1 "$handlers"); do
    cat > "$1/Handler$i.cs" <<CS
using System.Collections.Generic;
using System.Text;
using Compat.Gateway;

namespace Generated;

public static class Handler$i
{
    public static IEnumerable<byte[]> App(Environ environ, StartResponse startResponse)
    {
        var write = startResponse("200 OK", [new("Content-Type", "text/plain; charset=utf-8")]);
        write(Encoding.UTF8.GetBytes("handler $i\n"));
        foreach (var part in environ.PathInfo.Split('/'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            write(Encoding.UTF8.GetBytes(part + "\n"));
        }

        return [Encoding.UTF8.GetBytes("end\n")];
    }
}
CS
  done
  dotnet restore "$1" -v quiet >/dev/null
}

seconds() { local start; start=$(date +%s.%N); "$@" >/dev/null; awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
build() { dotnet build "$1" --no-restore --no-incremental -nologo -v quiet -p:TreatWarningsAsErrors=false "${@:2}"; }

generate "$work/without" no
generate "$work/with" yes
warnings=$(build "$work/with" -v normal | { grep -o "[A-Za-z0-9_]*\.cs([0-9]*,[0-9]*): warning CMPT001" || true; } | sort -u | wc -l)
[ "$warnings" -ge "$handlers" ] || { echo "bench: the analyzer reported $warnings CMPT001 warnings for $handlers handlers" >&2; exit 1; }
build "$work/without" >/dev/null
without=(); with=()
for _ in $(seq 1 "$runs"); do
  without+=("$(seconds build "$work/without")")
  with+=("$(seconds build "$work/with")")
done
t_without=$(median "${without[@]}")
t_with=$(median "${with[@]}")

cp -r "$work/with" "$work/format"
t_format=$(seconds dotnet format analyzers "$work/format" --diagnostics CMPT001 --severity warn --no-restore)
left=$(build "$work/format" -v normal | { grep -o "[A-Za-z0-9_]*\.cs([0-9]*,[0-9]*): warning CMPT001" || true; } | sort -u | wc -l)
[ "$left" -eq 0 ] || { echo "bench: $left CMPT001 warnings remain after dotnet format" >&2; exit 1; }

dotnet build codefixes/Compat.Migrate -c Release -v quiet -nologo >/dev/null
cp -r "$work/with" "$work/migrate"
t_migrate=$(seconds dotnet codefixes/Compat.Migrate/bin/Release/net10.0/compat-migrate.dll migrate "$work/migrate/Generated.csproj")
left=$(build "$work/migrate" -v normal | { grep -o "[A-Za-z0-9_]*\.cs([0-9]*,[0-9]*): warning CMPT001" || true; } | sort -u | wc -l)
[ "$left" -eq 0 ] || { echo "bench: $left CMPT001 warnings remain after compat migrate" >&2; exit 1; }

# The same comparison on the migrated handlers, where the analyzers run as much but report nothing: it separates
# the analyzers' own cost from the cost of the build logging 2,000 warnings.
mkdir -p "$work/migrated-without"
cp "$work/without/Generated.csproj" "$work/migrated-without/"
cp "$work/migrate/"*.cs "$work/migrated-without/"
dotnet restore "$work/migrated-without" -v quiet >/dev/null
build "$work/migrate" >/dev/null
build "$work/migrated-without" >/dev/null
clean_without=(); clean_with=()
for _ in $(seq 1 "$runs"); do
  clean_without+=("$(seconds build "$work/migrated-without")")
  clean_with+=("$(seconds build "$work/migrate")")
done
t_clean_without=$(median "${clean_without[@]}")
t_clean_with=$(median "${clean_with[@]}")
analyzer_seconds=$(build "$work/with" -v detailed -p:ReportAnalyzer=true | awk '/Compat.Analyzers, Version/ { print $1; exit }')

section_header "5. Analyzers: a generated project of $handlers old-style handlers"
echo "| measurement | seconds (median of $runs) | ratio |"
echo "|---|---|---|"
echo "| dotnet build without Compat.Analyzers | $t_without | 1.00 |"
echo "| dotnet build with Compat.Analyzers ($warnings CMPT001 warnings) | $t_with | $(ratio "$t_with" "$t_without") |"
echo "| the same $handlers handlers after migration, without the package | $t_clean_without | 1.00 |"
echo "| the same $handlers handlers after migration, with the package (no warning to report) | $t_clean_with | $(ratio "$t_clean_with" "$t_clean_without") |"
echo "| Fix All CMPT001: dotnet format analyzers --diagnostics CMPT001 (one run) | $t_format | $(ratio "$t_format" "$t_without") |"
echo "| Fix All CMPT001: compat migrate Generated.csproj (one run, includes its compile check) | $t_migrate | $(ratio "$t_migrate" "$t_without") |"
echo
echo "The Compat analyzers' own execution time in the build with warnings, from the compiler's ReportAnalyzer: ${analyzer_seconds} s."
echo "The with/without ratio includes reporting $warnings warnings; overhead = ratio - 1. After each Fix All the"
echo "project builds with no CMPT001 warning (checked). Fix All times are one run each, so noisier than the builds."
