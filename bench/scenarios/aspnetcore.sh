#!/usr/bin/env bash
# Scenario 8: the ASP.NET Core host on Kestrel against Kestrel's own minimal endpoint, in one app serving the same
# 13 bytes: MapAsyncApp, MapSyncApp (write(), and a returned iterable, through the adapter), without pipelining and
# pipelined 16 deep; the old style also with Compat:ContinueOnPoolThread on (a second instance of the same app).
# Two alternating rounds; each figure is the mean of its two runs.
set -euo pipefail
source bench/lib.sh

start_kestrel 5100
start_kestrel 5101 Compat__ContinueOnPoolThread=true
for path in /compat/async /compat/write /compat/iterator; do same_bytes "http://127.0.0.1:5100$path" http://127.0.0.1:5100/plaintext; done

declare -A rps
for depth in 1 16; do
  args=(-t2 -c64); [ "$depth" -gt 1 ] && args+=(-s bench/wrk/pipeline.lua)
  for round in 1 2; do
    for target in plaintext compat/async compat/write compat/iterator; do
      rps[$target,$depth,$round]=$(wrk_run "${args[@]}" "http://127.0.0.1:5100/$target" -- "$depth" | rps_of)
    done
    for target in compat/write compat/iterator; do
      rps[continue/$target,$depth,$round]=$(wrk_run "${args[@]}" "http://127.0.0.1:5101/$target" -- "$depth" | rps_of)
    done
  done
done

table=$(micro_table '*AspNetCoreRequest*')

mean() { echo $(( ($1 + $2) / 2 )); }
section_header '8. The ASP.NET Core host (one Kestrel app, 64 connections, wrk -t2)'
echo "| target | pipelining | requests/s (mean of 2) | ratio to the minimal endpoint | ratio to MapAsyncApp |"
echo "|---|---|---|---|---|"
for depth in 1 16; do
  label=$([ "$depth" -eq 1 ] && echo "none" || echo "depth $depth")
  minimal=$(mean "${rps[plaintext,$depth,1]}" "${rps[plaintext,$depth,2]}")
  async=$(mean "${rps[compat/async,$depth,1]}" "${rps[compat/async,$depth,2]}")
  write=$(mean "${rps[compat/write,$depth,1]}" "${rps[compat/write,$depth,2]}")
  iterator=$(mean "${rps[compat/iterator,$depth,1]}" "${rps[compat/iterator,$depth,2]}")
  echo "| minimal endpoint | $label | $minimal | 1.00 | |"
  echo "| MapAsyncApp | $label | $async | $(ratio "$async" "$minimal") | 1.00 |"
  echo "| MapSyncApp, write() via adapter | $label | $write | $(ratio "$write" "$minimal") | $(ratio "$write" "$async") |"
  echo "| MapSyncApp, returned iterable via adapter | $label | $iterator | $(ratio "$iterator" "$minimal") | $(ratio "$iterator" "$async") |"
  for form in write iterator; do
    value=$(mean "${rps[continue/compat/$form,$depth,1]}" "${rps[continue/compat/$form,$depth,2]}")
    echo "| MapSyncApp, $([ $form = write ] && echo "write()" || echo "returned iterable"), ContinueOnPoolThread | $label | $value | $(ratio "$value" "$minimal") | $(ratio "$value" "$async") |"
  done
done
echo
echo "In process (BenchmarkDotNet, \`AspNetCoreRequestBenchmarks\`, loopback socket, the same app): time and garbage per"
echo "request; the pipelined benchmark divides by 16, ratios are to one request at a time on the same path."
echo
echo "$table"
echo
echo "Targets (issue #18): MapAsyncApp at 0.95 of the minimal endpoint without pipelining and 0.9 pipelined;"
echo "MapSyncApp at 0.9 of MapAsyncApp; MapAsyncApp's allocations within 1.5x of the minimal endpoint's."
