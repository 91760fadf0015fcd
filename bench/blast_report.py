"""report.md of the default benchmark (bench/blast_bench.py): tables from results.json, ratios within one run."""
import json
import os


def f(v, digits=1):
    if v is None:
        return '–'
    if isinstance(v, float):
        return f'{v:,.{digits}f}'
    return f'{v:,}'


def ratio(a, b, digits=2):
    return f'{a / b:.{digits}f}' if a is not None and b else '–'


def runtime_rows(w, rt):
    runs = w['runs']
    g = runs.get(f'gateway-{rt}')
    if not g:
        return None
    py = runs.get('python-relay')
    mv = runs.get(f'minimal-vertx-{rt}')
    pp = runs.get(f'producer-{rt}')
    relays = [r for r in (py, mv) if r and r.get('cpuMsPerMB')]
    cheapest = min((r['cpuMsPerMB'] for r in relays), default=None)
    fastest = max((r['MBps'] for r in relays if r.get('MBps')), default=None)
    return g, py, mv, pp, cheapest, fastest


def write(out):
    with open(os.path.join(out, 'results.json')) as fh:
        res = json.load(fh)
    m = res.get('machine', {})
    lines = ['# Benchmark report (blast generator)', '',
             f"{m.get('date')}: {m.get('cores')} cores ({m.get('cpu')}), kernel {m.get('kernel')}, "
             f"{m.get('connections')} connections, {m.get('seconds')} s per target, heap {m.get('heap')}, "
             f"load average {' '.join(m.get('loadavgAtStart', []))} at start, "
             f"{' '.join(m.get('loadavgAtEnd', []))} at end, {m.get('wallMinutes')} min.", '']
    for rt, v in (m.get('java') or {}).items():
        lines.append(f'* runtime `{rt}`: {v}')
    lines.append('')
    runtimes = list((m.get('java') or {'default': ''}).keys())
    for rt in runtimes:
        lines += [f'## Runtime `{rt}`', '',
                  '| workload | payload | gateway MB/s | Python relay MB/s | minimal Vert.x MB/s | gateway ms/MB | '
                  'Python ms/MB | minimal Vert.x ms/MB | Kafka producer alone ms/MB | gateway µs/msg | '
                  'minimal Vert.x µs/msg | lost (gw/py/mv) | generator cores |',
                  '|---|---|---|---|---|---|---|---|---|---|---|---|---|']
        ratios = ['', '| workload | gateway ms/MB ÷ cheaper relay (target ≤ 0.75) | gateway ÷ producer alone '
                  '(≤ 1.5) | gateway MB/s ÷ fastest relay (≥ 1.25) | without the JIT compilers: gateway ms/MB, '
                  'minimal Vert.x ms/MB, gateway ÷ cheaper relay |', '|---|---|---|---|---|']
        for w in res['workloads']:
            rows = runtime_rows(w, rt)
            if not rows:
                continue
            g, py, mv, pp, cheapest, fastest = rows
            py, mv, pp = py or {}, mv or {}, pp or {}
            size = g.get('meanPayloadBytes') or 0
            lines.append(
                f"| {w['name']} | {f(size / 1000, 1)} KB | {f(g.get('MBps'))} | {f(py.get('MBps'))} | "
                f"{f(mv.get('MBps'))} | {f(g.get('cpuMsPerMB'), 2)} | {f(py.get('cpuMsPerMB'), 2)} | "
                f"{f(mv.get('cpuMsPerMB'), 2)} | {f(pp.get('cpuMsPerMB'), 2)} | {f(g.get('cpuUsPerMsg'))} | "
                f"{f(mv.get('cpuUsPerMsg'))} | {g.get('lost')}/{py.get('lost', '–')}/{mv.get('lost', '–')} | "
                f"{f(g.get('generatorCores'), 2)} |")
            # the Python relay has no JIT: its figure is the same either way
            steady = [r.get('cpuMsPerMBNoJit', r.get('cpuMsPerMB')) for r in (py, mv) if r.get('cpuMsPerMB')]
            ratios.append(f"| {w['name']} | {ratio(g.get('cpuMsPerMB'), cheapest)} | "
                          f"{ratio(g.get('cpuMsPerMB'), pp.get('cpuMsPerMB'))} | {ratio(g.get('MBps'), fastest)} | "
                          f"{f(g.get('cpuMsPerMBNoJit'), 2)}, {f(mv.get('cpuMsPerMBNoJit'), 2)}, "
                          f"{ratio(g.get('cpuMsPerMBNoJit'), min(steady, default=None))} |")
        lines += ratios + ['']
        lines += ['Messages per second on small frames: ' + ', '.join(
            f"{w['name']}: gateway {f(w['runs'].get(f'gateway-{rt}', {}).get('msgPerSec'), 0)}, Python "
            f"{f(w['runs'].get('python-relay', {}).get('msgPerSec'), 0)}, minimal Vert.x "
            f"{f(w['runs'].get(f'minimal-vertx-{rt}', {}).get('msgPerSec'), 0)} msg/s"
            for w in res['workloads'] if (w['runs'].get(f'gateway-{rt}', {}).get('meanPayloadBytes') or 1e9) < 10000),
            '']
    lat = [(w['name'], label, r) for w in res['workloads'] for label, r in w.get('latency', {}).items()]
    if lat:
        lines += ['## Latency at 50 % of the saturated rate (gateway histogram, hand-off → Kafka ack)', '',
                  'Rows `producer-*`: Kafka\'s `ProducerPerformance` alone at the same rate, same payloads and '
                  'broker (send → callback), no WebSocket and no generator: the floor of this machine.', '',
                  '| workload | runtime | offered msg/s | achieved msg/s | p50 ms | p99 ms | p99.9 ms | lost |',
                  '|---|---|---|---|---|---|---|---|']
        for name, label, r in lat:
            lines.append(f"| {name} | {label} | {f(r.get('rate'), 0)} | {f(r.get('achievedMsgPerSec'), 0)} | "
                         f"{f(r.get('p50Ms'))} | {f(r.get('p99Ms'))} | {f(r.get('p999Ms'))} | {r.get('lost')} |")
        lines.append('')
    lines += ['## Every run', '', '| workload | target | frames written | records | lost | MB/s | msg/s | CPU s | '
              'ms/MB | µs/msg | target cores | broker ms/MB | generator CPU s | generator-limited |',
              '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|']
    for w in res['workloads']:
        for label, r in w['runs'].items():
            lines.append(f"| {w['name']} | {label} | {f(r.get('framesWritten'))} | {f(r.get('records'))} | "
                         f"{f(r.get('lost'))} | {f(r.get('MBps'))} | {f(r.get('msgPerSec'), 0)} | "
                         f"{f(r.get('cpuSeconds'), 2)} | {f(r.get('cpuMsPerMB'), 2)} | {f(r.get('cpuUsPerMsg'))} | "
                         f"{f(r.get('targetCores'), 2)} | {f(r.get('brokerCpuMsPerMB'), 2)} | "
                         f"{f(r.get('generatorCpuSeconds'), 2)} | {r.get('generatorLimited', '–')} |")
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(out, 'report.md'), 'w') as fh:
        fh.write(text)
    return text
