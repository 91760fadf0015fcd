package io.meetingmedia.gateway.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A message that is exactly its buffer's array is handed over without a copy; anything else is copied exactly. */
class MessageBytesTest {

  @Test
  void aBufferThatIsExactlyItsArrayIsNotCopied() {
    Buffer message = Buffer.buffer(new byte[] {1, 2, 3});
    byte[] bytes = MessageBytes.of(message);
    assertArrayEquals(new byte[] {1, 2, 3}, bytes);
    assertSame(bytes, MessageBytes.of(message), "the backing array, both times");
  }

  @Test
  void aBufferWithRoomLeftOrASliceIsCopied() {
    Buffer roomy = Buffer.buffer(64).appendBytes(new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, MessageBytes.of(roomy));
    assertNotSame(MessageBytes.of(roomy), MessageBytes.of(roomy));
    Buffer slice = Buffer.buffer(new byte[] {0, 1, 2, 3}).slice(1, 3);
    assertArrayEquals(new byte[] {1, 2}, MessageBytes.of(slice));
  }
}
