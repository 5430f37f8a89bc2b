package dev.eddy.application.alert;

import dev.eddy.domain.document.ChangeDocument;
import java.util.Set;

/**
 * Port: which of a set of named event patterns (EventBridge event-pattern grammar) a change
 * document matches. Alert rules use it, and so does the change-event filter. The adapter compiles
 * every pattern once, at start.
 */
public interface RuleMatcher {

    /**
     * The names of the patterns {@code document} matches; empty when none does.
     *
     * @throws RuleMatchingException when the document cannot be evaluated at all
     */
    Set<String> matchingRules(ChangeDocument document);
}
