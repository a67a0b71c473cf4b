#!/usr/bin/env bash
# Scenario 1: TechEmpower's plaintext hello, without pipelining and pipelined 16 deep, 64 connections.
set -euo pipefail
source bench/lib.sh

start_compat 5200 --mount "/async=$apps:Compat.Bench.Apps.Plaintext.Async" --mount "/write=$apps:Compat.Bench.Apps.Plaintext.Write"
start_kestrel 5100
for path in /async /write; do same_bytes "http://127.0.0.1:5200$path" http://127.0.0.1:5100/plaintext; done

declare -A rps
for depth in 1 16; do
  args=(-t2 -c64); [ "$depth" -gt 1 ] && args+=(-s bench/wrk/pipeline.lua)
  rps[kestrel,$depth]=$(wrk_run "${args[@]}" http://127.0.0.1:5100/plaintext -- "$depth" | rps_of)
  rps[async,$depth]=$(wrk_run "${args[@]}" http://127.0.0.1:5200/async -- "$depth" | rps_of)
  rps[write,$depth]=$(wrk_run "${args[@]}" http://127.0.0.1:5200/write -- "$depth" | rps_of)
done

section_header '1. Plaintext ("Hello, World!", 64 connections, wrk -t2)'
echo "| target | pipelining | requests/s | ratio to Kestrel |"
echo "|---|---|---|---|"
for depth in 1 16; do
  label=$([ "$depth" -eq 1 ] && echo "none" || echo "depth $depth")
  echo "| Kestrel (minimal endpoint) | $label | ${rps[kestrel,$depth]} | 1.00 |"
  echo "| compat-server, AsyncApp | $label | ${rps[async,$depth]} | $(ratio "${rps[async,$depth]}" "${rps[kestrel,$depth]}") |"
  echo "| compat-server, SyncApp write() via adapter | $label | ${rps[write,$depth]} | $(ratio "${rps[write,$depth]}" "${rps[kestrel,$depth]}") |"
done
