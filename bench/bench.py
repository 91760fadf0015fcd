#!/usr/bin/python3
"""End-to-end benchmark driver of meeting-media-gateway. Start it through bench/run.sh.

On one machine, each in its own process: a single-node KRaft broker (the gateway jar's `kafka` command), the
gateway (the jar, configured for that broker), the load generator (the jar's `simulate` command, one process per
step), a timestamping consumer (bench/consumer.py) and, for the comparisons, Kafka's ProducerPerformance, a
librdkafka producer (bench/rdkafka_perf.py) and a hand-written Python relay (bench/python-relay/relay.py).

Per workload it finds the highest offered rate the gateway sustains with no loss, measures latency at 25/50/90 %
of it, records the gateway's CPU and RSS, profiles it with JFR at 90 %, measures the Kafka leg's own limit with
the same payload bytes and the Python relay's maximum, and writes report.md, results.json and latency.png.
Every figure's meaning is in docs/benchmark.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = '/usr/bin/python3'
CLK = os.sysconf('SC_CLK_TCK')

# ---------------------------------------------------------------------------------------------------------------
# workloads


class Workload:
    def __init__(self, name, title, vendor, sim_args, streams_per_bot, bots, start_fps, topic, relay=True,
                 encoding='json-base64'):
        self.name = name
        self.title = title
        self.vendor = vendor
        self.sim_args = sim_args          # extra simulate options
        self.streams_per_bot = streams_per_bot
        self.bots = bots
        self.start_fps = start_fps        # total offered frames/s of the first ladder step
        self.topic = topic
        self.relay = relay
        self.encoding = encoding          # json-base64 (target 0.7 x limit) or binary (0.8 x)

    @property
    def streams(self):
        return self.bots * self.streams_per_bot


FRAMES = 'meeting.video.frames'
FMP4 = 'meeting.video.fmp4'

WORKLOADS = [
    Workload('attendee-jpeg-360p', 'Attendee 360p JPEG (base64 JSON, ~37 KB)', 'attendee',
             ['--participants', '2', '--content', 'noisy', '--size', '360p'], 2, 4, 150, FRAMES),
    Workload('recall-png-360p-smooth', 'Recall 360p PNG, smooth (base64 JSON, ~30 KB)', 'recall',
             ['--participants', '2', '--content', 'smooth', '--size', '360p'], 2, 4, 200, FRAMES),
    Workload('recall-png-360p-noisy', 'Recall 360p PNG, noisy (base64 JSON, ~400 KB)', 'recall',
             ['--participants', '2', '--content', 'noisy', '--size', '360p'], 2, 4, 24, FRAMES),
    Workload('recall-legacy-720p-noisy', 'Recall legacy 720p PNG, noisy (binary, ~1.6 MB)', 'recall-legacy',
             ['--participants', '2', '--content', 'noisy', '--size', '720p', '--frame-pool', '4'], 2, 2, 8,
             FRAMES, encoding='binary'),
    Workload('meetstream-fmp4', 'MeetStream fMP4 chunks (binary, ~60 KB)', 'meetstream',
             ['--chunk-bytes', '65536'], 1, 4, 100, FMP4, encoding='binary'),
]

# ---------------------------------------------------------------------------------------------------------------
# small helpers


def log(*args):
    print(time.strftime('%H:%M:%S'), *args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def proc_cpu_seconds(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK
    except (OSError, IndexError):
        return None


def proc_rss_mib(pid):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def running(pid):
    """True while a child process has not exited; never reaps it (os.wait4 collects its CPU time later)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    except ChildProcessError:
        return False


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read().decode()


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


PROM_LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')
PROM_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def scrape(port):
    """Prometheus text -> list of (name, labels dict, value)."""
    out = []
    for line in http_get(f'http://127.0.0.1:{port}/metrics').splitlines():
        if line.startswith('#'):
            continue
        m = PROM_LINE.match(line)
        if not m:
            continue
        labels = dict(PROM_LABEL.findall(m.group(2) or ''))
        try:
            out.append((m.group(1), labels, float(m.group(3))))
        except ValueError:
            pass
    return out


def metric_sum(samples, name, **match):
    return sum(v for n, l, v in samples if n == name and all(l.get(k) == x for k, x in match.items()))


def send_histogram(samples):
    """Cumulative buckets of gateway_kafka_send_seconds summed over every kind: {le: count}."""
    buckets = defaultdict(float)
    for n, l, v in samples:
        if n == 'gateway_kafka_send_seconds_bucket':
            le = float('inf') if l['le'] == '+Inf' else float(l['le'])
            buckets[le] += v
    return buckets


def histogram_quantiles(before, after, qs):
    """Quantiles (ms) of the observations between two scrapes, interpolated inside a bucket."""
    les = sorted(after)
    cum = [after[le] - before.get(le, 0.0) for le in les]
    total = cum[-1] if cum else 0
    result = {}
    for q in qs:
        if total <= 0:
            result[q] = None
            continue
        target = q * total
        prev_le, prev_c = 0.0, 0.0
        for le, c in zip(les, cum):
            if c >= target:
                if le == float('inf'):
                    result[q] = prev_le * 1000
                else:
                    frac = (target - prev_c) / (c - prev_c) if c > prev_c else 1.0
                    result[q] = (prev_le + (le - prev_le) * frac) * 1000
                break
            prev_le, prev_c = le, c
    return result, total


