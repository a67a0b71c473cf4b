using System;
using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// Handlers by path prefix. The longest prefix that matches at a segment boundary wins; the prefix becomes
/// SCRIPT_NAME and the rest PATH_INFO. "/" (or "") mounts at the root. Built before the server starts, then
/// only read, so lookups take no lock.
/// </summary>
public sealed class MountTable
{
    private readonly List<(string Prefix, AsyncApp App)> _mounts = [];

    /// <summary>The mounted prefixes, longest first.</summary>
    public IEnumerable<string> Prefixes
    {
        get
        {
            foreach (var mount in _mounts) yield return mount.Prefix.Length == 0 ? "/" : mount.Prefix;
        }
    }

    /// <summary>Mounts a handler.</summary>
    /// <param name="prefix">A path such as <c>/legacy</c>; a trailing slash is ignored.</param>
    /// <param name="app">The handler (an old-style one already adapted).</param>
    /// <exception cref="ArgumentException">The prefix does not start with <c>/</c>, or is already mounted.</exception>
    public void Add(string prefix, AsyncApp app)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(app);
        if (prefix.Length > 0 && prefix[0] != '/') throw new ArgumentException($"Mount prefix '{prefix}' must start with '/'.", nameof(prefix));
        var normalized = prefix.TrimEnd('/');
        foreach (var mount in _mounts)
        {
            if (mount.Prefix == normalized) throw new ArgumentException($"Something is already mounted at '{prefix}'.", nameof(prefix));
        }

        _mounts.Add((normalized, app));
        _mounts.Sort(static (a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
    }

    /// <summary>Finds the handler for a decoded path.</summary>
    /// <param name="path">The percent-decoded path.</param>
    /// <param name="scriptName">The matched prefix.</param>
    /// <param name="pathInfo">The rest of the path.</param>
    /// <returns>The handler, or null when nothing is mounted there.</returns>
    public AsyncApp? Match(string path, out string scriptName, out string pathInfo)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var (prefix, app) in _mounts)
        {
            // The root takes every path, asterisk-form ("OPTIONS *") included.
            if (prefix.Length == 0 || (path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/')))
            {
                scriptName = prefix;
                pathInfo = path[prefix.Length..];
                return app;
            }
        }

        scriptName = pathInfo = string.Empty;
        return null;
    }
}
