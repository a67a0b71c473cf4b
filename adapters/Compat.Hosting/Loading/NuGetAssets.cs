using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Compat.Hosting.Loading;

/// <summary>
/// Where the package assemblies a deps.json lists are in the NuGet packages folder. <c>dotnet build</c> of a library
/// leaves its packages there instead of copying them beside it (the SDK's own <c>dotnet run</c> probes the same way);
/// published output has them beside it and needs none of this.
/// </summary>
internal sealed class NuGetAssets
{
    private readonly Dictionary<string, string> _byName;

    private NuGetAssets(Dictionary<string, string> byName) => _byName = byName;

    /// <summary>The file of the assembly with this simple name, when the deps.json lists it and it is in the folder.</summary>
    public string? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Reads a deps.json; none, or one that cannot be read, lists nothing.</summary>
    public static NuGetAssets Read(string depsJsonPath)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(depsJsonPath)) return new NuGetAssets(byName);
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        try
        {
            using var deps = JsonDocument.Parse(File.ReadAllBytes(depsJsonPath));
            if (!deps.RootElement.TryGetProperty("targets", out var targets) || !deps.RootElement.TryGetProperty("libraries", out var libraries)) return new NuGetAssets(byName);
            foreach (var target in targets.EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (!library.Value.TryGetProperty("runtime", out var runtime)
                        || !libraries.TryGetProperty(library.Name, out var package)
                        || package.GetProperty("type").GetString() != "package"
                        || !package.TryGetProperty("path", out var packagePath))
                    {
                        continue;
                    }

                    foreach (var asset in runtime.EnumerateObject())
                    {
                        var file = Path.Combine(root, packagePath.GetString()!, asset.Name);
                        if (File.Exists(file)) byName.TryAdd(Path.GetFileNameWithoutExtension(file), file);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // A deps.json this reader does not understand: the resolver and the folder are still asked.
        }

        return new NuGetAssets(byName);
    }
}
