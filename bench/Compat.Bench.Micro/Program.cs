using BenchmarkDotNet.Running;

// bench/micro.sh runs this; arguments go to BenchmarkDotNet (--filter, --job short, ...).
BenchmarkSwitcher.FromAssembly(typeof(Compat.Bench.Micro.AdapterOverheadBenchmarks).Assembly).Run(args);
