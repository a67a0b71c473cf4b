#!/usr/bin/env bash
# Packs every Compat package (seven) and both tools (compat-server, compat) into one folder, ready for a nuget.config
# source or `dotnet tool install --add-source`. Usage: ./scripts/pack.sh [FOLDER]   (default artifacts/packages)
# Prints the version it packed, last, on stdout.
#
# Each run gets its own prerelease version (0.1.0-dev.YYYYMMDDHHMMSS, or 0.1.0-$COMPAT_VERSION_SUFFIX): NuGet caches
# a package by id and version, so a repacked 0.1.0 would be hidden by the copy an earlier restore cached. It builds
# under artifacts/pack-build, apart from the solution's bin and obj folders, so it can run beside a test run.
set -euo pipefail
output="$(realpath -m "${1:-$(dirname "$0")/../artifacts/packages}")"
suffix="${COMPAT_VERSION_SUFFIX:-dev.$(date -u +%Y%m%d%H%M%S)}"
cd "$(dirname "$0")/.."

projects=(
  adapters/Compat.Gateway
  adapters/Compat.Adapters
  adapters/Compat.Hosting
  adapters/Compat.Testing
  server/Compat.Server
  server/Compat.AspNetCore
  server/Compat.Server.Host
  analyzers/Compat.Analyzers.Package
  codefixes/Compat.Migrate
)
build="$PWD/artifacts/pack-build/$suffix"
for project in "${projects[@]}"; do
  dotnet pack "$project" -c Release -o "$output" --version-suffix "$suffix" --artifacts-path "$build" -nodeReuse:false -v:q -clp:NoSummary >&2
done
rm -rf "$build"

version="$(dotnet msbuild adapters/Compat.Gateway -getProperty:VersionPrefix)-$suffix"
echo "pack: $version in $output:" >&2
(cd "$output" && ls -1 -- *".$version.nupkg") >&2
echo "$version"
