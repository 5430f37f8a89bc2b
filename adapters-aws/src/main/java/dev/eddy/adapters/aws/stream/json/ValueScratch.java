package dev.eddy.adapters.aws.stream.json;

import dev.eddy.domain.AttributeMap;
import dev.eddy.domain.Bytes;
import dev.eddy.domain.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The builders an attribute reader fills and hands to the domain, reused for a whole event: one
 * attribute map and one list per nesting depth, one set per set type. The domain copies lists and
 * sets it is given, and attribute maps come out of {@link AttributeMap.Builder}s, so nothing a
 * reader returned changes when a builder is reused. Not thread-safe.
 */
final class ValueScratch {
    final LinkedHashSet<String> strings = new LinkedHashSet<>();
    final LinkedHashSet<Value.Num> numbers = new LinkedHashSet<>();
    final LinkedHashSet<Bytes> binaries = new LinkedHashSet<>();
    private final List<AttributeMap.Builder> maps = new ArrayList<>();
    private final List<List<Value>> lists = new ArrayList<>();

    /** The empty map builder of nesting depth {@code level}. */
    AttributeMap.Builder map(int level) {
        while (maps.size() <= level) {
            maps.add(AttributeMap.builder());
        }
        return maps.get(level).clear();
    }

    /** The empty list of nesting depth {@code level}. */
    List<Value> list(int level) {
        while (lists.size() <= level) {
            lists.add(new ArrayList<>());
        }
        List<Value> list = lists.get(level);
        list.clear();
        return list;
    }
}
