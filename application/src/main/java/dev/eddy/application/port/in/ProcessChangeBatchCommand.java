package dev.eddy.application.port.in;

import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
import java.util.List;
import java.util.Objects;

/** A batch of stream records in stream order, and the time left to process them. */
public record ProcessChangeBatchCommand(List<StreamRecord> records, TimeBudget timeBudget) {
    public ProcessChangeBatchCommand {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        Objects.requireNonNull(timeBudget, "timeBudget");
    }

    public static ProcessChangeBatchCommand of(List<StreamRecord> records) {
        return new ProcessChangeBatchCommand(records, TimeBudget.UNLIMITED);
    }
}
