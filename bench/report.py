#!/usr/bin/python3
"""Turns results.json (written by bench.py) into report.md and latency.png, and prints the summary table.

    /usr/bin/python3 bench/report.py target/bench
"""
import json
import os
import sys

TARGET_BASE64 = 0.7
TARGET_BINARY = 0.8
TARGET_RELAY = 1.5
TARGET_P99_MS = 10.0
TARGET_HEAP_MIB = 512


def f(v, d=1):
    if v is None:
        return '–'
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return f'{v:,.{d}f}'
    return str(v)


def ratio(a, b):
    return a / b if a and b else None


def verdict(ok):
    return '–' if ok is None else ('met' if ok else 'MISSED')


def summary_rows(res):
    rows = []
    for w in res['workloads']:
        if w.get('skipped') or w.get('error'):
            rows.append({'name': w['name'], 'note': w.get('skipped') or w.get('error')})
            continue
        mx = w['max']
        k = w.get('kafka') or {}
        relay = w.get('relayMax')
        target = TARGET_BASE64 if w['encoding'] == 'json-base64' else TARGET_BINARY
        r_limit = ratio(mx['achievedFps'], k.get('limitFps'))
        r_relay = ratio(mx['achievedFps'], relay['achievedFps'] if relay else None)
        half = next((p for p in w.get('points', []) if p.get('fraction') == 0.5), None)
        p99_e2e = half['e2e']['p99'] if half else None
        rows.append({
            'name': w['name'], 'fps': mx['achievedFps'], 'wireMBps': mx['wireMBps'], 'payloadMBps': mx['payloadMBps'],
            'limitFps': k.get('limitFps'), 'limitMBps': k.get('limitMBps'), 'rLimit': r_limit,
            'relayFps': relay['achievedFps'] if relay else None, 'rRelay': r_relay,
            'p99e2e50': p99_e2e, 'target': target,
            'okLimit': None if r_limit is None else r_limit >= target,
            'okRelay': None if r_relay is None else r_relay >= TARGET_RELAY,
            'okP99': None if p99_e2e is None else p99_e2e < TARGET_P99_MS,
            'cpu': mx['cpuCores'].get('gateway'), 'rss': mx['maxRssMiB'],
            'cpuPerMB': cpu_per_mb(mx, 'gateway'), 'relayCpuPerMB': cpu_per_mb(relay, 'relay') if relay else None,
            'ceiling': ceiling(w),
        })
    return rows


def cpu_per_mb(step, who):
    """CPU milliseconds the process spent per MB of WebSocket messages: comparable even when the load generator,
    not the target, ended the ladder."""
    cores = (step.get('cpuCores') or {}).get(who)
    return cores / step['wireMBps'] * 1000 if cores and step.get('wireMBps') else None


def ceiling(w):
    fails = [s for s in w['ladder'] if not s['pass'] and s['label'] != 'warmup']
    if not fails:
        return "the ladder's top step (the simulator allows 1000 fps per stream)"
    s = fails[0]
    who = 'the gateway' if s.get('limitedBy') == 'target' else 'the load generator (machine CPU)'
    return f"{who}: {s['why']}"


def targets(res):
    """Each target of issue 7 with its measured value; never asserted, only reported."""
    lines = ['| target | workload | measured | verdict |', '|---|---|---|---|']
    for r in summary_rows(res):
        if 'note' in r:
            continue
        lines.append(f"| throughput ≥ {r['target']} × Kafka-leg limit | {r['name']} | {f(r['rLimit'], 2)} × "
                     f"| {verdict(r['okLimit'])} |")
        lines.append(f"| throughput ≥ {TARGET_RELAY} × Python relay | {r['name']} | {f(r['rRelay'], 2)} × "
                     f"| {verdict(r['okRelay'])} |")
    for w in res['workloads']:
        half = next((p for p in w.get('points', []) if p.get('fraction') == 0.5), None)
        if not half:
            continue
        read = half['sendToRead']['p99']
        ack = (half.get('handoffToAck') or {}).get('p99')
        e2e = half['e2e']['p99']
        bound = read + ack if read is not None and ack is not None else None
        ok = None if e2e is None else (e2e < TARGET_P99_MS or (bound is not None and bound < TARGET_P99_MS))
        lines.append(f"| p99 send→ack < {TARGET_P99_MS:.0f} ms at 50 % | {w['name']} | send→read p99 {f(read)} + "
                     f"hand-off→ack p99 {f(ack)} (sum {f(bound)}); send→consumer p99 {f(e2e)} ms "
                     f"| {verdict(ok)} |")
    many = res.get('many')
    if many and many['rows']:
        top = max(many['rows'], key=lambda r: r.get('openConnections') or 0)
        heap = top.get('heapWhileOpenMiB')
        ok = None if heap is None else (top['streams'] >= 10000 and heap < TARGET_HEAP_MIB
                                        and top['fpsPerStream'] >= 2)
        lines.append(f"| 10,000 connections at 2 fps, heap < {TARGET_HEAP_MIB} MiB | many-connections "
                     f"| {f(top.get('openConnections'), 0)} open at {f(top['fpsPerStream'], 3)} fps each, heap "
                     f"{f(heap)} MiB after GC | {verdict(ok)} |")
    return '\n'.join(lines)


