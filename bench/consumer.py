#!/usr/bin/python3
"""Timestamping Kafka consumer of the benchmark.

Reads the given topics from their current end (records produced before it started are ignored) and writes one
CSV line per record to --out, flushed after every poll batch so the driver can follow it:

    arrival_us,topic,key,source,seq,received_us,bytes

arrival_us   epoch microseconds when this process got the record (same clock as the simulator's send log)
key          the record key, e.g. <botId>:<participantId>
source       header ce_videosource ('' when absent)
seq          header ce_seq ('' when absent)
received_us  header ce_receivedat (the gateway's socket read time) as epoch microseconds, '' when absent
bytes        size of the record value

Runs until SIGTERM/SIGINT. librdkafka does the fetching in its own threads; this loop only stamps and writes.
Uses /usr/bin/python3 (Debian's python3-confluent-kafka).
"""
import argparse
import datetime
import signal
import sys
import time

from confluent_kafka import Consumer, TopicPartition


def parse_rfc3339_us(text):
    # 2026-11-22T05:26:32.060366803Z -> epoch micros; fromisoformat wants at most 6 fraction digits and no Z
    if not text:
        return ''
    t = text.rstrip('Z')
    frac = ''
    if '.' in t:
        t, frac = t.split('.', 1)
    dt = datetime.datetime.fromisoformat(t).replace(tzinfo=datetime.timezone.utc)
    micros = int((frac + '000000')[:6]) if frac else 0
    return str(int(dt.timestamp()) * 1_000_000 + micros)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bootstrap', required=True)
    ap.add_argument('--topics', required=True, help='comma-separated')
    ap.add_argument('--out', required=True)
    ap.add_argument('--ready-file', help='touched once partitions are assigned at their end offsets')
    args = ap.parse_args()

    consumer = Consumer({
        'bootstrap.servers': args.bootstrap,
        'group.id': 'bench-consumer',  # never committed; partitions are assigned by hand
        'enable.auto.commit': False,
        'socket.nagle.disable': True,    # small fetch requests must not wait for Nagle + delayed ACK (~40 ms)
        'fetch.wait.max.ms': 5,          # the broker answers a fetch at once when data is there, else after 5 ms
        'fetch.min.bytes': 1,
        'fetch.message.max.bytes': 20 * 1024 * 1024,
        'max.partition.fetch.bytes': 20 * 1024 * 1024,
        'queued.max.messages.kbytes': 512 * 1024,
    })
    parts = []
    for topic in args.topics.split(','):
        md = consumer.list_topics(topic, timeout=10)
        tmd = md.topics[topic]
        if tmd.error is not None:
            sys.exit(f'topic {topic}: {tmd.error}')
        for p in tmd.partitions:
            # start at the current end: explicit offsets, so nothing produced after the ready file is missed
            _low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
            parts.append(TopicPartition(topic, p, high))
    consumer.assign(parts)
    out = open(args.out, 'w', buffering=1 << 20)
    if args.ready_file:
        open(args.ready_file, 'w').close()

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    while not stop:
        # consume(n, timeout) waits until n records or the timeout: it would add up to the timeout to every
        # arrival. poll() returns at the first record; what else is already queued is taken without waiting.
        first = consumer.poll(0.05)
        if first is None:
            continue
        msgs = [first] + consumer.consume(num_messages=1000, timeout=0)
        now = time.time_ns() // 1000
        lines = []
        for m in msgs:
            if m.error() is not None:
                continue
            source = seq = received = ''
            for name, value in (m.headers() or ()):
                if name == 'ce_seq':
                    seq = value.decode()
                elif name == 'ce_videosource':
                    source = value.decode()
                elif name == 'ce_receivedat':
                    received = parse_rfc3339_us(value.decode())
            key = m.key().decode() if m.key() is not None else ''
            value = m.value()
            lines.append(f'{now},{m.topic()},{key},{source},{seq},{received},{len(value) if value else 0}\n')
        out.write(''.join(lines))
        out.flush()
    out.close()
    consumer.close()


if __name__ == '__main__':
    main()
