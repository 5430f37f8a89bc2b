package dev.eddy.domain;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The immutable attribute map behind {@link Item}, {@link ItemKey}, {@link Value.MapValue} and
 * {@link Diff}: names to values, in the order they were added, compared by value like any
 * {@link Map} (order ignored). Compact: one small entry object per attribute in an array, and a
 * hash index only for maps of more than {@value #LINEAR_MAX} attributes (smaller ones are searched
 * in order, by cached hash code first). Every item read from a stream builds several of these, so they cost a third of a
 * {@link java.util.LinkedHashMap} copy.
 *
 * <p>Build one with a {@link Builder}, which may be reused; the domain's own types take an
 * {@code AttributeMap} as it is, without copying it. Every mutator throws
 * {@link UnsupportedOperationException}.
 */
public final class AttributeMap extends AbstractMap<String, Value> {
    /** Up to this many attributes, look-ups scan the entries; above, they go through the index. */
    static final int LINEAR_MAX = 16;
    private static final Attribute[] NO_ATTRIBUTES = new Attribute[0];
    private static final AttributeMap EMPTY = new AttributeMap(NO_ATTRIBUTES, null);

    private final Attribute[] attributes;
    /** Open addressing over {@link #attributes}: slot holds index + 1, 0 is free. Null when small. */
    private final int[] index;
    private Set<Map.Entry<String, Value>> entrySet;
    private Set<String> keySet;
    private Collection<Value> values;

    private AttributeMap(Attribute[] attributes, int[] index) {
        this.attributes = attributes;
        this.index = index;
    }