def summary_table(res):
    lines = ['| workload | gateway max f/s | MB/s in (wire) | MB/s out (payload) | Kafka-leg limit f/s (MB/s) '
             '| gateway / limit | Python relay max f/s | gateway / relay | p99 send→consumer at 50 % (ms) '
             '| gateway CPU at max (cores) | CPU ms per MB in: gateway / relay | RSS at max (MiB) '
             '| next step failed because |',
             '|---|---|---|---|---|---|---|---|---|---|---|---|---|']
    for r in summary_rows(res):
        if 'note' in r:
            lines.append(f"| {r['name']} | {r['note']} | | | | | | | | | | | |")
            continue
        lines.append(
            f"| {r['name']} | {f(r['fps'], 0)} | {f(r['wireMBps'])} | {f(r['payloadMBps'])} "
            f"| {f(r['limitFps'], 0)} ({f(r['limitMBps'])}) "
            f"| {f(r['rLimit'], 2)} (target ≥ {r['target']}: {verdict(r['okLimit'])}) "
            f"| {f(r['relayFps'], 0)} | {f(r['rRelay'], 2)} (≥ {TARGET_RELAY}: {verdict(r['okRelay'])}) "
            f"| {f(r['p99e2e50'])} (< {TARGET_P99_MS:.0f}: {verdict(r['okP99'])}) "
            f"| {f(r['cpu'], 2)} | {f(r['cpuPerMB'])} / {f(r['relayCpuPerMB'])} | {f(r['rss'], 0)} | {r['ceiling']} |")
    return '\n'.join(lines)


def latency_table(w):
    lines = ['| load | offered f/s | achieved f/s | MB/s in | send→gateway read p50/p99/p99.9 (ms) '
             '| hand-off→Kafka ack p50/p99/p99.9 (ms) | send→consumer p50/p99/p99.9 (ms) | gateway CPU (cores) '
             '| broker CPU | simulator CPU | gateway RSS (MiB) |',
             '|---|---|---|---|---|---|---|---|---|---|---|']
    for p in w.get('points', []):
        a = p.get('handoffToAck') or {}
        lines.append(
            f"| {int(p['fraction'] * 100)} % | {f(p['offeredFps'], 0)} | {f(p['achievedFps'], 0)} "
            f"| {f(p['wireMBps'])} "
            f"| {f(p['sendToRead']['p50'])} / {f(p['sendToRead']['p99'])} / {f(p['sendToRead']['p999'])} "
            f"| {f(a.get('p50'))} / {f(a.get('p99'))} / {f(a.get('p999'))} "
            f"| {f(p['e2e']['p50'])} / {f(p['e2e']['p99'])} / {f(p['e2e']['p999'])} "
            f"| {f(p['cpuCores'].get('gateway'), 2)} | {f(p['cpuCores'].get('broker'), 2)} "
            f"| {f(p['cpuCores'].get('simulator'), 2)} | {f(p['maxRssMiB'], 0)} |")
    return '\n'.join(lines)


