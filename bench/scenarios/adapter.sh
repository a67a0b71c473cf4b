#!/usr/bin/env bash
# Micro-benchmark (BenchmarkDotNet, in process): one plaintext request through the in-process host as an AsyncApp
# and as the old-style write() handler through the adapter. The difference is the adapter's per-request cost.
set -euo pipefail
source bench/lib.sh

table=$(micro_table '*AdapterOverhead*')

section_header "6. The adapter's cost per request (BenchmarkDotNet, in process, no network)"
echo "$table"
echo
echo "Ratio is to the AsyncApp. The time is mostly waiting, not work: the old style allocates about 1.5x as much but"
echo "takes over ten times as long, handing the request to a pool thread and its body back to the async flow."
