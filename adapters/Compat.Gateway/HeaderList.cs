using System;
using System.Collections.Generic;

namespace Compat.Gateway;

/// <summary>
/// Lookups in a header list as the contract passes them (<c>IReadOnlyList&lt;KeyValuePair&lt;string, string&gt;&gt;</c>):
/// names compare without case (RFC 9110 5.1), and the list is walked by index, so no enumerator is allocated.
/// </summary>
public static class HeaderList
{
    /// <summary>The value of the first header with that name, or null.</summary>
    /// <param name="headers">The headers.</param>
    /// <param name="name">The name.</param>
    /// <returns>Its value, or null when there is none.</returns>
    public static string? Find(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        if (headers is null) throw new ArgumentNullException(nameof(headers));
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase)) return headers[i].Value;
        }

        return null;
    }

    /// <summary>Whether a header with that name is in the list.</summary>
    /// <param name="headers">The headers.</param>
    /// <param name="name">The name.</param>
    /// <returns>True when there is one.</returns>
    public static bool Contains(IReadOnlyList<KeyValuePair<string, string>> headers, string name) => Find(headers, name) is not null;
}
