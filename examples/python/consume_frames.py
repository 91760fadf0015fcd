#!/usr/bin/env python3
"""Save every frame of meeting.video.frames as an image file, using only the record headers.

Files: out/<botId>/<participantId>/<seq>.<png|jpg> (screenshare frames: screenshare-<seq>.<ext>).

    pip install confluent-kafka        # or: apt-get install python3-confluent-kafka
    python3 consume_frames.py --bootstrap localhost:9092 [--topic meeting.video.frames] [--out out] [--max N]

A plain Kafka consumer: nothing gateway-specific beyond the CloudEvents headers. Frames can be 16 MiB, so the
fetch limits are raised above librdkafka's 1 MiB default.
"""
import argparse
import os
import re
import sys
import uuid

from confluent_kafka import Consumer, KafkaException

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}


def safe(segment):
    """Ids come from vendors: keep them from escaping the output directory."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", segment)
    return "_" if cleaned.strip(".") == "" else cleaned


def headers_of(message):
    return {key: (value or b"").decode("utf-8") for key, value in (message.headers() or [])}


def save(out, message):
    h = headers_of(message)
    ext = EXTENSIONS.get(h.get("content-type"), "bin")
    prefix = "screenshare-" if h.get("ce_videosource") == "screenshare" else ""
    directory = os.path.join(out, safe(h.get("ce_botid", "unknown")), safe(h.get("ce_participantid", "unknown")))
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "%s%s.%s" % (prefix, safe(h.get("ce_seq", "unknown")), ext))
    with open(path, "wb") as f:
        f.write(message.value())
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--topic", default="meeting.video.frames")
    parser.add_argument("--out", default="out")
    parser.add_argument("--group", default="frame-saver-" + uuid.uuid4().hex[:8])
    parser.add_argument("--max", type=int, default=-1, help="stop after this many frames (default: run forever)")
    parser.add_argument("--timeout", type=float, default=-1, help="give up after this many idle seconds")
    args = parser.parse_args()

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        # per-partition fetch size (Java: max.partition.fetch.bytes); a frame record is up to 16 MiB + headers
        "fetch.message.max.bytes": 32 * 1024 * 1024,
        "fetch.max.bytes": 64 * 1024 * 1024,
        "receive.message.max.bytes": 64 * 1024 * 1024 + 512,
    })
    consumer.subscribe([args.topic])
    saved = 0
    idle = 0.0
    try:
        while args.max < 0 or saved < args.max:
            message = consumer.poll(0.5)
            if message is None:
                idle += 0.5
                if 0 <= args.timeout <= idle:
                    break
                continue
            if message.error():
                raise KafkaException(message.error())
            idle = 0.0
            path = save(args.out, message)
            consumer.commit(message=message, asynchronous=False)
            saved += 1
            print("saved %s (%d bytes, key %s)" % (path, len(message.value()), message.key().decode("utf-8")),
                  flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    print("%d frames saved under %s" % (saved, args.out), flush=True)
    return 0 if args.max < 0 or saved >= args.max else 1


if __name__ == "__main__":
    sys.exit(main())
