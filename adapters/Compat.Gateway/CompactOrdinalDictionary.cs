using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Compat.Gateway;

/// <summary>
/// A string-keyed (ordinal) dictionary that keeps its first <see cref="LinearLimit"/> entries in one array, in
/// insertion order, and finds a key by scanning a parallel array of small tags (the key's length and two of its
/// chars, so no hashing of the whole key), comparing the strings only where the tag matches; a 64-bit filter of
/// the tags answers most lookups of an absent key, which is every key a host adds, without the scan. Past the
/// limit it moves the entries into a hash table. An environ holds about twenty entries and lives for one request:
/// a hash table of that size is two arrays of about a kilobyte in all, which a server pays per request, while the
/// tag scan is a few vector compares.
/// </summary>
internal sealed class CompactOrdinalDictionary : IDictionary<string, object?>
{
    /// <summary>The most entries kept in the array; one more moves them all into a hash table.</summary>
    public const int LinearLimit = 32;

    private KeyValuePair<string, object?>[] _entries;
    private int[] _tags;
    private ulong _filter;
    private int _count;
    private Dictionary<string, object?>? _table;
    private int _version;

    public CompactOrdinalDictionary(int capacity)
    {
        capacity = Math.Min(Math.Max(capacity, 4), LinearLimit);
        _entries = new KeyValuePair<string, object?>[capacity];
        _tags = new int[capacity];
    }

    public object? this[string key]
    {
        get
        {
            if (_table is not null) return _table[key];
            var index = IndexOf(key);
            return index >= 0 ? _entries[index].Value : throw new KeyNotFoundException($"The key '{key}' is not in the environ.");
        }

        set
        {
            if (_table is not null)
            {
                _table[key] = value;
                return;
            }

            var index = IndexOf(key);
            if (index >= 0)
            {
                _entries[index] = new KeyValuePair<string, object?>(key, value);
            }
            else
            {
                Append(key, value);
            }
        }
    }

    public ICollection<string> Keys
    {
        get
        {
            if (_table is not null) return _table.Keys;
            var keys = new string[_count];
            for (var i = 0; i < _count; i++) keys[i] = _entries[i].Key;
            return keys;
        }
    }

    public ICollection<object?> Values
    {
        get
        {
            if (_table is not null) return _table.Values;
            var values = new object?[_count];
            for (var i = 0; i < _count; i++) values[i] = _entries[i].Value;
            return values;
        }
    }

    public int Count => _table?.Count ?? _count;

    public bool IsReadOnly => false;

    public void Add(string key, object? value)
    {
        if (_table is not null)
        {
            _table.Add(key, value);
        }
        else if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"The key '{key}' is already in the environ.", nameof(key));
        }
        else
        {
            Append(key, value);
        }
    }

    public bool ContainsKey(string key) => _table?.ContainsKey(key) ?? IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (_table is not null) return _table.TryGetValue(key, out value);
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    public bool Remove(string key)
    {
        if (_table is not null) return _table.Remove(key);

        var index = IndexOf(key);
        if (index < 0) return false;
        _version++;
        _count--;
        Array.Copy(_entries, index + 1, _entries, index, _count - index);
        Array.Copy(_tags, index + 1, _tags, index, _count - index);
        _entries[_count] = default;
        return true;
    }

    public void Clear()
    {
        _version++;
        _table?.Clear();
        Array.Clear(_entries, 0, _count);
        _count = 0;
        _filter = 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        if (_table is not null) return _table.GetEnumerator();
        return EnumerateArray();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public bool Contains(KeyValuePair<string, object?> item) =>
        TryGetValue(item.Key, out var value) && EqualityComparer<object?>.Default.Equals(value, item.Value);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        if (array is null) throw new ArgumentNullException(nameof(array));
        if (arrayIndex < 0 || arrayIndex > array.Length) throw new ArgumentOutOfRangeException(nameof(arrayIndex));
        if (array.Length - arrayIndex < Count) throw new ArgumentException("The array is too small to hold the environ's entries.", nameof(array));
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Remove(item.Key);

    private int IndexOf(string key)
    {
        if (key is null) throw new ArgumentNullException(nameof(key));
        var tag = Tag(key);
        if ((_filter & FilterBit(tag)) == 0) return -1;
        var start = 0;
        while (start < _count)
        {
            var found = _tags.AsSpan(start, _count - start).IndexOf(tag);
            if (found < 0) return -1;
            var index = start + found;
            if (string.Equals(_entries[index].Key, key, StringComparison.Ordinal)) return index;
            start = index + 1;
        }

        return -1;
    }

    // One of 64 bits per tag, spread by Fibonacci hashing; a removed key's bit stays set, which only costs a scan.
    private static ulong FilterBit(int tag) => 1UL << (int)(((uint)tag * 0x9E3779B1u) >> 26);

    // Equal keys have equal tags; CGI keys of equal length mostly differ in their middle or last char.
    private static int Tag(string key) => key.Length == 0 ? 0 : (key.Length << 16) ^ (key[key.Length >> 1] << 8) ^ key[key.Length - 1];

    private void Append(string key, object? value)
    {
        _version++;
        if (_count == LinearLimit)
        {
            _table = new Dictionary<string, object?>(LinearLimit * 2, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++) _table.Add(_entries[i].Key, _entries[i].Value);
            _table.Add(key, value);
            _entries = [];
            _tags = [];
            _count = 0;
            return;
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Min(_entries.Length * 2, LinearLimit));
            Array.Resize(ref _tags, _entries.Length);
        }

        var tag = Tag(key);
        _tags[_count] = tag;
        _filter |= FilterBit(tag);
        _entries[_count++] = new KeyValuePair<string, object?>(key, value);
    }

    // Adding or removing while enumerating is an error, as adding is with Dictionary: the scan would skip or repeat
    // entries. Replacing a value is allowed, as it is there.
    private IEnumerator<KeyValuePair<string, object?>> EnumerateArray()
    {
        var version = _version;
        for (var i = 0; i < _count; i++)
        {
            yield return _entries[i];
            if (version != _version) throw new InvalidOperationException("The environ was changed while it was being enumerated.");
        }
    }
}
