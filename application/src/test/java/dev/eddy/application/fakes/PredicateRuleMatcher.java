package dev.eddy.application.fakes;

import dev.eddy.application.alert.RuleMatcher;
import dev.eddy.domain.document.ChangeDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A {@link RuleMatcher} whose rules are Java predicates over the document. Remembers what it saw. */
public final class PredicateRuleMatcher implements RuleMatcher {
    private final Map<String, Predicate<ChangeDocument>> rules = new LinkedHashMap<>();
    private final List<ChangeDocument> seen = new ArrayList<>();

    public PredicateRuleMatcher rule(String name, Predicate<ChangeDocument> predicate) {
        rules.put(name, predicate);
        return this;
    }

    @Override
    public Set<String> matchingRules(ChangeDocument document) {
        seen.add(document);
        Set<String> matched = new LinkedHashSet<>();
        rules.forEach((name, predicate) -> {
            if (predicate.test(document)) {
                matched.add(name);
            }
        });
        return matched;
    }

    /** Every document evaluated, in order. */
    public List<ChangeDocument> seen() {
        return List.copyOf(seen);
    }
}