    /** The empty map. */
    public static AttributeMap of() {
        return EMPTY;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The map itself when it is an {@code AttributeMap} already, else an immutable copy in the
     * source's iteration order.
     *
     * @throws NullPointerException for a null map, name or value, with {@code what} in the message
     */
    static AttributeMap copyOf(Map<String, Value> source, String what) {
        Objects.requireNonNull(source, what);
        if (source instanceof AttributeMap) {
            return (AttributeMap) source;
        }
        if (source.isEmpty()) {
            return EMPTY;
        }
        Builder builder = new Builder(source.size());
        for (Map.Entry<String, Value> entry : source.entrySet()) {
            String name = entry.getKey();
            Value value = entry.getValue();
            if (name == null) {
                throw new NullPointerException(what + " has a null attribute name");
            }
            if (value == null) {
                throw new NullPointerException(what + " attribute '" + name + "' has a null value");
            }
            builder.add(name, value);
        }
        return builder.build();
    }

    @Override
    public int size() {
        return attributes.length;
    }

    @Override
    public boolean isEmpty() {
        return attributes.length == 0;
    }

    @Override
    public Value get(Object name) {
        int i = indexOf(attributes, attributes.length, index, name);
        return i < 0 ? null : attributes[i].value;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(attributes, attributes.length, index, name) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (Attribute attribute : attributes) {
            if (attribute.value.equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Value getOrDefault(Object name, Value defaultValue) {
        Value value = get(name);
        return value == null ? defaultValue : value;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Value> action) {
        Objects.requireNonNull(action, "action");
        for (Attribute attribute : attributes) {
            action.accept(attribute.name, attribute.value);
        }
    }

    @Override
    public Set<Map.Entry<String, Value>> entrySet() {
        Set<Map.Entry<String, Value>> set = entrySet;
        if (set == null) {
            set = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Value>> iterator() {
                    return new Walk<>() {
                        @Override
                        Map.Entry<String, Value> at(Attribute attribute) {
                            return attribute;
                        }
                    };
                }

                @Override
                public int size() {
                    return attributes.length;
                }

                @Override
                public boolean contains(Object o) {
                    if (!(o instanceof Map.Entry)) {
                        return false;
                    }
                    Map.Entry<?, ?> entry = (Map.Entry<?, ?>) o;
                    Value value = get(entry.getKey());
                    return value != null && value.equals(entry.getValue());
                }
            };
            entrySet = set;
        }
        return set;
    }

    @Override
    public Set<String> keySet() {
        Set<String> set = keySet;
        if (set == null) {
            set = new AbstractSet<>() {
                @Override
                public Iterator<String> iterator() {
                    return new Walk<>() {
                        @Override
                        String at(Attribute attribute) {
                            return attribute.name;
                        }
                    };
                }

                @Override
                public int size() {
                    return attributes.length;
                }

                @Override
                public boolean contains(Object o) {
                    return containsKey(o);
                }
            };
            keySet = set;
        }
        return set;
    }

    @Override
    public Collection<Value> values() {
        Collection<Value> collection = values;
        if (collection == null) {
            collection = new AbstractCollection<>() {
                @Override
                public Iterator<Value> iterator() {
                    return new Walk<>() {
                        @Override
                        Value at(Attribute attribute) {
                            return attribute.value;
                        }
                    };
                }

                @Override
                public int size() {
                    return attributes.length;
                }
            };
            values = collection;
        }
        return collection;
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (!(other instanceof Map)) {
            return false;
        }
        Map<?, ?> that = (Map<?, ?>) other;
        if (that.size() != attributes.length) {
            return false;
        }
        try {
            for (Attribute attribute : attributes) {
                if (!attribute.value.equals(that.get(attribute.name))) {
                    return false;
                }
            }
        } catch (ClassCastException | NullPointerException unusableKey) {
            return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Attribute attribute : attributes) {
            hash += attribute.hashCode();
        }
        return hash;
    }

    // Immutable: every mutator refuses, present key or not.

    @Override
    public Value put(String name, Value value) {
        throw immutable();
    }

    @Override
    public Value remove(Object name) {
        throw immutable();
    }

    @Override
    public void putAll(Map<? extends String, ? extends Value> map) {
        throw immutable();
    }

    @Override
    public void clear() {
        throw immutable();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Value, ? extends Value> function) {
        throw immutable();
    }

    @Override
    public Value putIfAbsent(String name, Value value) {
        throw immutable();
    }

    @Override
    public boolean remove(Object name, Object value) {
        throw immutable();
    }

    @Override
    public boolean replace(String name, Value oldValue, Value newValue) {
        throw immutable();
    }

    @Override
    public Value replace(String name, Value value) {
        throw immutable();
    }

    @Override
    public Value computeIfAbsent(String name, Function<? super String, ? extends Value> function) {
        throw immutable();
    }

    @Override
    public Value computeIfPresent(String name, BiFunction<? super String, ? super Value, ? extends Value> function) {
        throw immutable();
    }

    @Override
    public Value compute(String name, BiFunction<? super String, ? super Value, ? extends Value> function) {
        throw immutable();
    }

    @Override
    public Value merge(String name, Value value, BiFunction<? super Value, ? super Value, ? extends Value> function) {
        throw immutable();
    }

    private static UnsupportedOperationException immutable() {
        return new UnsupportedOperationException("attribute maps are immutable");
    }

    /** The position of {@code name} among the first {@code size} attributes, or -1. */
    private static int indexOf(Attribute[] attributes, int size, int[] index, Object name) {
        if (name == null) {
            return -1;
        }
        if (index == null) {
            int hash = name.hashCode(); // Strings cache theirs: comparing hashes first is cheap
            for (int i = 0; i < size; i++) {
                String candidate = attributes[i].name;
                if (candidate == name || (candidate.hashCode() == hash && candidate.equals(name))) {
                    return i;
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = spread(name.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            int at = index[slot];
            if (at == 0) {
                return -1;
            }
            String candidate = attributes[at - 1].name;
            if (candidate == name || candidate.equals(name)) {
                return at - 1;
            }
        }
    }

    /** An index over the first {@code size} attributes, at most half full; null for small maps. */
    private static int[] indexFor(Attribute[] attributes, int size) {
        if (size <= LINEAR_MAX) {
            return null;
        }
        int[] index = new int[Integer.highestOneBit(size * 2 - 1) << 1];
        for (int i = 0; i < size; i++) {
            insert(index, attributes[i].name, i);
        }
        return index;
    }

    private static void insert(int[] index, String name, int position) {
        int mask = index.length - 1;
        int slot = spread(name.hashCode()) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = position + 1;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** Iterates the attributes in order; no removal. */
    private abstract class Walk<T> implements Iterator<T> {
        private int next;

        abstract T at(Attribute attribute);

        @Override
        public boolean hasNext() {
            return next < attributes.length;
        }

        @Override
        public T next() {
            if (next >= attributes.length) {
                throw new NoSuchElementException();
            }
            return at(attributes[next++]);
        }
    }

    /** One name and its value: the map's own entry, so iterating allocates nothing per entry. */
    private static final class Attribute implements Map.Entry<String, Value> {
        private final String name;
        private final Value value;

        Attribute(String name, Value value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public Value getValue() {
            return value;
        }

        @Override
        public Value setValue(Value value) {
            throw immutable();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Map.Entry<?, ?> that && name.equals(that.getKey()) && value.equals(that.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ value.hashCode();
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /**
     * Collects attributes in order, refusing a name twice, then {@link #build() builds} the
     * immutable map. Reusable after {@link #clear()}; not thread-safe.
     */
    public static final class Builder {
        private Attribute[] attributes;
        private int size;
        private int[] index;

        private Builder() {
            this(LINEAR_MAX);
        }

        private Builder(int capacity) {
            attributes = new Attribute[Math.max(capacity, 1)];
        }

        /**
         * Adds an attribute at the end, unless the name is there already.
         *
         * @return false, changing nothing, when the name is already in the builder
         * @throws NullPointerException for a null name or value
         */
        public boolean add(String name, Value value) {
            Objects.requireNonNull(name, "attribute name");
            if (value == null) {
                throw new NullPointerException("attribute '" + name + "' has a null value");
            }
            if (indexOf(attributes, size, index, name) >= 0) {
                return false;
            }
            if (size == attributes.length) {
                attributes = copy(attributes, size * 2);
            }
            attributes[size] = new Attribute(name, value);
            size++;
            if (index != null && size * 2 <= index.length) {
                insert(index, name, size - 1);
            } else if (size > LINEAR_MAX) {
                index = indexFor(attributes, size);
            }
            return true;
        }

        /** How many attributes it holds. */
        public int size() {
            return size;
        }

        /** The attributes added so far, as an immutable map; the builder keeps them. */
        public AttributeMap build() {
            if (size == 0) {
                return EMPTY;
            }
            return new AttributeMap(copy(attributes, size), indexFor(attributes, size));
        }

        /**
         * The first {@code length} slots in a new array. {@code Arrays.copyOf} would create an
         * {@code Attribute[]} reflectively when the caller is C1-compiled, as on Lambda.
         */
        private static Attribute[] copy(Attribute[] from, int length) {
            Attribute[] to = new Attribute[length];
            System.arraycopy(from, 0, to, 0, Math.min(from.length, length));
            return to;
        }

        /** Forgets every attribute, for the next map. */
        public Builder clear() {
            Arrays.fill(attributes, 0, size, null);
            size = 0;
            index = null;
            return this;
        }
    }
}
