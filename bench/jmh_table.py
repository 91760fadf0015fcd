#!/usr/bin/env python3
"""Prints the JMH result (-rf json) of AdapterDecodeBenchmark as MB/s of input per core.

    python3 bench/jmh_table.py target/jmh-result.json
"""
import json
import sys
from collections import defaultdict


def main(path):
    rows = defaultdict(dict)
    for r in json.load(open(path)):
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

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'target/jmh-result.json')
