#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs what the tests need, then `dotnet test`.
# Slow soak tests carry [Trait("Category", "Soak")] and run from bench/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-test-deps.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Compat.sln -c Release --filter "Category!=Soak" 2>&1 | tee "$log" || status=$?

# One plain closing line over all test assemblies, for readers that do not parse dotnet's per-assembly lines.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Passed:") passed += $(i + 1)
         if ($i == "Failed:") failed += $(i + 1)
       }
     }
     END { printf "%d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
