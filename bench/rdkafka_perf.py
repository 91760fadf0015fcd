#!/usr/bin/python3
"""Kafka-leg baseline with librdkafka (Debian's python3-confluent-kafka): produce the real payloads as fast as
the client and broker take them, acks=all, and report throughput and send->ack latency as one JSON line.

Throughput counts from the first produce() to the last delivery report, so it includes the final flush.
Latency is from produce() to the delivery report of each record, at full speed (a saturated queue), so it is an
upper bound for latency at lower load. Payloads are sent round-robin from the given files (the real frames).
"""
import argparse
import json
import sys
import time

from confluent_kafka import Producer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bootstrap', required=True)
    ap.add_argument('--topic', required=True)
    ap.add_argument('--num-records', type=int, required=True)
    ap.add_argument('payloads', nargs='+')
    args = ap.parse_args()
    payloads = [open(p, 'rb').read() for p in args.payloads]
    producer = Producer({
        'bootstrap.servers': args.bootstrap,
        'acks': 'all',
        'enable.idempotence': True,
        'linger.ms': 5,
        'batch.size': 524288,
        'message.max.bytes': 17 * 1024 * 1024,
        'queue.buffering.max.kbytes': 256 * 1024,
        'socket.send.buffer.bytes': 1024 * 1024,
    })
    latencies = []
    failed = [0]

    def report(err, _msg, t0):
        if err is not None:
            failed[0] += 1
        else:
            latencies.append(time.perf_counter() - t0)

    # warm-up: connect and fetch metadata outside the measured window
    producer.produce(args.topic, payloads[0], on_delivery=lambda e, m: None)
    producer.flush(30)
    sent_bytes = 0
    start = time.perf_counter()
    for i in range(args.num_records):
        value = payloads[i % len(payloads)]
        t0 = time.perf_counter()
        while True:
            try:
                producer.produce(args.topic, value, on_delivery=lambda e, m, t0=t0: report(e, m, t0))
                break
            except BufferError:
                producer.poll(0.01)
        sent_bytes += len(value)
        producer.poll(0)
    producer.flush(120)
    elapsed = time.perf_counter() - start
    latencies.sort()

    def q(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else None

    json.dump({'records': args.num_records, 'failed': failed[0], 'seconds': elapsed,
               'recordsPerSec': args.num_records / elapsed, 'MBps': sent_bytes / 1e6 / elapsed,
               'p50Ms': q(0.50), 'p99Ms': q(0.99), 'p999Ms': q(0.999)}, sys.stdout)
    print()


if __name__ == '__main__':
    main()
