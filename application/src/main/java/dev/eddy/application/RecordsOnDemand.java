package dev.eddy.application;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A batch whose records are read from their source when asked for ({@link #get}), instead of all
 * being held in memory together: a record the use case is done with can then be collected while
 * the batch goes on. {@link dev.eddy.application.port.in.ProcessChangeBatchCommand} keeps such a
 * list as it is, where it copies any other list (a copy would read every record at once).
 *
 * <p>Implementations are unmodifiable (the mutators of {@link AbstractList} throw), never hold a
 * null record, and read the same record for the same index every time. Reading is not free: a
 * caller should take each record once.
 */
public abstract class RecordsOnDemand extends AbstractList<StreamRecord> implements RandomAccess {
    protected RecordsOnDemand() {
    }
}
