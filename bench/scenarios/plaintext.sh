#!/usr/bin/env bash
# Scenario 1: TechEmpower's plaintext hello, without pipelining and pipelined 16 deep, 64 connections; beside each
# figure, the server's CPU time per request, and the ratio to a canned-response loop (what the machine can do at all).
set -euo pipefail
source bench/lib.sh

start_compat 5200 --mount "/async=$apps:Compat.Bench.Apps.Plaintext.Async" --mount "/write=$apps:Compat.Bench.Apps.Plaintext.Write" --mount "/iterator=$apps:Compat.Bench.Apps.Plaintext.Iterator"
compat=$last_pid
start_kestrel 5100
kestrel=$last_pid
start_canned 5300
canned=$last_pid
for path in /async /write /iterator; do same_bytes "http://127.0.0.1:5200$path" http://127.0.0.1:5100/plaintext; done
same_bytes http://127.0.0.1:5300/ http://127.0.0.1:5100/plaintext

declare -A rps cpu
measure() { # KEY DEPTH PID URL
  local args=(-t2 -c64) result
  [ "$2" -gt 1 ] && args+=(-s bench/wrk/pipeline.lua)
  result=$(wrk_cpu "$3" "${args[@]}" "$4" -- "$2")
  rps[$1,$2]=${result% *}
  cpu[$1,$2]=${result#* }
}
for depth in 1 16; do
  measure canned $depth $canned http://127.0.0.1:5300/
  measure kestrel $depth $kestrel http://127.0.0.1:5100/plaintext
  measure async $depth $compat http://127.0.0.1:5200/async
  measure write $depth $compat http://127.0.0.1:5200/write
  measure iterator $depth $compat http://127.0.0.1:5200/iterator
done

section_header '1. Plaintext ("Hello, World!", 64 connections, wrk -t2)'
echo "| target | pipelining | requests/s | ratio to Kestrel | ratio to the canned loop | ratio to the AsyncApp | server CPU per request |"
echo "|---|---|---|---|---|---|---|"
for depth in 1 16; do
  label=$([ "$depth" -eq 1 ] && echo "none" || echo "depth $depth")
  row() { # NAME KEY
    echo "| $1 | $label | ${rps[$2,$depth]} | $(ratio "${rps[$2,$depth]}" "${rps[kestrel,$depth]}") | $(ratio "${rps[$2,$depth]}" "${rps[canned,$depth]}") | $(ratio "${rps[$2,$depth]}" "${rps[async,$depth]}") | ${cpu[$2,$depth]} us |"
  }
  row "canned-response loop (parses nothing)" canned
  row "Kestrel (minimal endpoint)" kestrel
  row "compat-server, AsyncApp" async
  row "compat-server, SyncApp write() via adapter" write
  row "compat-server, SyncApp returning its body via adapter" iterator
done
echo
echo "CPU per request is the server process's user and system time over the measured run (from /proc/PID/stat)"
echo "divided by the requests wrk completed; wrk shares the two cores, so it is the steadier figure."
