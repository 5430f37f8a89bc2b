package dev.eddy.application.port.in;

import dev.eddy.application.RecordsOnDemand;
import dev.eddy.application.StreamRecord;
import dev.eddy.application.TimeBudget;
import java.util.List;
import java.util.Objects;

/**
 * A batch of stream records in stream order, and the time left to process them. The records are
 * copied, unless they are {@link RecordsOnDemand} (unmodifiable already, and read when taken).
 */
public record ProcessChangeBatchCommand(List<StreamRecord> records, TimeBudget timeBudget) {
    public ProcessChangeBatchCommand {
        Objects.requireNonNull(records, "records");
        records = records instanceof RecordsOnDemand ? records : List.copyOf(records);
        Objects.requireNonNull(timeBudget, "timeBudget");
    }

    public static ProcessChangeBatchCommand of(List<StreamRecord> records) {
        return new ProcessChangeBatchCommand(records, TimeBudget.UNLIMITED);
    }
}
