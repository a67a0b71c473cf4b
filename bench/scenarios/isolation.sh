#!/usr/bin/env bash
# Scenario 3: plaintext latency of an AsyncApp with and without N = 4 x pool size old-style handlers that each
# block for 200 ms. compat-server runs the blockers on its bounded pool (4 threads here), and so does the ASP.NET
# Core host (MapSyncApp, the same pool settings, on Kestrel); the Kestrel peer runs the same blocking work on the
# shared ThreadPool with AllowSynchronousIO, as an unadapted port of the old code would.
set -euo pipefail
source bench/lib.sh

pool=4
blockers=$((4 * pool))
start_compat 5200 --threads "$pool" --queue 256 \
  --mount "/async=$apps:Compat.Bench.Apps.Plaintext.Async" --mount "/slow=$apps:Compat.Bench.Apps.Slow.Write"
start_kestrel 5100
start_kestrel 5102 Compat__PoolThreadCount="$pool" Compat__PoolQueueLength=256
same_bytes http://127.0.0.1:5200/async http://127.0.0.1:5100/plaintext
same_bytes http://127.0.0.1:5200/slow http://127.0.0.1:5100/slow
same_bytes http://127.0.0.1:5102/compat/async http://127.0.0.1:5100/plaintext
same_bytes http://127.0.0.1:5102/compat/slow http://127.0.0.1:5100/slow

declare -A p50 p99 rps slow_rps
targets=(kestrel compat aspnetcore)
for target in "${targets[@]}"; do
  case $target in
    kestrel) base=http://127.0.0.1:5100; fast=$base/plaintext; slow=$base/slow ;;
    compat) base=http://127.0.0.1:5200; fast=$base/async; slow=$base/slow ;;
    aspnetcore) base=http://127.0.0.1:5102; fast=$base/compat/async; slow=$base/compat/slow ;;
  esac
  report=$(wrk_run -t1 -c32 --latency "$fast")
  read -r p50[$target,idle] p99[$target,idle] <<<"$(percentiles_of <<<"$report")"
  rps[$target,idle]=$(rps_of <<<"$report")

  # The blockers run for the warm-up and the whole measurement.
  wrk -t1 -c"$blockers" -d"$((duration + 6))s" "$slow" > "/tmp/compat-bench-slow.$$" &
  slow_wrk=$!
  sleep 1
  report=$(wrk_run -t1 -c32 --latency "$fast")
  read -r p50[$target,loaded] p99[$target,loaded] <<<"$(percentiles_of <<<"$report")"
  rps[$target,loaded]=$(rps_of <<<"$report")
  wait "$slow_wrk"
  slow_rps[$target]=$(awk '/Requests\/sec/ { printf "%.1f", $2 }' "/tmp/compat-bench-slow.$$")
  rm -f "/tmp/compat-bench-slow.$$"
done

section_header "3. Isolation: AsyncApp latency beside $blockers blocking old-style handlers (pool of $pool)"
echo "Plaintext load: wrk -t1 -c32 --latency. Slow load: wrk -t1 -c$blockers on a handler that blocks 200 ms."
echo
echo "| server | slow load | p50 ms | p99 ms | requests/s | p99 loaded / p99 idle | slow requests/s |"
echo "|---|---|---|---|---|---|---|"
for target in "${targets[@]}"; do
  case $target in
    kestrel) name="Kestrel, blocking on the ThreadPool" ;;
    compat) name="compat-server, blocking on the pool" ;;
    aspnetcore) name="ASP.NET Core host (MapAsyncApp beside MapSyncApp), blocking on the pool" ;;
  esac
  echo "| $name | none | ${p50[$target,idle]} | ${p99[$target,idle]} | ${rps[$target,idle]} | | |"
  echo "| $name | $blockers blockers | ${p50[$target,loaded]} | ${p99[$target,loaded]} | ${rps[$target,loaded]} | $(ratio "${p99[$target,loaded]}" "${p99[$target,idle]}") | ${slow_rps[$target]} |"
done
echo
echo "Under the slow load, Kestrel's p99 is $(ratio "${p99[kestrel,loaded]}" "${p99[compat,loaded]}") times compat-server's."
echo "Under the slow load, Kestrel's p99 is $(ratio "${p99[kestrel,loaded]}" "${p99[aspnetcore,loaded]}") times the ASP.NET Core host's."
echo "The pool caps the blockers at $pool at a time, so compat-server's slow throughput is about $pool / 0.2 s by design;"
echo "Kestrel's grows as the ThreadPool injects threads for the blocked ones."
