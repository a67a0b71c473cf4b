using System.Collections.Generic;
using System.Threading;
using Compat.Gateway;

namespace Compat.Server.Host.Tests;

/// <summary>Handlers mounted into a real compat-server process by the shutdown tests.</summary>
public static class StubbornHandlers
{
    /// <summary>Ignores cancellation for ten minutes, as handlers that call Thread.Sleep do.</summary>
    public static IEnumerable<byte[]> Sleep(Environ environ, StartResponse startResponse)
    {
        Thread.Sleep(600_000);
        startResponse("200 OK", []);
        return [];
    }
}
