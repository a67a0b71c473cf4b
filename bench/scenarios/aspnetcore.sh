#!/usr/bin/env bash
# Scenario 8: the ASP.NET Core host on Kestrel against Kestrel's own minimal endpoint, in one app serving the same
# 13 bytes: MapAsyncApp, MapSyncApp (write(), and a returned iterable, through the adapter), without pipelining and
# pipelined 16 deep; the old style also with Compat:ContinueOnPoolThread on (a second instance of the same app).
# Three alternating rounds; each figure is the mean of its three runs, requests/s and the server's CPU per request.
set -euo pipefail
source bench/lib.sh

rounds=3
start_kestrel 5100; app=$last_pid
start_kestrel 5101 Compat__ContinueOnPoolThread=true; continuing=$last_pid
for path in /compat/async /compat/write /compat/iterator; do same_bytes "http://127.0.0.1:5100$path" http://127.0.0.1:5100/plaintext; done

declare -A rps cpu
measure() { # KEY PID URL DEPTH ROUND
  local args=(-t2 -c64) result
  [ "$4" -gt 1 ] && args+=(-s bench/wrk/pipeline.lua)
  result=$(wrk_cpu "$2" "${args[@]}" "$3" -- "$4")
  rps[$1,$4,$5]=${result% *}
  cpu[$1,$4,$5]=${result#* }
}
for depth in 1 16; do
  for round in $(seq 1 "$rounds"); do
    for target in plaintext compat/async compat/write compat/iterator; do
      measure "$target" "$app" "http://127.0.0.1:5100/$target" "$depth" "$round"
    done
    for target in compat/write compat/iterator; do
      measure "continue/$target" "$continuing" "http://127.0.0.1:5101/$target" "$depth" "$round"
    done
  done
done

table=$(micro_table '*AspNetCoreRequest*')
floor=$(micro_table '*ContractFloor*')

# The mean over the rounds of rps[KEY,DEPTH,*] or cpu[...]: mean_of rps KEY DEPTH
mean_of() {
  local -n values=$1
  local round list=()
  for round in $(seq 1 "$rounds"); do list+=("${values[$2,$3,$round]}"); done
  awk 'BEGIN { for (i = 1; i < ARGC; i++) sum += ARGV[i]; printf (sum / (ARGC - 1) >= 100 ? "%.0f" : "%.2f"), sum / (ARGC - 1) }' "${list[@]}"
}
section_header '8. The ASP.NET Core host (one Kestrel app, 64 connections, wrk -t2)'
echo "| target | pipelining | requests/s | ratio to the minimal endpoint | ratio to MapAsyncApp | server CPU per request | CPU ratio: minimal endpoint / this |"
echo "|---|---|---|---|---|---|---|"
row() { # NAME KEY DEPTH LABEL
  local value cost
  value=$(mean_of rps "$2" "$3"); cost=$(mean_of cpu "$2" "$3")
  echo "| $1 | $4 | $value | $(ratio "$value" "$(mean_of rps plaintext "$3")") | $([ "$2" = plaintext ] || ratio "$value" "$(mean_of rps compat/async "$3")") | $cost us | $(ratio "$(mean_of cpu plaintext "$3")" "$cost") |"
}
for depth in 1 16; do
  label=$([ "$depth" -eq 1 ] && echo "none" || echo "depth $depth")
  row "minimal endpoint" plaintext "$depth" "$label"
  row "MapAsyncApp" compat/async "$depth" "$label"
  row "MapSyncApp, write() via adapter" compat/write "$depth" "$label"
  row "MapSyncApp, returned iterable via adapter" compat/iterator "$depth" "$label"
  row "MapSyncApp, write(), ContinueOnPoolThread" continue/compat/write "$depth" "$label"
  row "MapSyncApp, returned iterable, ContinueOnPoolThread" continue/compat/iterator "$depth" "$label"
done
echo
echo "Requests/s and CPU per request are means over $rounds alternating rounds; CPU per request is the app's user and"
echo "system time over a run (from /proc/PID/stat) divided by the requests wrk completed. wrk shares the two cores,"
echo "so the CPU ratio is the steadier comparison. The ContinueOnPoolThread rows are a second instance of the app."
echo
echo "In process (BenchmarkDotNet, \`AspNetCoreRequestBenchmarks\`, loopback socket, the same app): time and garbage per"
echo "request; the pipelined benchmark divides by 16, ratios are to one request at a time on the same path."
echo
echo "$table"
echo
echo "The contract's own cost per request, with no server (BenchmarkDotNet, \`ContractFloorBenchmarks\`): the environ as every"
echo "host builds it, a start_response that checks the status and headers, and the handler's body pulled to its end."
echo "No host can cost less than this on top of its transport; Kestrel's minimal endpoint pays none of it."
echo
echo "$floor"
echo
echo "Targets (issue #18): MapAsyncApp at 0.95 of the minimal endpoint without pipelining and 0.9 pipelined;"
echo "MapSyncApp at 0.9 of MapAsyncApp; MapAsyncApp's allocations within 1.5x of the minimal endpoint's."
