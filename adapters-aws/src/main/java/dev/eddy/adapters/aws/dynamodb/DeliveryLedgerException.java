package dev.eddy.adapters.aws.dynamodb;

/** The delivery ledger could not be read or written. */
public class DeliveryLedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryLedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
