#!/usr/bin/env bash
# Micro-benchmark (BenchmarkDotNet, in process): plaintext requests through the bundled server over a loopback
# socket, one at a time and 16 pipelined, for each style. The allocation column is what wrk cannot show: the
# server's garbage per request, which Kestrel keeps near zero by reusing its per-request objects.
set -euo pipefail
source bench/lib.sh

table=$(micro_table '*ServerRequest*')

section_header "7. The bundled server's cost per request (BenchmarkDotNet, in process, loopback socket)"
echo "$table"
echo
echo "Time and allocations are per request (the pipelined benchmark divides by 16); ratios are to one request at a"
echo "time on the same path. The client reuses its buffers, so the allocations are the server's (and the adapter's)."
