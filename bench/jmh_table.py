#!/usr/bin/env python3
"""Prints a JMH result (-rf json) as Markdown tables.

AdapterDecodeBenchmark: MB/s of input per core. PerMessageBenchmark: wall µs per message, process CPU µs per message
(all threads, from the benchmark's cpuNanos/messages counters) and, with -prof gc, bytes allocated per message.

    python3 bench/jmh_table.py target/jmh-result.json
"""
import json
import sys
from collections import defaultdict


def adapter_table(results):
    rows = defaultdict(dict)
    for r in results:
        bench = r['benchmark'].rsplit('.', 1)[1]
        wl = r['params']['workload']
        ops = r['primaryMetric']['score']
        inp = r['secondaryMetrics'].get('inputBytes', {}).get('score', 0)
        rows[wl][bench] = (ops, inp)
    print('| workload | message KB | adapter MB/s | arraycopy MB/s | JDK base64 decode MB/s | adapter / base64 |')
    print('|---|---|---|---|---|---|')
    for wl, b in rows.items():
        ops, inp = b.get('adapter', (0, 0))
        size = inp / ops / 1000 if ops else 0
        a = inp / 1e6
        c = b.get('arraycopy', (0, 0))[1] / 1e6
        d = b.get('jdkBase64Decode', (0, 0))[1] / 1e6
        ratio = f'{a / d:.2f}' if d > 0 else '– (binary)'
        dec = f'{d:,.0f}' if d > 0 else '–'
        print(f'| {wl} | {size:,.0f} | {a:,.0f} | {c:,.0f} | {dec} | {ratio} |')


def per_message_table(results):
    print('| benchmark | message | ids | relay | wall µs/msg | CPU µs/msg (process) | allocated B/msg |')
    print('|---|---|---|---|---|---|---|')
    for r in results:
        bench = r['benchmark'].rsplit('.', 1)[1]
        p = r['params']
        m = r['primaryMetric']
        sec = r['secondaryMetrics']
        # EVENTS counters are summed over the measured iterations
        cpu = sec.get('cpuNanos', {}).get('score', 0)
        msgs = sec.get('messages', {}).get('score', 0)
        cpu_us = f'{cpu / msgs / 1000:.2f}' if msgs else '–'
        alloc = sec.get('gc.alloc.rate.norm', {}).get('score')
        alloc_s = f'{alloc:,.0f}' if alloc is not None else '–'
        relay = p.get('relay', '') if bench == 'pipeline' else '–'
        print(f"| {bench} | {p.get('message', '')} | {p.get('ids', '')} | {relay} | {m['score']:.2f} ± {m['scoreError']:.2f} "
              f"| {cpu_us} | {alloc_s} |")


def main(path):
    results = json.load(open(path))
    adapter = [r for r in results if '.AdapterDecodeBenchmark.' in r['benchmark']]
    per_message = [r for r in results if '.PerMessageBenchmark.' in r['benchmark']]
    if adapter:
        adapter_table(adapter)
    if per_message:
        if adapter:
            print()
        per_message_table(per_message)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'target/jmh-result.json')
