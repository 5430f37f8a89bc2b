package dev.eddy.application.service;

import dev.eddy.application.pipeline.Channel;
import java.util.Map;

/**
 * When {@link ProcessChangeBatchService} stops collecting notifications and delivers them: a
 * window of records is closed after a record, never inside one, once it is due.
 *
 * <p>A window is <b>due</b> once it holds {@code notifications} notifications or {@code records}
 * records <em>and</em> each channel's count is a multiple of {@code alignTo} (the publisher sends
 * ten entries per PublishBatch per topic, so an aligned window fills whole requests, and a batch
 * whose windows are all aligned costs as many requests as one delivery at its end would; a forced
 * window, notifications the ledger skips and SNS's size limit can leave one part-empty). It is
 * delivered regardless of alignment at twice either limit, or once the bodies it holds reach
 * {@code maxBodyChars}.
 *
 * <p>The default, 100 notifications or 500 records, bounds what a batch keeps alive to about ten
 * PublishBatch requests' worth of bodies and their changes (≈ 150 KB for the benchmark's alerts,
 * instead of 3,636 bodies for a 10,000-record batch), while a window still fills whole requests.
 * The body budget (1 Mi characters) bounds windows of large messages: 100 bodies of up to 256 KiB
 * could otherwise hold 25 MB.
 *
 * @param notifications notifications that make a window full
 * @param records       records that make a window full, even with few notifications
 * @param alignTo       the per-channel multiple a full window waits for (1: none)
 * @param maxBodyChars  body characters at which a window is delivered at once
 */
public record DeliveryWindow(int notifications, int records, int alignTo, long maxBodyChars) {
    /** Ten PublishBatch requests of notifications, or 500 records, aligned to PublishBatch's 10 entries. */
    public static final DeliveryWindow DEFAULT = new DeliveryWindow(100, 500, 10, 1L << 20);

    public DeliveryWindow {
        if (notifications < 1 || records < 1 || alignTo < 1 || maxBodyChars < 1) {
            throw new IllegalArgumentException("window limits must be positive: " + notifications + " notifications, "
                    + records + " records, aligned to " + alignTo + ", " + maxBodyChars + " body characters");
        }
    }

    /** Whether a window with this content is to be delivered now. */
    boolean due(int pendingNotifications, int windowRecords, long bodyChars, Map<Channel, Integer> perChannel) {
        if (pendingNotifications >= 2L * notifications || windowRecords >= 2L * records || bodyChars >= maxBodyChars) {
            return true;
        }
        if (pendingNotifications < notifications && windowRecords < records) {
            return false;
        }
        for (int count : perChannel.values()) {
            if (count % alignTo != 0) {
                return false;
            }
        }
        return true;
    }
}