def ladder_table(steps):
    lines = ['| target | step | offered f/s | achieved f/s | MB/s in | missing | late | send→read p99 (ms) '
             '| e2e p99 (ms) | target CPU | broker CPU | simulator CPU | load avg | result |',
             '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|']
    for s in steps:
        cpu = s['cpuCores'].get(s['target'])
        lines.append(f"| {s['target']} | {s['label']} | {f(s['offeredFps'], 0)} | {f(s['achievedFps'], 0)} "
                     f"| {f(s['wireMBps'])} | {s['missing']} | {s['late']} | {f(s['sendToRead']['p99'])} "
                     f"| {f(s['e2e']['p99'])} | {f(cpu, 2)} | {f(s['cpuCores'].get('broker'), 2)} "
                     f"| {f(s['cpuCores'].get('simulator'), 2)} | {f(s.get('loadavg'))} "
                     f"| {'pass' if s['pass'] else 'FAIL (' + str(s.get('limitedBy')) + '): ' + s['why']} |")
    return '\n'.join(lines)


def chart(res, path):
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    for w in res['workloads']:
        pts = [p for p in w.get('ladder', []) + w.get('points', []) if p['target'] == 'gateway'
               and p['e2e']['p50'] is not None]
        if not pts:
            continue
        pts.sort(key=lambda p: p['wireMBps'])
        x = [p['wireMBps'] for p in pts]
        axes[0].plot(x, [p['e2e']['p50'] for p in pts], marker='o', label=w['name'])
        axes[1].plot(x, [p['e2e']['p99'] for p in pts], marker='o', label=w['name'])
    for ax, t in zip(axes, ('p50', 'p99')):
        ax.set_xlabel('offered load, MB/s of WebSocket messages')
        ax.set_ylabel(f'send → consumer latency {t} (ms)')
        ax.set_yscale('log')
        ax.grid(True, which='both', alpha=0.3)
        ax.set_title(f'{t} latency vs offered load (gateway)')
    axes[0].legend(fontsize=8)
    m = res.get('machine', {})
    fig.suptitle(f"meeting-media-gateway, {m.get('cores')} cores {m.get('cpu')}, {m.get('date')} ({m.get('mode')})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def write(out):
    with open(os.path.join(out, 'results.json')) as fh:
        res = json.load(fh)
    m = res.get('machine', {})
    md = ['# meeting-media-gateway benchmark report', '',
          f"{m.get('date')} · mode **{m.get('mode')}** · {m.get('cores')} cores ({m.get('cpu')}) · "
          f"{m.get('ramGiB')} GiB RAM · {m.get('java')} · kernel {m.get('kernel')} · load average at start "
          f"{' '.join(m.get('loadavgAtStart', []))}, at end {' '.join(m.get('loadavgAtEnd', []))} · "
          f"{m.get('wallMinutes')} min · jar `{m.get('jar')}`", '',
          'Broker, gateway, simulator, consumer, Kafka load tools and the Python relay all share these cores. '
          'Figures are single runs: trust ratios more than absolute values. Meanings: docs/benchmark.md.', '',
          '## Summary', '', summary_table(res), '']
    md += ['## Targets', '', targets(res), '']
    if chart(res, os.path.join(out, 'latency.png')):
        md += ['![latency vs offered load](latency.png)', '']
    for w in res['workloads']:
        md += [f"## {w['name']}: {w.get('title', '')}", '']
        if w.get('skipped') or w.get('error'):
            md += [f"Not measured: {w.get('skipped') or w.get('error')}", '']
            if w.get('ladder'):
                md += [ladder_table(w['ladder']), '']
            continue
        mx = w['max']
        md += [f"Maximum sustained loss-free: **{f(mx['achievedFps'], 0)} frames/s**, {f(mx['wireMBps'])} MB/s of "
               f"WebSocket messages in, {f(mx['payloadMBps'])} MB/s of payload out "
               f"(mean message {f(mx['meanWireBytes'] / 1000, 0)} KB, payload {f(mx['meanPayloadBytes'] / 1000, 0)} "
               f"KB), {mx['streams']} streams over {mx['connections']} connections.", '',
               latency_table(w), '']
        k = w.get('kafka') or {}
        pp, rd = k.get('producerPerformance') or {}, k.get('librdkafka') or {}
        md += [f"Kafka-leg limit with the same payloads ({k.get('records')} records, acks=all): "
               f"ProducerPerformance {f(pp.get('recordsPerSec'), 0)} rec/s ({f(pp.get('MBps'))} MB/s, p50/p99/p99.9 "
               f"{f(pp.get('p50Ms'))}/{f(pp.get('p99Ms'))}/{f(pp.get('p999Ms'))} ms at full speed); librdkafka "
               f"{f(rd.get('recordsPerSec'), 0)} rec/s ({f(rd.get('MBps'))} MB/s, p50/p99 {f(rd.get('p50Ms'))}/"
               f"{f(rd.get('p99Ms'))} ms).", '']
        if w.get('relayMax'):
            r = w['relayMax']
            md += [f"Python relay maximum: {f(r['achievedFps'], 0)} frames/s ({f(r['wireMBps'])} MB/s in), relay CPU "
                   f"{f(r['cpuCores'].get('relay'), 2)} cores, e2e p99 {f(r['e2e']['p99'])} ms.", '']
        md += ['Ladder:', '', ladder_table(w['ladder'] + w.get('relayLadder', [])), '']
        prof = w.get('profile')
        if prof:
            ps = w.get('profileStep') or {}
            md += [f"JFR profile (execution samples every 2 ms, bench/cpu-samples.jfc) in a separate step at 90 % of the maximum "
                   f"({f(ps.get('achievedFps'), 0)} f/s, gateway CPU {f((ps.get('cpuCores') or {}).get('gateway'), 2)} "
                   f"cores; {prof['samples']} execution samples, `{prof['file']}`). Threads: "
                   + ', '.join(f'{t} {p * 100:.0f} %' for t, p in prof['threads']), '',
                   '| self (top of stack) | share |', '|---|---|']
            md += [f'| `{k}` | {p * 100:.1f} % |' for k, p in prof['self'][:12]]
            md += ['', '| inclusive (gateway, Kafka, Netty, Vert.x, Jackson frames) | share |', '|---|---|']
            md += [f'| `{k}` | {p * 100:.1f} % |' for k, p in prof['total'][:20]]
            md += ['']
    many = res.get('many')
    if many:
        md += ['## Many connections', '',
               f"Vendor {many['vendor']}, one participant per connection; the aggregate rate is capped at half the "
               f"few-connection maximum ({f(many['fewConnectionMaxFps'], 0)} f/s) so that the run measures "
               f"connections, not throughput.", '',
               '| connections | fps each | open | heap before (MiB) | heap while open (MiB) | heap per connection '
               '(KiB) | gateway RSS (MiB) | missing | e2e p99 (ms) | result |',
               '|---|---|---|---|---|---|---|---|---|---|']
        for r in many['rows']:
            md.append(f"| {r['streams']} | {f(r['fpsPerStream'], 3)} | {f(r.get('openConnections'), 0)} "
                      f"| {f(r.get('heapBeforeMiB'))} | {f(r.get('heapWhileOpenMiB'))} "
                      f"| {f(r.get('heapPerConnectionKiB'))} | {f(r.get('rssWhileOpenMiB'), 0)} | {r['missing']} "
                      f"| {f(r['e2e']['p99'])} | {'pass' if r['pass'] else 'FAIL: ' + r['why']} |")
        md.append('')
        last = next((r for r in reversed(many['rows']) if r.get('classHistogram')), None)
        if last:
            md += [f"Largest live classes with {last['streams']} connections open (after a full GC, "
                   f"`jcmd GC.class_histogram`):", '', '| class | instances | MiB |', '|---|---|---|']
            md += [f'| `{c}` | {i:,} | {b / 1048576:.1f} |' for c, i, b in last['classHistogram']]
            md.append('')
    with open(os.path.join(out, 'report.md'), 'w') as fh:
        fh.write('\n'.join(md))
    print('\n' + summary_table(res) + '\n')
    if many:
        for r in many['rows']:
            print(f"many connections: {r['streams']} at {r['fpsPerStream']:.3f} fps: heap {f(r.get('heapBeforeMiB'))}"
                  f" -> {f(r.get('heapWhileOpenMiB'))} MiB ({f(r.get('heapPerConnectionKiB'))} KiB per connection)")
    print(f"\nreport: {os.path.join(out, 'report.md')}")


if __name__ == '__main__':
    write(os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else 'target/bench'))
