using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Compat.Gateway;
using Compat.Hosting.Recording;

namespace Compat.Hosting.Loading;

/// <summary>
/// Resolves a mount spec such as <c>bin/MyApp.dll:MyApp.Handlers.Hello</c> to a handler, like <c>module:app</c> in
/// Python servers. The style is read off the member's signature, so users never have to say which it is. Each
/// assembly file gets its own <see cref="MountLoadContext"/>, shared by the handlers loaded from it, so two builds
/// of one library load side by side (what <c>compat verify</c> compares).
/// </summary>
/// <param name="baseDirectory">Where a relative assembly path starts: the caller's directory; null for the current one.</param>
public sealed class HandlerLoader(string? baseDirectory = null)
{
    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

    /// <summary>What loading found worth a warning: references into shared frameworks the server does not run on.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Loads the handler a spec names.</summary>
    /// <param name="spec">ASSEMBLY.dll:Namespace.Type.Member.</param>
    /// <returns>Exactly one of the two is non-null.</returns>
    /// <exception cref="HandlerLoadException">
    /// The spec is malformed, names nothing usable, or its assembly needs one that cannot be found; the message says which.
    /// </exception>
    public (SyncApp? Sync, AsyncApp? Async) Load(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.LastIndexOf(':');
        if (colon <= 0 || colon == spec.Length - 1)
        {
            throw new HandlerLoadException("the handler must be given as ASSEMBLY.dll:Namespace.Type.Member.");
        }

        var path = Path.GetFullPath(spec[..colon], baseDirectory ?? Environment.CurrentDirectory);
        var memberPath = spec[(colon + 1)..];
        if (!File.Exists(path)) throw new HandlerLoadException($"assembly '{path}' does not exist.");
        var dot = memberPath.LastIndexOf('.');
        if (dot <= 0) throw new HandlerLoadException($"'{memberPath}' is not Namespace.Type.Member.");

        var assembly = LoadAssembly(path);
        if (assembly.GetType(memberPath) is not null)
        {
            throw new HandlerLoadException($"'{memberPath}' is a type; name its handler too, as Namespace.Type.Member.");
        }

        var typeName = memberPath[..dot];
        var type = assembly.GetType(typeName) ?? throw new HandlerLoadException($"no type '{typeName}' in {Path.GetFileName(path)}.");
        var memberName = memberPath[(dot + 1)..];
        var members = type.GetMember(memberName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        if (members.Length == 0) throw new HandlerLoadException($"'{typeName}' has no static member '{memberName}'.");

        foreach (var member in members)
        {
            if (FromMember(member) is { } found) return found;
        }

        throw new HandlerLoadException(
            $"'{memberName}' is neither a SyncApp (IEnumerable<byte[]> {memberName}(Environ, StartResponse)) " +
            $"nor an AsyncApp (IAsyncEnumerable<ReadOnlyMemory<byte>> {memberName}(Environ, AsyncStartResponse)), nor a static field or property of either type.");
    }

    /// <summary>Every handler an assembly has: its static methods, fields and properties shaped as a SyncApp or an AsyncApp.</summary>
    /// <param name="assemblyPath">The assembly.</param>
    /// <returns>The handlers by name, in name order.</returns>
    /// <exception cref="HandlerLoadException">The file is missing, not an assembly, or needs one that cannot be found.</exception>
    public IReadOnlyList<LoadedHandler> LoadAll(string assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        var path = Path.GetFullPath(assemblyPath, baseDirectory ?? Environment.CurrentDirectory);
        if (!File.Exists(path)) throw new HandlerLoadException($"assembly '{path}' does not exist.");
        var handlers = new List<LoadedHandler>();
        foreach (var type in Types(LoadAssembly(path)))
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                // Compiler-made members (a lambda's cache, an iterator's state) are not handlers anyone named.
                if (member.Name.Contains('<', StringComparison.Ordinal)) continue;
                if (member is FieldInfo or PropertyInfo && !IsHandlerType(member)) continue;
                if (FromMember(member) is { } found) handlers.Add(new LoadedHandler(HandlerNames.Of(member), found.Item1, found.Item2));
            }
        }

        return [.. handlers.DistinctBy(h => h.Name, StringComparer.Ordinal).OrderBy(h => h.Name, StringComparer.Ordinal)];
    }

    private static bool IsHandlerType(MemberInfo member) =>
        (member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType) is var type && (type == typeof(SyncApp) || type == typeof(AsyncApp));

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    private Assembly LoadAssembly(string path)
    {
        if (_loaded.TryGetValue(path, out var loaded)) return loaded;
        var context = new MountLoadContext(path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            Warnings.AddRange(context.LoadDependencies(assembly));
            return _loaded[path] = assembly;
        }
        catch (BadImageFormatException ex)
        {
            throw new HandlerLoadException($"'{path}' is not a .NET assembly ({ex.Message}).");
        }
        catch (FileNotFoundException ex)
        {
            throw new HandlerLoadException($"{ex.Message}. Mount the output of dotnet publish, or of dotnet build on this machine.");
        }
    }

    private static (SyncApp?, AsyncApp?)? FromMember(MemberInfo member)
    {
        switch (member)
        {
            case MethodInfo method:
                var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
                if (parameters.SequenceEqual([typeof(Environ), typeof(StartResponse)]) && method.ReturnType == typeof(IEnumerable<byte[]>))
                {
                    return (method.CreateDelegate<SyncApp>(), null);
                }

                if (parameters.SequenceEqual([typeof(Environ), typeof(AsyncStartResponse)]) && method.ReturnType == typeof(IAsyncEnumerable<ReadOnlyMemory<byte>>))
                {
                    return (null, method.CreateDelegate<AsyncApp>());
                }

                return null;
            case FieldInfo field:
                return Value(field.GetValue(null));
            case PropertyInfo property when property.GetIndexParameters().Length == 0:
                return Value(property.GetValue(null));
            default:
                return null;
        }
    }

    private static (SyncApp?, AsyncApp?)? Value(object? value) => value switch
    {
        SyncApp sync => (sync, null),
        AsyncApp async => (null, async),
        _ => null,
    };
}
