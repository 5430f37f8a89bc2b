package dev.eddy.application.fakes;

import dev.eddy.application.pipeline.ChangeStep;
import dev.eddy.application.pipeline.Channel;
import dev.eddy.application.pipeline.EffectFailure;
import dev.eddy.application.pipeline.Effects;
import dev.eddy.application.pipeline.Notification;
import dev.eddy.domain.Change;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A step that notifies once per change on a channel (id {@code <eventId>#<name>}) and fails the
 * changes it was told to fail, by sequence number. It remembers every change it saw.
 */
public final class ScriptedStep implements ChangeStep {
    private final String name;
    private final Channel channel;
    private final Map<String, EffectFailure> failures = new HashMap<>();
    private final Map<String, RuntimeException> crashes = new HashMap<>();
    private final List<String> seen = new ArrayList<>();

    public ScriptedStep(String name, Channel channel) {
        this.name = name;
        this.channel = channel;
    }

    /** A step that notifies every change on the alerts channel. */
    public static ScriptedStep alerting(String name) {
        return new ScriptedStep(name, Channel.ALERTS);
    }

    public ScriptedStep failingAt(String sequenceNumber, EffectFailure failure) {
        failures.put(sequenceNumber, failure);
        return this;
    }

    /** Throws an unexpected exception (not an EffectFailure) at that record. */
    public ScriptedStep crashingAt(String sequenceNumber, RuntimeException crash) {
        crashes.put(sequenceNumber, crash);
        return this;
    }

    /** The id of the notification this step sends for the change with this sequence number. */
    public String notificationId(String sequenceNumber) {
        return Changes.eventId(sequenceNumber) + "#" + name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void apply(Change change, Effects effects) {
        String sequence = change.source().sequenceNumber();
        seen.add(sequence);
        effects.notify(new Notification(change.source().eventId() + "#" + name, channel,
                "{\"kind\":\"" + change.kind() + "\"}", Map.of("kind", change.kind().name())));
        EffectFailure failure = failures.get(sequence);
        if (failure != null) {
            throw failure;
        }
        RuntimeException crash = crashes.get(sequence);
        if (crash != null) {
            throw crash;
        }
    }

    /** The sequence numbers of the changes this step was applied to, in order. */
    public List<String> seen() {
        return List.copyOf(seen);
    }
}
