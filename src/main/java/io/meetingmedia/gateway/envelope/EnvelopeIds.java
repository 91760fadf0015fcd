package io.meetingmedia.gateway.envelope;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Envelope ids (the CloudEvents {@code ce_id}) without drawing on {@code SecureRandom} per record, which
 * {@link UUID#randomUUID()} does under a lock shared by every event loop. An id is a UUID in the standard text form,
 * RFC 9562 version 8 (custom): the upper 64 bits are random once per process, the lower 62 bits count records. Ids
 * are therefore unique within a process by construction and across processes with the odds of a 60-bit random
 * collision, which is what consumers deduplicating on {@code ce_id} rely on.
 */
public final class EnvelopeIds {
  private static final long PROCESS_BITS = (new SecureRandom().nextLong() & ~0xF000L) | 0x8000L; // version 8
  private static final long VARIANT = 0x8000_0000_0000_0000L; // RFC 9562 variant 10xx
  private static final long COUNTER_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
  private static final AtomicLong COUNTER = new AtomicLong();

  private EnvelopeIds() {
  }

  /** @return a new id, e.g. {@code 3f2a9c1e-77d0-8b41-8000-00000000002a} */
  public static String next() {
    return new UUID(PROCESS_BITS, VARIANT | (COUNTER.getAndIncrement() & COUNTER_MASK)).toString();
  }
}
