#!/usr/bin/env bash
# Runs the benchmarks against the bundled server and the peers they are compared with, and writes
# docs/benchmarks.md: each scenario's section in bench/results/, assembled in the order below.
#   bench/run.sh                       # every scenario, DURATION=10 seconds per wrk measurement
#   bench/run.sh streamed memory       # only these; the other sections keep their last results
#   MEMORY_MIB=256 bench/run.sh memory # a shorter memory run (default: the issue's 1 GiB)
#   bench/run.sh docs                  # no run: only reassemble docs/benchmarks.md (after editing findings.md)
# wrk comes from the distribution's packages; everything else is built from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

all=(plaintext streamed isolation memory analyzers helpers adapter server aspnetcore recording)
if [ $# -eq 0 ]; then chosen=("${all[@]}"); elif [ "$*" = docs ]; then chosen=(); else chosen=("$@"); fi
for scenario in "${chosen[@]}"; do
  [ -f "bench/scenarios/$scenario.sh" ] || { echo "bench: no scenario '$scenario' (have: ${all[*]}, or docs)" >&2; exit 2; }
done

source bench/lib.sh
if [ ${#chosen[@]} -gt 0 ]; then
  install_wrk
  build_bench
fi
for scenario in "${chosen[@]}"; do
  echo "bench: $scenario" >&2
  # A failed scenario leaves its previous section as it was.
  scenario=$scenario bash bench/scenarios/"$scenario".sh > "bench/results/$scenario.md.partial"
  mv "bench/results/$scenario.md.partial" "bench/results/$scenario.md"
done

{
  echo "# Benchmarks"
  echo
  echo "Produced by \`bench/run.sh\` (see its header for options). Each figure is also given as a ratio to the peer"
  echo "measured in the same run on the same machine, serving the same bytes (the scripts check the bodies match"
  echo "before measuring). wrk runs on the same cores as the servers, so absolute numbers are low and noisy;"
  echo "ratios are what to compare. Both servers run with server GC."
  echo
  echo "Targets the project aims for: plaintext at or above Kestrel; the old style within 10% of the async style;"
  echo "AsyncApp p99 under the slow load within 2x of its unloaded p99; peak RSS under 100 MiB for the 1 GiB"
  echo "stream; analyzer build overhead under 5%."
  for scenario in "${all[@]}"; do
    if [ -f "bench/results/$scenario.md" ]; then echo; cat "bench/results/$scenario.md"; fi
  done
  echo
  cat bench/findings.md
} > docs/benchmarks.md
cat docs/benchmarks.md
