#!/usr/bin/env bash
# Micro-benchmark (BenchmarkDotNet, in process): one plaintext request through the in-process host as an AsyncApp
# and as the old-style write() handler through the adapter. The difference is the adapter's per-request cost.
set -euo pipefail
source bench/lib.sh

dotnet build bench/Compat.Bench.Micro -c Release -v quiet -nologo >/dev/null
# In process: BenchmarkDotNet's generated project would inherit this repository's central package pins.
table=$(dotnet bench/Compat.Bench.Micro/bin/Release/net10.0/Compat.Bench.Micro.dll --filter '*AdapterOverhead*' --job short --inProcess \
  --artifacts "$(mktemp -d /tmp/compat-bench-micro.XXXXXX)" | grep -E '^\|')

section_header "6. The adapter's cost per request (BenchmarkDotNet, in process, no network)"
echo "$table"
echo
echo "Ratio is to the AsyncApp. The time is mostly waiting, not work: the old style allocates about 1.5x as much but"
echo "takes over ten times as long, handing the request to a pool thread and its body back to the async flow."
