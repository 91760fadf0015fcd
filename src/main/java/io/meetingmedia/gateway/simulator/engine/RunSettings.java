package io.meetingmedia.gateway.simulator.engine;

/**
 * Timing and transport settings shared by every connection of a run.
 *
 * @param frames            messages per primary stream ({@code --frames}), or 0 to run for the duration
 * @param durationNanos     how long each connection streams: {@code --seconds}, or {@code --frames} at the frame
 *                          rate (other streams, such as audio and pings, run for the same time)
 * @param graceNanos        with {@code --frames}: how long past the schedule a connection may still catch up
 * @param lateMicros        a media message sent later than this after its due time counts as late
 * @param writeQueueBytes   the socket's write-queue high-water mark: above it the connection waits for a drain
 * @param fragmentBytes     split messages into WebSocket frames of at most this size (0: one frame per message)
 * @param pongTimeoutNanos  a pong slower than this is late; at the end, how long to wait for outstanding pongs
 * @param closeTimeoutMillis how long to wait for the gateway's close frame after sending ours
 * @param reconnect         the vendor's reconnect behaviour ({@code --reconnect vendor}), or {@code null}: a close by
 *                          the gateway ends the connection
 */
public record RunSettings(long frames, long durationNanos, long graceNanos, long lateMicros, int writeQueueBytes,
    int fragmentBytes, long pongTimeoutNanos, long closeTimeoutMillis, ReconnectPolicy reconnect) {
}
