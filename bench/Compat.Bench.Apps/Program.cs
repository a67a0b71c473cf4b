using Compat.Bench.Apps;

// The Kestrel peer (see KestrelPeer), or the canned-response loop (see CannedResponseLoop).
// Usage: Compat.Bench.Apps URL | Compat.Bench.Apps canned PORT
if (args is ["canned", var port])
{
    await CannedResponseLoop.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
}
else
{
    KestrelPeer.Build(args.Length > 0 ? args[0] : "http://127.0.0.1:5100").Run();
}
