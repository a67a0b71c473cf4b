using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Compat.Gateway;

namespace Compat.Hosting.Loading;

/// <summary>
/// The load context of one mounted assembly: its dependencies come from its own folder and deps.json (and, for
/// <c>dotnet build</c> output, from the NuGet packages folder its deps.json names), so two builds of one library can
/// be mounted side by side and a library's packages need not match the server's. Only the contract is shared with
/// the host: Compat.Gateway and what its public types expose, so a handler's Environ is the host's Environ.
/// </summary>
internal sealed class MountLoadContext : AssemblyLoadContext
{
    // The contract and the assemblies its signatures name (System.IO.Pipelines for Environ.BodyReader), by name.
    private static readonly HashSet<string> Shared = SharedNames();

    private readonly AssemblyDependencyResolver _resolver;
    private readonly NuGetAssets _packages;
    private readonly string _directory;
    private readonly string _fileName;

    /// <param name="mainAssemblyPath">The mounted assembly; its folder and deps.json say where its dependencies are.</param>
    public MountLoadContext(string mainAssemblyPath)
        : base($"compat-mount:{mainAssemblyPath}")
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _packages = NuGetAssets.Read(Path.ChangeExtension(mainAssemblyPath, ".deps.json"));
        _directory = Path.GetDirectoryName(mainAssemblyPath)!;
        _fileName = Path.GetFileName(mainAssemblyPath);
    }

    /// <summary>
    /// Loads every assembly the mounted one references, transitively, so that one missing is reported now, naming
    /// it and who needs it, instead of as a FileNotFoundException at the first request that reaches it. A reference
    /// into a shared framework the server does not run on (Microsoft.AspNetCore.App, for a library that also has
    /// ASP.NET Core code) is not an error: the handlers may never touch it. It is returned, to be logged.
    /// </summary>
    /// <returns>The framework assemblies that are referenced but not loadable here, as sentences.</returns>
    /// <exception cref="FileNotFoundException">A dependency is in none of the places this context looks.</exception>
    public IReadOnlyList<string> LoadDependencies(Assembly main)
    {
        var unavailable = new List<(string By, string Reference)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { main.GetName().Name! };
        var pending = new Queue<Assembly>([main]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.Name!)) continue;
                try
                {
                    pending.Enqueue(LoadFromAssemblyName(reference));
                }
                catch (FileNotFoundException ex)
                {
                    if (IsPlatform(reference) && _packages.Find(reference.Name!) is null)
                    {
                        unavailable.Add((assembly.GetName().Name!, $"{reference.Name} {reference.Version}"));
                        continue;
                    }

                    throw new FileNotFoundException(
                        $"{assembly.GetName().Name} needs {reference.FullName}, which is neither beside {_fileName} nor in its deps.json's packages nor in the framework",
                        reference.Name, ex);
                }
            }
        }

        // One sentence per referencing assembly: a library with ASP.NET Core code references a dozen of them.
        return [.. unavailable.GroupBy(u => u.By, StringComparer.Ordinal).Select(g =>
            $"{g.Key} references {string.Join(", ", g.Select(u => u.Reference))}, of a shared framework this host does not run on; a handler that uses them will fail")];
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (Shared.Contains(assemblyName.Name!)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName) ?? _packages.Find(assemblyName.Name!) ?? Beside(assemblyName.Name!);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    // A copied folder without a deps.json: the dependency sits beside the assembly, or is the framework's.
    private string? Beside(string name)
    {
        var path = Path.Combine(_directory, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    // Signed with the keys of .NET's own shared frameworks (ASP.NET Core's, and the runtime's).
    private static bool IsPlatform(AssemblyName reference) =>
        Convert.ToHexStringLower(reference.GetPublicKeyToken() ?? []) is "adb9793829ddae60" or "b03f5f7f11d50a3a" or "cc7b13ffcd2ddd51" or "7cec85d7bea7798e";

    private static HashSet<string> SharedNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<Assembly>([typeof(Environ).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!names.Add(assembly.GetName().Name!)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => !names.Contains(r.Name!)))
            {
                pending.Enqueue(Default.LoadFromAssemblyName(reference));
            }
        }

        return names;
    }
}
