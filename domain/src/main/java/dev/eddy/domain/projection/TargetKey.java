package dev.eddy.domain.projection;

/**
 * The key of a projection item in the projection table.
 *
 * @param pk {@code <projection name>#<partition key value>}, for example {@code hourly-temperature#sensor-1}
 * @param sk {@code latest} for latest state; for aggregates the bucket start as an ISO-8601 UTC
 *           instant ({@code 2026-11-24T21:00:00Z}), or {@code all} without a bucket. ISO instants
 *           sort in time order, so a Query on {@code pk} with a range on {@code sk} reads a period.
 */
public record TargetKey(String pk, String sk) {
    public TargetKey {
        if (pk == null || pk.isEmpty()) {
            throw new IllegalArgumentException("projection pk is missing");
        }
        if (sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("projection sk is missing");
        }
    }

    @Override
    public String toString() {
        return pk + "/" + sk;
    }
}
