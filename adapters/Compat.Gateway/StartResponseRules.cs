using System;
using System.Runtime.ExceptionServices;

namespace Compat.Gateway;

/// <summary>
/// docs/gateway.md rule 2, when start_response may be called again: every start_response of every host and adapter
/// applies it, so it is part of the contract.
/// </summary>
public static class StartResponseRules
{
    /// <summary>Refuses a repeated call without excInfo, and rethrows excInfo once body bytes are on their way.</summary>
    /// <param name="started">Whether start_response was called before.</param>
    /// <param name="committed">Whether body bytes (and so the headers) have gone out.</param>
    /// <param name="excInfo">The handler's error, when it is replacing its headers after one.</param>
    public static void CheckRepeat(bool started, bool committed, ExceptionDispatchInfo? excInfo)
    {
        if (!started)
        {
            return;
        }

        if (excInfo is null)
        {
            throw new InvalidOperationException("startResponse was already called; call it again only with excInfo, to replace the headers after an error.");
        }

        if (committed)
        {
            // Too late to replace what the client already has: the error goes back up (PEP 3333) and the host aborts.
            excInfo.Throw();
        }
    }
}
