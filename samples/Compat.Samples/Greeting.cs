using System.Collections.Generic;
using System.Text;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>The greeting the legacy, migrated and async samples all send, byte for byte.</summary>
internal static class Greeting
{
    public static readonly KeyValuePair<string, string>[] Headers = [new("Content-Type", "text/plain; charset=utf-8")];

    public static byte[] Line(Environ environ, int number) =>
        Encoding.UTF8.GetBytes($"line {number}: hello from {environ.ScriptName}{environ.PathInfo}\n");
}
