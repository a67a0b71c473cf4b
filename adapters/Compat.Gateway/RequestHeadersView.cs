using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Compat.Gateway;

/// <summary>A read-only, live view of the <c>HTTP_*</c> entries of an environ's storage.</summary>
internal sealed class RequestHeadersView : IReadOnlyDictionary<string, string>
{
    private readonly CompactOrdinalDictionary _items;

    public RequestHeadersView(CompactOrdinalDictionary items) => _items = items;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No request header '{key}'.");

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<string> Values => this.Select(pair => pair.Value);

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var pair in _items)
            {
                if (IsHeaderKey(pair.Key) && pair.Value is string) count++;
            }

            return count;
        }
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out string value)
    {
        if (IsHeaderKey(key) && _items.TryGetValue(key, out var item) && item is string text)
        {
            value = text;
            return true;
        }

        value = null!;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var pair in _items)
        {
            if (IsHeaderKey(pair.Key) && pair.Value is string text)
            {
                yield return new KeyValuePair<string, string>(pair.Key, text);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsHeaderKey(string key) => key.StartsWith(EnvironKeys.HeaderPrefix, StringComparison.Ordinal);
}
