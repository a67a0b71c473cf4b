using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Compat.Gateway;

/// <summary>
/// The request as a handler sees it: a dictionary keyed by CGI names (so PEP 3333 style code can index it)
/// with a typed property for every standard key. Both views read and write the same storage.
/// </summary>
/// <remarks>An environ belongs to one request and is not thread-safe; hosts build a new one per request.</remarks>
public sealed partial class Environ : IDictionary<string, object?>
{
    private readonly CompactOrdinalDictionary _items;

    /// <summary>Creates an empty environ with <see cref="Version"/> set to (2, 0).</summary>
    public Environ()
        : this(capacity: 24)
    {
    }

    /// <summary>Creates an empty environ with <see cref="Version"/> set to (2, 0), with room for as many entries.</summary>
    /// <param name="capacity">
    /// How many entries it is expected to hold (a host knows: its CGI keys and the request's headers); it grows past
    /// that as a dictionary does. Sizing it saves a copy of its storage while a request's headers are added.
    /// </param>
    public Environ(int capacity)
    {
        if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "An environ's capacity cannot be negative.");
        _items = new CompactOrdinalDictionary(capacity)
        {
            [EnvironKeys.Version] = CurrentVersion,
        };
    }

    /// <inheritdoc />
    public object? this[string key]
    {
        get => _items[key];
        set => _items[key] = value;
    }

    /// <inheritdoc />
    public ICollection<string> Keys => _items.Keys;

    /// <inheritdoc />
    public ICollection<object?> Values => _items.Values;

    /// <inheritdoc />
    public int Count => _items.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    /// <inheritdoc />
    public void Add(string key, object? value) => _items.Add(key, value);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc />
    public bool Remove(string key) => _items.Remove(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _items.TryGetValue(key, out value);

    /// <inheritdoc />
    public void Clear() => _items.Clear();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => _items.Add(item);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) => _items.Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) => _items.Remove(item);

    private T? Get<T>(string key) => _items.TryGetValue(key, out var value) && value is T typed ? typed : default;

    private void SetOrRemove(string key, object? value)
    {
        if (value is null)
        {
            _items.Remove(key);
        }
        else
        {
            _items[key] = value;
        }
    }
}
