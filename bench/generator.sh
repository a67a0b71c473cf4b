#!/usr/bin/env bash
# The migration ladder on random generated handlers, for as long as you like (CI runs 300 fixed seeds):
#   bench/generator.sh                 # 600 seconds from a random seed
#   bench/generator.sh 3600 12345      # an hour, seeds 12345, 12346, ...
# Each program is compiled, served, migrated by CMPT001 then CMPT002, and served again; the run fails with the
# first counterexample shrunk to a few lines. The summary (programs, fixed, declined with reasons) is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export COMPAT_GENERATOR_SECONDS="${1:-600}"
[ $# -ge 2 ] && export COMPAT_GENERATOR_SEED="$2"
dotnet test tests/Compat.Analyzers.Tests -c Release \
  --filter "FullyQualifiedName~GeneratedHandlers_RandomSeeds_ForAsLongAsGiven" \
  --logger "console;verbosity=detailed"
