using System;
using System.Reflection;

namespace Compat.Hosting.Recording;

/// <summary>
/// The name a handler is known by in recordings and reports: <c>Namespace.Type.Member</c>, the spelling compat-server's
/// <c>--mount</c> takes, with a nested type's <c>+</c> as reflection writes it. Two builds of a library give the same
/// handler the same name, which is what lets <c>compat verify</c> pair them.
/// </summary>
public static class HandlerNames
{
    /// <summary>The name of a member.</summary>
    /// <param name="member">A static method, field or property.</param>
    /// <returns>Its type's full name, a dot, and its name.</returns>
    public static string Of(MemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return $"{member.DeclaringType?.FullName}.{member.Name}";
    }

    /// <summary>
    /// The name of a handler delegate: its method's. A lambda's method has a compiler-made name; mount such a handler
    /// with a name of its own (compat-server's <c>--mount</c> uses the member it names).
    /// </summary>
    /// <param name="handler">A <c>SyncApp</c> or <c>AsyncApp</c>.</param>
    /// <returns>The name.</returns>
    public static string Of(Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Of(handler.Method);
    }
}