# ---------------------------------------------------------------------------------------------------------------
# processes


class Proc:
    """A child process with its output in a file; stopped by its own pid only."""

    def __init__(self, name, cmd, logfile, env=None):
        self.name = name
        self.log = open(logfile, 'w')
        self.p = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                  start_new_session=True)
        self.logfile = logfile

    @property
    def pid(self):
        return self.p.pid

    def alive(self):
        return self.p.poll() is None

    def stop(self, timeout=30):
        if self.alive():
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self.log.close()

    def wait_for_log(self, pattern, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.logfile, errors='replace') as f:
                if re.search(pattern, f.read()):
                    return True
            if not self.alive():
                return False
            time.sleep(0.3)
        return False


class RssSampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.max = 0.0
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            rss = proc_rss_mib(self.pid)
            if rss:
                self.max = max(self.max, rss)
            self.halt.wait(0.25)

    def stop(self):
        self.halt.set()
        self.join()
        return self.max


class ConsumerLog:
    """Follows the consumer's CSV; indexes records by (key, source, seq)."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.partial = ''
        self.records = {}
        self.duplicates = 0
        self.count = 0

    def poll(self):
        try:
            with open(self.path) as f:
                f.seek(self.offset)
                chunk = f.read()
                self.offset = f.tell()
        except FileNotFoundError:
            return
        data = self.partial + chunk
        lines = data.split('\n')
        self.partial = lines.pop()
        for line in lines:
            parts = line.split(',')
            if len(parts) < 7:
                continue
            arrival, _topic, key, source, seq, received, size = parts[:7]
            k = (key, source, seq)
            self.count += 1
            if k in self.records:
                self.duplicates += 1
                continue
            self.records[k] = (int(arrival), int(received) if received else None, int(size))


def read_send_log(path):
    out = []
    with open(path) as f:
        for line in f:
            p = line.rstrip('\n').split(',')
            if len(p) < 7:
                continue
            send_us, _vendor, bot, participant, source, seq, payload = p[:7]
            kind = p[7] if len(p) > 7 else 'video_frame'
            wire = int(p[8]) if len(p) > 8 else int(payload)
            if kind not in ('video_frame', 'video_chunk'):
                continue
            key = f'{bot}:{participant or "mixed"}'
            out.append(((key, source, seq), int(send_us), int(payload), wire))
    return out


# ---------------------------------------------------------------------------------------------------------------
# the bench


class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.jar = os.path.abspath(args.jar)
        # one Java runtime for every Java process (broker, gateway, simulator, ProducerPerformance, jcmd)
        self.java_bin = os.path.join(args.java_home, 'bin', 'java') if args.java_home else 'java'
        self.jcmd_bin = os.path.join(args.java_home, 'bin', 'jcmd') if args.java_home else 'jcmd'
        self.out = os.path.abspath(args.out)
        self.step_seconds = 3 if self.quick else 8
        # long enough that one scheduling hiccup on the shared cores does not decide the p99 on its own
        self.point_seconds = 4 if self.quick else 20
        self.factor = 2.0 if self.quick else 1.5
        self.max_steps = 6 if self.quick else 11
        self.procs = []
        self.results = {'workloads': [], 'many': None, 'notes': []}
        os.makedirs(self.out, exist_ok=True)
        self.logs = os.path.join(self.out, 'logs')
        os.makedirs(self.logs, exist_ok=True)

    # ----- lifecycle

    def java(self, *args, heap='1g', jvm=()):
        return [self.java_bin, f'-Xmx{heap}', *jvm, '-jar', self.jar, *args]

    def start_broker(self):
        self.kafka_port = free_port()
        controller = free_port()
        data = os.path.join(self.out, 'kafka-data')
        shutil.rmtree(data, ignore_errors=True)
        self.starts = getattr(self, 'starts', 0) + 1
        self.broker = Proc('broker', self.java('kafka', '--data-dir', data, '--port', str(self.kafka_port),
                                               '--controller-port', str(controller), heap='1g',
                                               # the JVM flags of Kafka's own kafka-server-start.sh
                                               jvm=['-Xms1g', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
                                                    '-XX:InitiatingHeapOccupancyPercent=35',
                                                    f'-Xlog:gc:file={self.logs}/broker-{self.starts}-gc.log']),
                           os.path.join(self.logs, f'broker-{self.starts}.log'))
        self.procs.append(self.broker)
        if not self.broker.wait_for_log('Kafka broker listening', 120):
            sys.exit('the Kafka broker did not start; see ' + self.broker.logfile)
        self.bootstrap = f'localhost:{self.kafka_port}'
        log('broker up at', self.bootstrap, 'pid', self.broker.pid)

    def start_gateway(self):
        self.ingest_port = free_port()
        self.mgmt_port = free_port()
        conf = {
            '$comment': 'written by bench/bench.py',
            'kafka': {'bootstrapServers': self.bootstrap, 'createTopics': True, 'partitions': 6,
                      'producer': dict(kv.split('=', 1) for kv in self.args.gateway_producer)},
            'ingest': {'port': self.ingest_port},
            'management': {'port': self.mgmt_port},
            # the many-connections workload opens up to 10,000 sockets from one address, as one (default) tenant
            'limits': {'maxConnections': 12000, 'maxConnectionsPerTenant': 12000},
        }
        path = os.path.join(self.out, 'gateway.json')
        with open(path, 'w') as f:
            json.dump(conf, f, indent=2)
        jvm = ['-Xms1g', '-XX:+UseG1GC', '-XX:+ExitOnOutOfMemoryError',
               f'-Xlog:gc:file={self.logs}/gateway-{self.starts}-gc.log']
        self.gateway = Proc('gateway', self.java('--config', path, heap='1g', jvm=jvm),
                            os.path.join(self.logs, f'gateway-{self.starts}.log'))
        self.procs.append(self.gateway)
        deadline = time.time() + 120
        while time.time() < deadline:
            if http_status(f'http://127.0.0.1:{self.mgmt_port}/health/ready') == 200:
                break
            if not self.gateway.alive():
                sys.exit('the gateway exited; see ' + self.gateway.logfile)
            time.sleep(0.5)
        else:
            sys.exit('the gateway did not become ready; see ' + self.gateway.logfile)
        log('gateway up, ingest', self.ingest_port, 'management', self.mgmt_port, 'pid', self.gateway.pid)
        self.routes = {}
        for w in WORKLOADS:
            # 426 = the route exists (plain HTTP on a WebSocket route); 404 = no such adapter in this build
            self.routes[w.vendor] = http_status(f'http://127.0.0.1:{self.ingest_port}/ingest/{w.vendor}') == 426

    def start_relay(self):
        self.relay_port = free_port()
        self.relay = Proc('relay', [PY, os.path.join(HERE, 'python-relay', 'relay.py'), '--port',
                                    str(self.relay_port), '--bootstrap', self.bootstrap],
                          os.path.join(self.logs, f'relay-{self.starts}.log'))
        self.procs.append(self.relay)
        if not self.relay.wait_for_log('relay listening', 30):
            sys.exit('the Python relay did not start; see ' + self.relay.logfile)

    def stop_all(self):
        for p in reversed(self.procs):
            p.stop()
        self.procs = []

    # ----- one step of load

    def start_consumer(self, name, topic):
        path = os.path.join(self.out, 'records', f'{name}.csv')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        ready = path + '.ready'
        if os.path.exists(ready):
            os.remove(ready)
        proc = Proc('consumer', [PY, os.path.join(HERE, 'consumer.py'), '--bootstrap', self.bootstrap,
                                 '--topics', topic, '--out', path, '--ready-file', ready],
                    os.path.join(self.logs, f'consumer-{name}.log'))
        deadline = time.time() + 60
        while not os.path.exists(ready):
            if time.time() > deadline or not proc.alive():
                sys.exit('the consumer did not start; see ' + proc.logfile)
            time.sleep(0.2)
        return proc, ConsumerLog(path)

    def run_step(self, w, target, total_fps, seconds, label, consumer, bots=None, streams_per_bot=None,
                 extra=(), jfr=None, on_open=None):
        """Offers total_fps frames/s for `seconds` and measures what came out. target: 'gateway' or 'relay'."""
        bots = bots or w.bots
        spb = streams_per_bot or w.streams_per_bot
        streams = bots * spb
        fps = total_fps / streams
        tag = f'{w.name}-{target}-{label}'
        send_log = os.path.join(self.out, 'sendlogs', tag + '.csv')
        summary_file = os.path.join(self.out, 'sendlogs', tag + '.json')
        os.makedirs(os.path.dirname(send_log), exist_ok=True)
        port = self.ingest_port if target == 'gateway' else self.relay_port
        target_pid = self.gateway.pid if target == 'gateway' else self.relay.pid
        # C1 only and the serial collector: the simulator sends pre-encoded frames, so it needs little optimised
        # code, and a fresh JVM per step must not spend the shared cores on C2 compilation
        cmd = self.java('simulate', '--vendor', w.vendor, '--gateway', f'http://127.0.0.1:{port}',
                        '--bots', str(bots), '--fps', f'{fps:.4f}', '--seconds', str(seconds),
                        '--send-log', send_log, '--json-summary', summary_file, '--quiet',
                        *w.sim_args, *extra, heap='1g', jvm=['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'])
        before = scrape(self.mgmt_port) if target == 'gateway' else None
        cpu0 = {n: proc_cpu_seconds(p.pid) for n, p in self.cpu_procs(target)}
        rss = RssSampler(target_pid)
        rss.start()
        t0 = time.time()
        sim = subprocess.Popen(cmd, stdout=open(os.path.join(self.logs, tag + '.sim.log'), 'w'),
                               stderr=subprocess.STDOUT, start_new_session=True)
        if jfr:
            threading.Thread(target=self.jfr_record, args=(jfr, seconds), daemon=True).start()
        try:
            hook_result = on_open(sim) if on_open else None
            _pid, status, usage = os.wait4(sim.pid, 0)
        except BaseException:
            sim.kill()
            raise
        sim.returncode = os.waitstatus_to_exitcode(status)
        sim_cpu = usage.ru_utime + usage.ru_stime
        wall = time.time() - t0
        sends = read_send_log(send_log) if os.path.exists(send_log) else []
        # wait for every sent record to reach the consumer (or for progress to stop)
        wanted = [k for k, *_ in sends]
        last_progress, last_found = time.time(), -1
        while True:
            consumer.poll()
            found = sum(1 for k in wanted if k in consumer.records)
            if found == len(wanted):
                break
            if found != last_found:
                last_found, last_progress = found, time.time()
            if time.time() - last_progress > 8:
                break
            time.sleep(0.2)
        cpu1 = {n: proc_cpu_seconds(p.pid) for n, p in self.cpu_procs(target)}
        after = scrape(self.mgmt_port) if target == 'gateway' else None
        max_rss = rss.stop()
        summary = {}
        if os.path.exists(summary_file):
            with open(summary_file) as f:
                summary = json.load(f)
        return self.evaluate(w, target, label, total_fps, fps, streams, bots, sends, consumer, summary,
                             sim.returncode, before, after, cpu0, cpu1, sim_cpu, wall, max_rss, hook_result)

    def cpu_procs(self, target):
        procs = [('broker', self.broker)]
        procs.append(('gateway', self.gateway) if target == 'gateway' else ('relay', self.relay))
        return procs

    def evaluate(self, w, target, label, total_fps, fps, streams, bots, sends, consumer, summary, rc, before,
                 after, cpu0, cpu1, sim_cpu, wall, max_rss, hook_result):
        n = len(sends)
        lat_e2e, lat_read = [], []
        missing = 0
        for key, send_us, _payload, _wire in sends:
            rec = consumer.records.get(key)
            if rec is None:
                missing += 1
                continue
            arrival, received, _size = rec
            lat_e2e.append((arrival - send_us) / 1000)
            if received is not None:
                lat_read.append((received - send_us) / 1000)
        lat_e2e.sort()
        lat_read.sort()
        if n > 1:
            first = min(s for _, s, _, _ in sends)
            last = max(s for _, s, _, _ in sends)
            duration = max((last - first) / 1e6, 1e-3)
        else:
            duration = max(wall, 1e-3)
        payload = sum(p for _, _, p, _ in sends)
        wire = sum(x for _, _, _, x in sends)
        sched = summary.get('schedule', {})
        conns = summary.get('connections', {})
        late = sched.get('late', 0) or 0
        unsent = sched.get('unsent', 0) or 0
        achieved = (n - 1) / duration if n > 1 else 0
        expected = round(total_fps * float(summary.get('seconds', 0) or 0))  # informational only
        cpu = {k: (cpu1[k] - cpu0[k]) / duration if cpu0.get(k) is not None and cpu1.get(k) is not None else None
               for k in cpu0}
        cpu['simulator'] = sim_cpu / wall
        r = {
            'label': label, 'target': target, 'offeredFps': total_fps, 'fpsPerStream': fps, 'streams': streams,
            'connections': conns.get('planned', bots), 'sent': n, 'missing': missing, 'late': late,
            'unsent': unsent, 'failedConnections': conns.get('failed', 0), 'simExit': rc,
            'achievedFps': achieved, 'payloadMBps': payload / 1e6 / duration, 'wireMBps': wire / 1e6 / duration,
            'meanPayloadBytes': payload / n if n else 0, 'meanWireBytes': wire / n if n else 0,
            'seconds': duration, 'cpuCores': cpu, 'maxRssMiB': max_rss,
            'e2e': {'p50': percentile(lat_e2e, .5), 'p99': percentile(lat_e2e, .99),
                    'p999': percentile(lat_e2e, .999), 'max': lat_e2e[-1] if lat_e2e else None},
            'sendToRead': {'p50': percentile(lat_read, .5), 'p99': percentile(lat_read, .99),
                           'p999': percentile(lat_read, .999)},
            'latenessP99Ms': sched.get('latenessP99Ms'), 'expected': expected,
            'loadavg': float(open('/proc/loadavg').read().split()[0]),
        }
        if before is not None and after is not None:
            qs, count = histogram_quantiles(send_histogram(before), send_histogram(after), [.5, .99, .999])
            r['handoffToAck'] = {'p50': qs[.5], 'p99': qs[.99], 'p999': qs[.999], 'count': count}
            r['pausedSeconds'] = (metric_sum(after, 'gateway_paused_seconds_total')
                                  - metric_sum(before, 'gateway_paused_seconds_total'))
        if hook_result:
            r.update(hook_result)
        stalls = sched.get('stalls', 0) or 0
        read_p99 = r['sendToRead']['p99']
        r['stalls'] = stalls
        # the target (gateway or relay) could not keep up: loss, refused/closed sockets, TCP back-pressure that
        # filled the simulator's write queue, or messages waiting long before the target read them
        target_reasons = []
        if n == 0:
            target_reasons.append('nothing sent')
        if missing:
            target_reasons.append(f'{missing} records missing')
        if r['failedConnections'] or rc not in (0, None):
            target_reasons.append(f'simulator exit {rc}, {r["failedConnections"]} failed connections')
        if stalls:
            target_reasons.append(f'{stalls} write stalls (back-pressure)')
        if read_p99 is not None and read_p99 > 500:
            target_reasons.append(f'send→read p99 {read_p99:.0f} ms')
        # the load generator could not offer the rate although the target read promptly: on a shared 2-core machine
        # that is the machine's limit (the simulator is starved of CPU), not proof that the target could go faster
        gen_reasons = []
        if unsent > self.args.late_tolerance * max(n, 1):
            gen_reasons.append(f'{unsent} frames unsent')
        if n and late > self.args.late_tolerance * n:
            gen_reasons.append(f'{late} of {n} frames sent >100 ms late')
        if achieved < (1 - self.args.late_tolerance) * total_fps:
            gen_reasons.append(f'achieved {achieved:.0f} of {total_fps:.0f} frames/s')
        reasons = target_reasons + gen_reasons
        r['limitedBy'] = ('target' if target_reasons else 'generator') if reasons else None
        r['pass'] = not reasons
        r['why'] = '; '.join(reasons)
        log(f'  {target:7s} {label:>8s} offered {total_fps:8.1f} f/s -> {achieved:8.1f} f/s '
            f'{r["wireMBps"]:7.1f} MB/s in, missing {missing}, late {late}, e2e p99 '
            f'{fmt(r["e2e"]["p99"])} ms, {target} cpu {fmt(cpu.get(target))} -> {"PASS" if r["pass"] else "FAIL (" + r["limitedBy"] + ") " + r["why"]}')
        return r

    # ----- ladders

    def ladder(self, w, target, consumer, start):
        steps = []
        # warm-up (not judged): JIT-compiles the target's path and opens the producer's connections
        self.run_step(w, target, start, self.step_seconds + 2, 'warmup', consumer)
        rate = start
        best = None
        fail = None
        for i in range(self.max_steps):
            if rate / w.streams > 1000:
                break
            r = self.run_step(w, target, rate, self.step_seconds, f'step{i}', consumer)
            steps.append(r)
            if not r['pass'] and not r['missing'] and not r['failedConnections']:
                # a late or stalled step on shared cores may be one hiccup of the machine: the same rate once more
                # (never after a loss or a failed connection, which end the ladder at once)
                r = self.run_step(w, target, rate, self.step_seconds, f'step{i}-again', consumer)
                steps.append(r)
            if r['pass']:
                best = r
                rate *= self.factor
            else:
                fail = r
                break
        # one bisection between the last pass and the first failure
        if best and fail and fail['offeredFps'] / best['offeredFps'] > 1.2 and not self.quick:
            mid = (best['offeredFps'] * fail['offeredFps']) ** 0.5
            r = self.run_step(w, target, mid, self.step_seconds, 'bisect', consumer)
            steps.append(r)
            if r['pass']:
                best = r
        return best, steps

    # ----- JFR

    def jfr_record(self, name, seconds):
        path = os.path.join(self.out, 'profiles', name + '.jfr')
        os.makedirs(os.path.dirname(path), exist_ok=True)
        time.sleep(min(2.0, seconds / 4))  # skip connection set-up
        subprocess.run([self.jcmd_bin, str(self.gateway.pid), 'JFR.start', f'name={name}',
                        'settings=' + os.path.join(HERE, 'cpu-samples.jfc'),
                        f'duration={max(2, int(seconds * 0.7))}s', f'filename={path}'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def jfr_summary(self, name, wait=20):
        path = os.path.join(self.out, 'profiles', name + '.jfr')
        deadline = time.time() + wait
        while not os.path.exists(path) and time.time() < deadline:
            time.sleep(0.5)
        if not os.path.exists(path):
            return None
        time.sleep(1)
        proc = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ExecutionSample', path],
                              capture_output=True, text=True)
        try:
            events = json.loads(proc.stdout)['recording']['events']
        except (ValueError, KeyError):
            return None
        self_c, total_c, threads = Counter(), Counter(), Counter()
        for e in events:
            v = e['values']
            frames = (v.get('stackTrace') or {}).get('frames') or []
            thread = (v.get('sampledThread') or {}).get('javaName') or '?'
            threads[re.sub(r'[-#]?\d+$', '', thread)] += 1
            names = []
            for fr in frames:
                m = fr['method']
                names.append(f"{m['type']['name']}.{m['name']}")
            if names:
                self_c[names[0]] += 1
                for nm in set(names):
                    total_c[nm] += 1
        n = len(events)
        return {'file': os.path.relpath(path, self.out), 'samples': n,
                'self': [(k, c / n) for k, c in self_c.most_common(15)],
                'total': [(k, c / n) for k, c in total_c.most_common(40)
                          if k.startswith('io.meetingmedia') or 'kafka' in k or 'Base64' in k
                          or 'jackson' in k or 'netty' in k or 'vertx' in k][:25],
                'threads': [(k, c / n) for k, c in threads.most_common(8)]}

    # ----- Kafka-leg baselines

    def capture_payloads(self, w, n=16):
        from confluent_kafka import Consumer, TopicPartition
        c = Consumer({'bootstrap.servers': self.bootstrap, 'group.id': 'bench-capture', 'enable.auto.commit': False,
                      'fetch.message.max.bytes': 20 * 1024 * 1024, 'max.partition.fetch.bytes': 20 * 1024 * 1024})
        md = c.list_topics(w.topic, timeout=10)
        parts = []
        for p in md.topics[w.topic].partitions:
            low, high = c.get_watermark_offsets(TopicPartition(w.topic, p), timeout=10)
            if high > low:
                parts.append(TopicPartition(w.topic, p, max(low, high - 4)))
        c.assign(parts)
        values = []
        deadline = time.time() + 20
        while len(values) < n and time.time() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None and m.value():
                values.append(m.value())
        c.close()
        d = os.path.join(self.out, 'payloads', w.name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        files = []
        for i, v in enumerate(values):
            f = os.path.join(d, f'{i:02d}.bin')
            with open(f, 'wb') as fh:
                fh.write(v)
            files.append(f)
        # ProducerPerformance reads --payload-file as UTF-8 text split on a delimiter; bytes >= 0x80 would be
        # re-encoded (changing the size). Masking to 7 bits and replacing '\n' keeps every record exactly as long
        # as the real frame; with compression.type=none the broker never looks at the bytes.
        pp = os.path.join(d, 'producer-performance.txt')
        with open(pp, 'wb') as fh:
            fh.write(b'\n'.join(bytes(b & 0x7F if (b & 0x7F) != 0x0A else 0x20 for b in v) for v in values))
        return files, pp, (sum(map(len, values)) / len(values) if values else 0)

    def recreate_baseline_topic(self):
        from confluent_kafka.admin import AdminClient, NewTopic
        a = AdminClient({'bootstrap.servers': self.bootstrap})
        topic = 'bench.baseline'
        if topic in a.list_topics(timeout=10).topics:
            for f in a.delete_topics([topic]).values():
                f.result()
            time.sleep(2)
        for attempt in range(10):
            try:
                for f in a.create_topics([NewTopic(topic, 6, 1, config={'max.message.bytes': str(17 << 20)})]
                                         ).values():
                    f.result()
                break
            except Exception:  # the deletion may still be in progress
                time.sleep(1)
        return topic

    def kafka_limit(self, w, files, pp_file, mean_size):
        if not files:
            return None
        budget = (400e6 if self.quick else 1.5e9)
        records = int(max(500, min(200000, budget / max(mean_size, 1))))
        res = {'records': records, 'meanPayloadBytes': mean_size}
        topic = self.recreate_baseline_topic()
        cp = open(os.path.join(HERE, 'target', 'kafka-tools.classpath')).read().strip()
        props = ['bootstrap.servers=' + self.bootstrap, 'acks=all', 'enable.idempotence=true', 'linger.ms=5',
                 'batch.size=524288', f'max.request.size={17 << 20}', 'buffer.memory=268435456',
                 'send.buffer.bytes=1048576', 'compression.type=none']
        t0 = time.time()
        proc = subprocess.run([self.java_bin, '-Xmx1g', '-cp', cp, 'org.apache.kafka.tools.ProducerPerformance',
                               '--topic', topic, '--num-records', str(records), '--throughput', '-1',
                               '--payload-file', pp_file, '--payload-delimiter', '\n',
                               '--command-property', *props], capture_output=True, text=True)
        with open(os.path.join(self.logs, f'producer-performance-{w.name}.log'), 'w') as f:
            f.write(proc.stdout + proc.stderr)
        m = re.findall(r'(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, '
                       r'([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th',
                       proc.stdout)
        if m:
            s = m[-1]
            # ProducerPerformance's MB/sec is MiB/s; convert to MB/s like every other figure here
            res['producerPerformance'] = {'recordsPerSec': float(s[1]), 'MBps': float(s[1]) * mean_size / 1e6,
                                          'p50Ms': float(s[5]), 'p99Ms': float(s[7]), 'p999Ms': float(s[8]),
                                          'seconds': time.time() - t0}
        topic = self.recreate_baseline_topic()
        proc = subprocess.run([PY, os.path.join(HERE, 'rdkafka_perf.py'), '--bootstrap', self.bootstrap,
                               '--topic', topic, '--num-records', str(records), *files],
                              capture_output=True, text=True)
        with open(os.path.join(self.logs, f'rdkafka-{w.name}.log'), 'w') as f:
            f.write(proc.stdout + proc.stderr)
        try:
            res['librdkafka'] = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            pass
        best = max((v['recordsPerSec'] for k, v in res.items() if k in ('producerPerformance', 'librdkafka')),
                   default=None)
        res['limitFps'] = best
        res['limitMBps'] = best * mean_size / 1e6 if best else None
        log(f'  Kafka leg: ProducerPerformance {fmt((res.get("producerPerformance") or {}).get("recordsPerSec"))} '
            f'rec/s, librdkafka {fmt((res.get("librdkafka") or {}).get("recordsPerSec"))} rec/s '
            f'({records} records of {mean_size / 1000:.0f} KB)')
        self.recreate_baseline_topic()  # frees the disk
        return res

    # ----- workloads

    def run_workload(self, w):
        log(f'== {w.name}: {w.title}')
        entry = {'name': w.name, 'title': w.title, 'vendor': w.vendor, 'encoding': w.encoding,
                 'streams': w.streams, 'connections': w.bots * (w.streams_per_bot if w.vendor == 'recall-legacy'
                                                                else 1)}
        if not self.routes.get(w.vendor):
            entry['skipped'] = f'route /ingest/{w.vendor} is not in this build of the gateway (HTTP 404)'
            log('  skipped:', entry['skipped'])
            self.results['workloads'].append(entry)
            return
        consumer_proc, consumer = self.start_consumer(w.name, w.topic)
        try:
            best, steps = self.ladder(w, 'gateway', consumer, w.start_fps * self.args.start_scale)
            entry['ladder'] = steps
            if not best:
                entry['error'] = 'even the first step failed: ' + steps[0]['why']
                self.results['workloads'].append(entry)
                return
            entry['max'] = best
            files, pp_file, mean = self.capture_payloads(w)
            points = []
            for frac in (0.25, 0.5, 0.9):
                r = self.run_step(w, 'gateway', best['offeredFps'] * frac, self.point_seconds,
                                  f'{int(frac * 100)}pct', consumer)
                r['fraction'] = frac
                points.append(r)
            entry['points'] = points
            if not self.quick or not self.results['workloads']:
                # a separate step, so that the recording's overhead does not colour the latency points
                jfr = f'{w.name}-profile'
                r = self.run_step(w, 'gateway', best['offeredFps'] * 0.9, self.point_seconds * 1.5, 'profile',
                                  consumer, jfr=jfr)
                entry['profileStep'] = r
                entry['profile'] = self.jfr_summary(jfr)
            entry['kafka'] = self.kafka_limit(w, files, pp_file, mean)
            if w.relay and (not self.quick or w.name == 'recall-png-360p-smooth'):
                relay_best, relay_steps = self.ladder(w, 'relay', consumer, w.start_fps * self.args.start_scale)
                entry['relayLadder'] = relay_steps
                entry['relayMax'] = relay_best
        finally:
            consumer_proc.stop()
        self.results['workloads'].append(entry)
        self.save()

    def many_connections(self):
        """Many connections at vendor rates: heap per open connection and delivery at that scale."""
        vendor = 'attendee' if self.routes.get('attendee') else 'recall'
        base = next(w for w in WORKLOADS if w.vendor == vendor)
        w = Workload('many-connections', f'{vendor} 360p, 1 participant per connection', vendor,
                     ['--participants', '1', '--content', 'noisy' if vendor == 'attendee' else 'smooth',
                      '--size', '360p', '--frame-pool', '4'], 1, 1, 0, FRAMES)
        few = next((e for e in self.results['workloads'] if e.get('name') == base.name and e.get('max')), None)
        max_fps = few['max']['achievedFps'] if few else 400
        counts = [500] if self.quick else [1000, 2500, 5000, 10000]
        consumer_proc, consumer = self.start_consumer(w.name, w.topic)
        rows = []
        try:
            for n in counts:
                # vendor rate is 2 fps; on a small machine the aggregate must stay below ~50 % of the measured max
                fps = min(2.0, 0.5 * max_fps / n)
                ramp = max(2, n // 500)
                seconds = ramp + (10 if self.quick else 20)
                heap0 = self.heap_after_gc()
                metrics_port = self.mgmt_port

                def hook(sim, n=n, ramp=ramp):
                    deadline = time.time() + ramp + 60
                    opened = 0
                    while time.time() < deadline and running(sim.pid):
                        s = scrape(metrics_port)
                        opened = metric_sum(s, 'gateway_connections_open')
                        if opened >= n:
                            break
                        time.sleep(0.5)
                    time.sleep(2)
                    heap = self.heap_after_gc()
                    rss = proc_rss_mib(self.gateway.pid)
                    histo = subprocess.run([self.jcmd_bin, str(self.gateway.pid), 'GC.class_histogram'],
                                           capture_output=True, text=True).stdout
                    with open(os.path.join(self.logs, f'class-histogram-{n}conn.txt'), 'w') as fh:
                        fh.write(histo)
                    top = []
                    for line in histo.splitlines():
                        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
                        if m and len(top) < 12:
                            top.append((m.group(3), int(m.group(1)), int(m.group(2))))
                    return {'openConnections': opened, 'heapWhileOpenMiB': heap, 'rssWhileOpenMiB': rss,
                            'classHistogram': top}

                r = self.run_step(w, 'gateway', fps * n, seconds, f'{n}conn', consumer, bots=n,
                                  extra=['--ramp-seconds', str(ramp)], on_open=hook)
                r['heapBeforeMiB'] = heap0
                if r.get('heapWhileOpenMiB') is not None and heap0 is not None and r.get('openConnections'):
                    r['heapPerConnectionKiB'] = (r['heapWhileOpenMiB'] - heap0) * 1024 / r['openConnections']
                log(f'  {n} connections at {fps:.3f} fps: open {r.get("openConnections")}, heap '
                    f'{fmt(heap0)} -> {fmt(r.get("heapWhileOpenMiB"))} MiB, '
                    f'{fmt(r.get("heapPerConnectionKiB"))} KiB/connection')
                rows.append(r)
                if not r.get('openConnections') or r['openConnections'] < n:
                    break
        finally:
            consumer_proc.stop()
        self.results['many'] = {'vendor': vendor, 'rows': rows, 'fewConnectionMaxFps': max_fps}
        self.save()

    def heap_after_gc(self):
        subprocess.run([self.jcmd_bin, str(self.gateway.pid), 'GC.run'], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        try:
            return metric_sum(scrape(self.mgmt_port), 'jvm_memory_used_bytes', area='heap') / (1 << 20)
        except OSError:
            return None

    # ----- machine, save, run

    def machine(self):
        model = ''
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
        mem = ''
        with open('/proc/meminfo') as f:
            mem = f.readline().split()[1]
        jv = subprocess.run([self.java_bin, '-version'], capture_output=True, text=True).stderr.strip().splitlines()
        return {'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
                'cores': os.cpu_count(), 'cpu': model, 'ramGiB': round(int(mem) / 1024 / 1024, 1),
                'java': jv[1] if len(jv) > 1 else ' '.join(jv), 'kernel': platform.release(),
                'loadavgAtStart': open('/proc/loadavg').read().split()[:3], 'mode': 'quick' if self.quick else 'full',
                'jar': os.path.relpath(self.jar, ROOT), 'gatewayProducer': self.args.gateway_producer}

    def save(self):
        with open(os.path.join(self.out, 'results.json'), 'w') as f:
            json.dump(self.results, f, indent=1, default=str)

    def run(self):
        free = shutil.disk_usage(self.out).free
        need = 5e9 if self.quick else 20e9
        if free < need:
            sys.exit(f'only {free / 1e9:.0f} GB free under {self.out}; the broker writes up to {need / 1e9:.0f} GB '
                     f'per workload (deleted after each)')
        self.results['machine'] = self.machine()
        started = time.time()
        try:
            chosen = WORKLOADS
            if self.args.only:
                chosen = [w for w in WORKLOADS if w.name in self.args.only.split(',')]
            elif self.quick:
                chosen = [w for w in WORKLOADS if w.name in ('recall-png-360p-smooth', 'recall-legacy-720p-noisy')]
            jobs = [lambda w=w: self.run_workload(w) for w in chosen]
            if not self.args.only or 'many-connections' in self.args.only.split(','):
                jobs.append(self.many_connections)
            for job in jobs:
                # a fresh broker, gateway and relay per workload: every workload starts from the same state, and the
                # broker's data (tens of GB over a full run) is deleted as soon as the workload is done
                self.start_broker()
                self.start_gateway()
                self.start_relay()
                self.results['routes'] = self.routes
                try:
                    job()
                finally:
                    self.stop_all()
                    shutil.rmtree(os.path.join(self.out, 'kafka-data'), ignore_errors=True)
        finally:
            self.results['machine']['loadavgAtEnd'] = open('/proc/loadavg').read().split()[:3]
            self.results['machine']['wallMinutes'] = round((time.time() - started) / 60, 1)
            self.save()
            self.stop_all()
        import report
        report.write(self.out)


def fmt(v, digits=1):
    if v is None:
        return '–'
    if isinstance(v, float):
        return f'{v:.{digits}f}'
    return str(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--quick', action='store_true', help='smoke run: two workloads, short steps (~5 min)')
    ap.add_argument('--jar', default=os.path.join(ROOT, 'target', 'meeting-media-gateway.jar'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'target', 'bench'))
    ap.add_argument('--only', help='comma-separated workload names (and/or many-connections)')
    ap.add_argument('--late-tolerance', type=float, default=0.05,
                    help='share of frames that may be sent >100 ms late (or rate shortfall) in a passing step')
    ap.add_argument('--start-scale', type=float, default=1.0, help='scale every ladder start rate (busy machine)')
    ap.add_argument('--gateway-producer', action='append', default=[], metavar='KEY=VALUE',
                    help='Kafka producer property over the gateway defaults (repeatable), e.g. linger.ms=0')
    ap.add_argument('--java-home', default=os.environ.get('BENCH_JAVA_HOME'),
                    help='JDK for every Java process (default: java on PATH); the container image ships JRE 25')
    ap.add_argument('--report-only', action='store_true', help='rewrite report.md/latency.png from results.json')
    args = ap.parse_args()
    sys.path.insert(0, HERE)
    if args.report_only:
        import report
        report.write(os.path.abspath(args.out))
        return
    def terminate(*_):
        raise KeyboardInterrupt('terminated')
    # also when started in the background, where SIGINT is ignored
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    Bench(args).run()


if __name__ == '__main__':
    main()
