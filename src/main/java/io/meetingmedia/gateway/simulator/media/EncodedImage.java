package io.meetingmedia.gateway.simulator.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Base64;

/**
 * One encoded frame with its base64 (ASCII bytes, ready to splice into JSON) computed once. Sending wraps these
 * arrays without copying; a stamped frame (see {@link FrameStamp}) re-encodes only a few dozen bytes, because the
 * base64 of the unchanged part is cached at a 3-byte-aligned cut.
 */
public final class EncodedImage {
  private final ImageFormat format;
  private final int width;
  private final int height;
  private final byte[] bytes;
  private final byte[] base64;
  /** PNG: offset of the IEND chunk; JPEG: 2 (just after SOI). */
  private final int stampOffset;
  /** PNG: largest multiple of 3 not above {@link #stampOffset}; its base64 prefix is cached. */
  private final int alignedHead;
  /** PNG: base64 of bytes[0, alignedHead); JPEG: base64 of bytes[2, end). Null when stamping is off. */
  private final byte[] cachedStampBase64;

  EncodedImage(ImageFormat format, int width, int height, byte[] bytes, boolean stampable) {
    this.format = format;
    this.width = width;
    this.height = height;
    this.bytes = bytes;
    this.base64 = Base64.getEncoder().encode(bytes);
    if (format == ImageFormat.PNG) {
      stampOffset = bytes.length - 12;
      if (FrameStamp.readInt(bytes, stampOffset + 4) != 0x49454E44) {
        throw new IllegalArgumentException("PNG does not end with IEND");
      }
      alignedHead = stampOffset - stampOffset % 3;
      cachedStampBase64 = stampable ? Base64.getEncoder().encode(Arrays.copyOf(bytes, alignedHead)) : null;
    } else {
      stampOffset = 2;
      alignedHead = 0;
      cachedStampBase64 = stampable ? Base64.getEncoder().encode(Arrays.copyOfRange(bytes, 2, bytes.length)) : null;
    }
  }

  public ImageFormat format() {
    return format;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** @return the image bytes; do not modify */
  public byte[] bytes() {
    return bytes;
  }

  /** @return the base64 of the image as ASCII bytes; do not modify */
  public byte[] base64() {
    return base64;
  }

  /** @return the image size in bytes once stamped */
  public int stampedLength() {
    return bytes.length + (format == ImageFormat.PNG ? FrameStamp.PNG_CHUNK_LENGTH : FrameStamp.JPEG_SEGMENT_LENGTH);
  }

  /** @return the image bytes, wrapped without copying */
  public ByteBuf binary() {
    return Unpooled.wrappedBuffer(bytes);
  }

  /** @return the image with the send time inserted, as a composite of the cached bytes and the stamp */
  public ByteBuf stampedBinary(long epochMicros) {
    requireStampable();
    if (format == ImageFormat.PNG) {
      return Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes, 0, stampOffset),
          Unpooled.wrappedBuffer(FrameStamp.pngChunk(epochMicros)),
          Unpooled.wrappedBuffer(bytes, stampOffset, bytes.length - stampOffset));
    }
    return Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes, 0, 2),
        Unpooled.wrappedBuffer(FrameStamp.jpegSegment(epochMicros)),
        Unpooled.wrappedBuffer(bytes, 2, bytes.length - 2));
  }

  /** @return the base64 (ASCII) of the stamped image: the cached part plus a few freshly encoded bytes */
  public ByteBuf stampedBase64(long epochMicros) {
    requireStampable();
    if (format == ImageFormat.PNG) {
      byte[] chunk = FrameStamp.pngChunk(epochMicros);
      int head = stampOffset - alignedHead;
      byte[] tail = new byte[head + chunk.length + 12];
      System.arraycopy(bytes, alignedHead, tail, 0, head);
      System.arraycopy(chunk, 0, tail, head, chunk.length);
      System.arraycopy(bytes, stampOffset, tail, head + chunk.length, 12);
      return Unpooled.wrappedBuffer(cachedStampBase64, Base64.getEncoder().encode(tail));
    }
    byte[] start = new byte[2 + FrameStamp.JPEG_SEGMENT_LENGTH];
    start[0] = bytes[0];
    start[1] = bytes[1];
    System.arraycopy(FrameStamp.jpegSegment(epochMicros), 0, start, 2, FrameStamp.JPEG_SEGMENT_LENGTH);
    return Unpooled.wrappedBuffer(Base64.getEncoder().encode(start), cachedStampBase64);
  }

  private void requireStampable() {
    if (cachedStampBase64 == null) {
      throw new IllegalStateException("image pool was built without stamping");
    }
  }
}
