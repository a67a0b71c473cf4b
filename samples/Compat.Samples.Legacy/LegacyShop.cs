using System.Collections.Generic;
using System.Text;
using Compat.Gateway;

namespace Compat.Samples.Legacy;

/// <summary>Old-style handlers of a made-up shop, written before the migration.</summary>
public static class LegacyShop
{
    private static readonly KeyValuePair<string, string>[] Text = [new("Content-Type", "text/plain; charset=utf-8")];

    /// <summary>Writes the catalogue line by line.</summary>
    public static IEnumerable<byte[]> Catalogue(Environ environ, StartResponse startResponse)
    {
        var write = startResponse("200 OK", Text);
        foreach (var item in new[] { "tea", "coffee", "cocoa" })
        {
            write(Encoding.UTF8.GetBytes($"{item}\n"));
        }

        return [];
    }

    /// <summary>Writes a header line, then returns the rest.</summary>
    public static IEnumerable<byte[]> Basket(Environ environ, StartResponse startResponse)
    {
        var write = startResponse("200 OK", Text);
        write(Encoding.UTF8.GetBytes("basket:\n"));
        if (environ.QueryString.Length == 0)
        {
            return [Encoding.UTF8.GetBytes("(empty)\n")];
        }

        return [Encoding.UTF8.GetBytes($"{environ.QueryString}\n")];
    }

    /// <summary>Writes a receipt through a helper that takes write: the fix rewrites the two together.</summary>
    public static IEnumerable<byte[]> Receipt(Environ environ, StartResponse startResponse)
    {
        var write = startResponse("200 OK", Text);
        Line(write, "tea", 3);
        Line(write, "cocoa", 4);
        return [Encoding.UTF8.GetBytes("total: 7\n")];
    }

    /// <summary>Already returns its body: CMPT002 says it can become an AsyncApp.</summary>
    public static IEnumerable<byte[]> Health(Environ environ, StartResponse startResponse)
    {
        startResponse("200 OK", Text);
        yield return Encoding.UTF8.GetBytes("ok\n");
    }

    /// <summary>Writes one receipt line.</summary>
    /// <param name="write">Where the line goes.</param>
    /// <param name="item">The item.</param>
    /// <param name="price">Its price.</param>
    private static void Line(Write write, string item, int price)
    {
        write(Encoding.UTF8.GetBytes($"{item}: {price}\n"));
    }
}
