using BenchmarkDotNet.Running;

// bench/run.sh adapter and server run this; arguments go to BenchmarkDotNet (--filter, --job short, ...).
BenchmarkSwitcher.FromAssembly(typeof(Compat.Bench.Micro.AdapterOverheadBenchmarks).Assembly).Run(args);
