using Compat.Bench.Apps;

// The Kestrel peer (see KestrelPeer). Usage: Compat.Bench.Apps URL
KestrelPeer.Build(args.Length > 0 ? args[0] : "http://127.0.0.1:5100").Run();
