package io.beamdb.storage;

/**
 * A simple sleep-based rate limiter for background writes: {@link #acquire(long)} sleeps so that
 * the bytes acquired since creation are spread at no more than {@code bytesPerSecond}, allowing a
 * burst of at most one second's worth. {@link Long#MAX_VALUE} disables limiting. Thread-safe
 * (synchronized); used by the single compaction thread.
 */
final class RateLimiter {
    private final long bytesPerSecond;
    private long availableAtNanos; // the time at which all bytes acquired so far are "paid for"

    RateLimiter(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.availableAtNanos = System.nanoTime();
    }

    boolean unlimited() {
        return bytesPerSecond == Long.MAX_VALUE;
    }

    /**
     * Accounts for {@code bytes} and sleeps as needed, in slices of at most 50 ms so that
     * {@code stop} is noticed promptly.
     *
     * @return false if {@code stop} became true while waiting
     * @throws InterruptedException if interrupted while sleeping
     */
    boolean acquire(long bytes, java.util.function.BooleanSupplier stop) throws InterruptedException {
        if (unlimited() || bytes <= 0) {
            return true;
        }
        long wakeAt;
        synchronized (this) {
            long now = System.nanoTime();
            long burstFloor = now - 1_000_000_000L;
            if (availableAtNanos < burstFloor) {
                availableAtNanos = burstFloor;
            }
            availableAtNanos += (long) (bytes * 1e9 / bytesPerSecond);
            wakeAt = availableAtNanos;
        }
        while (true) {
            long left = wakeAt - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (stop.getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
        }
    }
}
