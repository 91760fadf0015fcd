#!/usr/bin/python3
"""The default benchmark (bench/run.sh): CPU per MB and saturated throughput of the gateway against hand-written
relays and Kafka's own producer, driven by a load generator that costs almost nothing (the jar's `blast` command).

Per workload, each target in its own process against one single-node broker, the same generator, the same run:
  gateway (default `java`)     the gateway jar
  gateway (image runtime)      the same jar on the container image's Java (Temurin 25), when installed
  python relay                 bench/python-relay/relay.py (asyncio websockets + confluent-kafka)
  minimal Vert.x relay         bench/minimal-vertx-relay/MinimalRelay.java, on both runtimes
  Kafka producer alone         Kafka's ProducerPerformance --payload-file with the same payloads, start-up subtracted
CPU = utime+stime of the target process (all threads) between the generator's start and the moment every frame it
wrote is in Kafka, divided by the decoded payload MB delivered. Throughput = payload MB / (generator's first to last
write + the time until the last record was in Kafka). Lost = frames written - records that reached the topic.
Then p99 hand-off -> Kafka ack of the gateway at 50 % of its saturated rate (the gateway's own histogram).
Every figure's meaning is in docs/benchmark.md.
"""
import argparse
import datetime
import json
import re
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from bench import (PY, Proc, free_port, histogram_quantiles, http_status, log, proc_cpu_seconds,  # noqa: E402
                   scrape, send_histogram)

TOPIC = 'meeting.video.frames'
IMAGE_JAVA = '/usr/lib/jvm/temurin-25-jdk-amd64'


class Workload:
    def __init__(self, name, title, route, blast_args, encoding):
        self.name, self.title, self.route, self.blast_args, self.encoding = name, title, route, blast_args, encoding


WORKLOADS = [
    Workload('recall-json-400k', 'Recall JSON, base64 360p noisy PNG (~410 KB)', 'recall',
             ['--size', '360p', '--content', 'noisy'], 'json'),
    Workload('recall-legacy-1600k', 'Recall legacy binary, 720p noisy PNG (~1.6 MB)', 'recall-legacy',
             ['--size', '720p', '--content', 'noisy'], 'binary'),
    Workload('recall-json-30k', 'Recall JSON, base64 360p smooth PNG (~30 KB)', 'recall',
             ['--size', '360p', '--content', 'smooth'], 'json'),
    Workload('recall-json-380b', 'Recall JSON, base64 16x16 PNG (381 bytes)', 'recall',
             ['--size', '16x16', '--content', 'smooth'], 'json'),
]


def topic_count(bootstrap, topic=TOPIC):
    from confluent_kafka import Consumer, TopicPartition
    c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'blast-bench-count'})
    try:
        md = c.list_topics(topic, timeout=10)
        t = md.topics.get(topic)
        if t is None or t.error is not None:
            return 0
        return sum(c.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in t.partitions)
    finally:
        c.close()


class BlastBench:
    def __init__(self, args):
        self.args = args
        self.jar = os.path.abspath(args.jar)
        self.out = os.path.abspath(args.out)
        self.logs = os.path.join(self.out, 'logs')
        os.makedirs(self.logs, exist_ok=True)
        self.seconds = args.seconds
        self.procs = []
        self.results = {'workloads': [], 'runtimes': {}}
        self.runtimes = {'default': 'java'}
        if not args.no_image_runtime and os.path.exists(os.path.join(args.image_java_home, 'bin', 'java')):
            self.runtimes['image'] = os.path.join(args.image_java_home, 'bin', 'java')

    # ----- processes

    def start_broker(self):
        self.kafka_port = free_port()
        data = os.path.join(self.out, 'kafka-data')
        shutil.rmtree(data, ignore_errors=True)
        self.broker = Proc('broker', ['java', '-Xmx1g', '-Xms1g', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-jar',
                                      self.jar, 'kafka', '--data-dir', data, '--port', str(self.kafka_port),
                                      '--controller-port', str(free_port())], os.path.join(self.logs, 'broker.log'))
        self.procs.append(self.broker)
        if not self.broker.wait_for_log('Kafka broker listening', 120):
            sys.exit('the Kafka broker did not start; see ' + self.broker.logfile)
        self.bootstrap = f'localhost:{self.kafka_port}'
        log('broker up at', self.bootstrap)

    def recreate_topic(self):
        from confluent_kafka.admin import AdminClient, NewTopic
        a = AdminClient({'bootstrap.servers': self.bootstrap})
        # deleting a topic that took a workload's gigabyte takes the broker a while; creating it again fails with
        # "marked for deletion" until then (15 s were too short after the 400 KB workload), and a deletion has been
        # seen not to take at all: it is asked for again every 20 s
        last = None
        for attempt in range(360):
            try:
                if attempt % 40 == 0 and TOPIC in a.list_topics(timeout=10).topics:
                    for f in a.delete_topics([TOPIC]).values():
                        f.result()
                for f in a.create_topics([NewTopic(TOPIC, 6, 1, config={'max.message.bytes': str(17 << 20)})]
                                         ).values():
                    f.result()
                return
            except Exception as e:  # the deletion may still be in progress
                last = e
                time.sleep(0.5)
        sys.exit(f'could not recreate {TOPIC}: {last}')

    def start_target(self, kind, java, tag, jar=None):
        port = free_port()
        logfile = os.path.join(self.logs, f'{tag}.log')
        if kind == 'gateway':
            mgmt = free_port()
            conf = {'$comment': 'written by bench/blast_bench.py',
                    'kafka': {'bootstrapServers': self.bootstrap, 'createTopics': True, 'partitions': 6},
                    'ingest': {'port': port}, 'management': {'port': mgmt}}
            merge(conf, json.loads(self.args.gateway_conf) if self.args.gateway_conf else {})
            path = os.path.join(self.out, f'gateway-{tag}.json')
            with open(path, 'w') as f:
                json.dump(conf, f)
            # on the image's runtime the gateway runs with the image's JVM options, as it ships
            base = [f'-Xmx{self.args.heap}', f'-Xms{self.args.heap}', '-XX:+UseG1GC', '-XX:+ExitOnOutOfMemoryError']
            image = [o for o in image_jvm_options() if o not in base] if java == self.runtimes.get('image') else []
            p = Proc(tag, [java, *base, *image, *self.args.gateway_jvm, '-jar', jar or self.jar, '--config', path],
                     logfile)
            p.mgmt = mgmt
            deadline = time.time() + 120
            while http_status(f'http://127.0.0.1:{mgmt}/health/ready') != 200:
                if time.time() > deadline or not p.alive():
                    sys.exit('the gateway did not become ready; see ' + logfile)
                time.sleep(0.3)
        elif kind == 'python':
            p = Proc(tag, [PY, os.path.join(HERE, 'python-relay', 'relay.py'), '--port', str(port), '--bootstrap',
                           self.bootstrap], logfile)
            if not p.wait_for_log('relay listening', 30):
                sys.exit('the Python relay did not start; see ' + logfile)
        else:
            p = Proc(tag, [java, f'-Xmx{self.args.heap}', f'-Xms{self.args.heap}', '-XX:+UseG1GC', '-cp', self.jar,
                           os.path.join(HERE, 'minimal-vertx-relay', 'MinimalRelay.java'), '--port', str(port),
                           '--bootstrap', self.bootstrap], logfile)
            if not p.wait_for_log('relay listening', 90):
                sys.exit('the minimal Vert.x relay did not start; see ' + logfile)
        p.port = port
        self.procs.append(p)
        return p

    def blast(self, w, port, tag, seconds, rate=None):
        summary = os.path.join(self.out, 'blast', f'{tag}.json')
        os.makedirs(os.path.dirname(summary), exist_ok=True)
        cmd = ['java', '-Xmx1g', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', self.jar, 'blast',
               '--url', f'ws://127.0.0.1:{port}/ingest/{w.route}', '--connections', str(self.args.connections),
               '--seconds', str(seconds), '--json-summary', summary, *w.blast_args]
        if rate:
            cmd += ['--rate', f'{rate:.1f}']
        with open(os.path.join(self.logs, f'{tag}.blast.log'), 'w') as lf:
            proc = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT)
            _pid, status, usage = os.wait4(proc.pid, 0)
        result = {}
        if os.path.exists(summary):
            with open(summary) as f:
                result = json.load(f)
        result['exit'] = os.waitstatus_to_exitcode(status)
        result['generatorProcessCpuSeconds'] = usage.ru_utime + usage.ru_stime
        return result

    def measure(self, w, target, label):
        """See measure_once; adds where the target's CPU went in the measured part, per group of threads (names
        without their numbers)."""
        tag = f'{w.name}-{label}'
        if self.args.warmup > 0:
            # unmeasured: every target (JVMs above all) is measured warm, after JIT compilation. In two blasts, so that
            # the measured one is the generator's third set of connections: the first close of a JVM target's sockets
            # sent C2 back to recompile ~60 hot methods (PrintCompilation: their first close path is an uncommon
            # trap), which took 2-3 s of CPU in the measured part; a busy gateway has connections come and go
            for part, seconds in (('warmup', self.args.warmup * 0.8), ('warmup2', self.args.warmup * 0.2)):
                start = topic_count(self.bootstrap)
                wb = self.blast(w, target.port, f'{tag}-{part}', seconds)
                deadline = time.time() + 15
                while topic_count(self.bootstrap) - start < wb.get('framesWritten', 0) and time.time() < deadline:
                    time.sleep(0.1)
        threads0 = thread_cpu(target.pid)
        r = self.measure_once(w, target, label)
        threads1 = thread_cpu(target.pid)
        groups = {}
        for tid, (name, cpu) in threads1.items():
            group = name.rstrip('0123456789#-').strip() or name
            groups[group] = groups.get(group, 0.0) + cpu - threads0.get(tid, (name, 0.0))[1]
        top = sorted(((g, c) for g, c in groups.items() if c > 0), key=lambda gc: -gc[1])[:8]
        r['threadCpuSeconds'] = {g: round(c, 2) for g, c in top}
        # the JIT compilers' share: a transient of the first minutes (per-message methods of a 140 msg/s workload
        # reach C2's thresholds only after ~60 s), reported beside the headline figure, never instead of it
        jit = sum(c for g, c in groups.items() if g.startswith(('C1 CompilerThre', 'C2 CompilerThre')))
        if r.get('cpuMsPerMB') and r.get('cpuSeconds'):
            mb = r['cpuSeconds'] * 1000 / r['cpuMsPerMB']
            r['jitCpuSeconds'] = round(jit, 2)
            r['cpuMsPerMBNoJit'] = (r['cpuSeconds'] - jit) * 1000 / mb
        log('    threads: ' + ', '.join(f'{g} {c:.2f}s' for g, c in top))
        return r

    def measure_once(self, w, target, label):
        """One saturated blast at the target; CPU per MB of the target and the generator, throughput, loss."""
        tag = f'{w.name}-{label}'
        before = topic_count(self.bootstrap)
        pids = {'target': target.pid, 'broker': self.broker.pid}
        cpu0 = {k: proc_cpu_seconds(p) for k, p in pids.items()}
        t0 = time.time()
        b = self.blast(w, target.port, tag, self.seconds)
        t_exit = time.time()
        expected = b.get('framesWritten', 0)
        last, last_change, count = -1, time.time(), before
        while True:
            count = topic_count(self.bootstrap)
            if count - before >= expected:
                break
            if count != last:
                last, last_change = count, time.time()
            if time.time() - last_change > 10:
                break
            time.sleep(0.1)
        t_done = time.time()
        cpu1 = {k: proc_cpu_seconds(p) for k, p in pids.items()}
        delivered = count - before
        mb = b.get('payloadBytes', 0) / 1e6 * (delivered / expected if expected else 0)
        wall = (b.get('wallSeconds') or 0) + max(0.0, t_done - t_exit)
        cpu = {k: cpu1[k] - cpu0[k] for k in pids}
        r = {'label': label, 'framesWritten': expected, 'records': delivered, 'lost': max(0, expected - delivered),
             'failedConnections': b.get('failed'), 'payloadMB': mb, 'seconds': wall,
             'MBps': mb / wall if wall else None, 'msgPerSec': delivered / wall if wall else None,
             'cpuSeconds': cpu['target'], 'cpuMsPerMB': cpu['target'] * 1000 / mb if mb else None,
             'cpuUsPerMsg': cpu['target'] * 1e6 / delivered if delivered else None,
             'targetCores': cpu['target'] / (t_done - t0), 'brokerCpuMsPerMB': cpu['broker'] * 1000 / mb if mb else None,
             'generatorCpuSeconds': b.get('processCpuSeconds'), 'generatorWriterCpuSeconds': b.get('cpuSeconds'),
             'generatorCores': (b.get('processCpuSeconds') or 0) / (b.get('wallSeconds') or 1),
             'meanPayloadBytes': b.get('meanImageBytes')}
        # generator-limited only when the generator itself is CPU-bound: its writer threads busy for (nearly) the
        # whole run on every core they could have used
        r['generatorLimited'] = r['generatorCores'] >= 0.9 * min(os.cpu_count(), self.args.connections)
        log(f'  {label:<22} {r["MBps"] or 0:7.1f} MB/s {r["msgPerSec"] or 0:9.0f} msg/s  '
            f'{r["cpuMsPerMB"] or 0:6.2f} ms/MB {r["cpuUsPerMsg"] or 0:7.1f} us/msg  lost {r["lost"]}  '
            f'generator {r["generatorCores"]:.2f} cores')
        return r

    def latency(self, w, target, label, rate):
        """The gateway at a fixed rate: hand-off -> Kafka ack quantiles from its own histogram."""
        tag = f'{w.name}-{label}'
        before = send_histogram(scrape(target.mgmt))
        t0_count = topic_count(self.bootstrap)
        b = self.blast(w, target.port, tag, self.seconds, rate=rate)
        deadline = time.time() + 15
        while topic_count(self.bootstrap) - t0_count < b.get('framesWritten', 0) and time.time() < deadline:
            time.sleep(0.1)
        delivered = topic_count(self.bootstrap) - t0_count
        after = send_histogram(scrape(target.mgmt))
        q, n = histogram_quantiles(before, after, (0.5, 0.99, 0.999))
        r = {'label': label, 'rate': rate, 'framesWritten': b.get('framesWritten'), 'records': delivered,
             'lost': max(0, (b.get('framesWritten') or 0) - delivered), 'p50Ms': q.get(0.5), 'p99Ms': q.get(0.99),
             'p999Ms': q.get(0.999), 'observations': n,
             'achievedMsgPerSec': (b.get('framesWritten') or 0) / (b.get('wallSeconds') or 1)}
        log(f'  {label:<22} {rate:.0f} msg/s offered: hand-off->ack p50 {r["p50Ms"] or 0:.1f} p99 '
            f'{r["p99Ms"] or 0:.1f} p99.9 {r["p999Ms"] or 0:.1f} ms, lost {r["lost"]}')
        return r

    def producer_perf(self, w, java, tag, records, throughput=-1, extra=()):
        """Kafka's ProducerPerformance with w's payloads and the gateway's producer settings.

        Returns (CPU seconds, wall seconds, the summary line it printed last)."""
        d = os.path.join(self.out, 'payloads')
        os.makedirs(d, exist_ok=True)
        pfile = os.path.join(d, f'{w.name}.txt')
        if not os.path.exists(pfile):
            self.payload_size(w)
        cp = open(os.path.join(HERE, 'target', 'kafka-tools.classpath')).read().strip()
        props = ['bootstrap.servers=' + self.bootstrap, 'acks=all', 'enable.idempotence=true', 'linger.ms=1',
                 'batch.size=524288', f'max.request.size={17 << 20}', 'compression.type=none',
                 'send.buffer.bytes=1048576', 'max.in.flight.requests.per.connection=5']
        cmd = [java, '-Xmx1g', '-cp', cp, 'org.apache.kafka.tools.ProducerPerformance', '--topic', TOPIC,
               '--num-records', str(records), '--throughput', f'{throughput:.0f}', '--payload-file', pfile,
               '--payload-delimiter', '\n', *extra, '--command-property', *props]
        path = os.path.join(self.logs, f'{w.name}-{tag}-{records}.log')
        t0 = time.time()
        with open(path, 'w') as lf:
            p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT)
            _pid, status, usage = os.wait4(p.pid, 0)
        # the last summary: with --warmup-records it is the steady state's
        summary = [line for line in open(path) if '50th' in line]
        return usage.ru_utime + usage.ru_stime, time.time() - t0, summary[-1] if summary else ''

    def payload_size(self, w):
        """Writes w's payloads for ProducerPerformance (one per line) and returns their mean size."""
        d = os.path.join(self.out, 'payloads')
        os.makedirs(d, exist_ok=True)
        info = json.loads(subprocess.run(
            ['java', '-jar', self.jar, 'blast', '--payload-file', os.path.join(d, f'{w.name}.txt'), *w.blast_args],
            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
        return info['meanImageBytes']

    def producer_alone(self, w, java, label):
        """Kafka's ProducerPerformance at full speed: CPU per MB with its JVM start-up subtracted."""
        size = self.payload_size(w)
        records = int(min(400000, max(2000, self.args.producer_mb * 1e6 / size)))
        startup_cpu, startup_wall, _ = self.producer_perf(w, java, label, 1)
        cpu, wall, _ = self.producer_perf(w, java, label, records)
        mb = records * size / 1e6
        r = {'label': label, 'records': records, 'payloadMB': mb, 'startupCpuSeconds': startup_cpu,
             'cpuSeconds': cpu - startup_cpu, 'cpuMsPerMB': (cpu - startup_cpu) * 1000 / mb,
             'cpuUsPerMsg': (cpu - startup_cpu) * 1e6 / records,
             'MBps': mb / max(0.1, wall - startup_wall), 'meanPayloadBytes': size}
        log(f'  {label:<22} {r["MBps"]:7.1f} MB/s {records / max(0.1, wall - startup_wall):9.0f} msg/s  '
            f'{r["cpuMsPerMB"]:6.2f} ms/MB {r["cpuUsPerMsg"]:7.1f} us/msg (start-up {startup_cpu:.1f} s subtracted)')
        return r

    def producer_latency(self, w, java, label, rate):
        """The floor of hand-off -> ack on this machine: Kafka's producer alone, same payloads, same rate, same
        broker, no WebSocket and no generator; its send -> callback quantiles."""
        # 3 s of warm-up records left out of the quantiles: the JVM's start and the first metadata fetch
        warmup = max(10, int(rate * 3))
        records = warmup + max(50, int(rate * self.seconds))
        _cpu, _wall, line = self.producer_perf(w, java, label, records, throughput=rate,
                                               extra=('--warmup-records', str(warmup)))
        q = {k: float(v) for v, k in re.findall(r'([0-9.]+) ms (50th|99th|99\.9th)', line)}
        r = {'label': label, 'rate': rate, 'records': records, 'p50Ms': q.get('50th'), 'p99Ms': q.get('99th'),
             'p999Ms': q.get('99.9th'), 'achievedMsgPerSec': float((re.findall(r'([0-9.]+) records/sec', line)
                                                                   or ['0'])[0]), 'lost': 0}
        log(f'  {label:<22} {rate:.0f} msg/s offered: send->ack p50 {r["p50Ms"] or 0:.1f} p99 {r["p99Ms"] or 0:.1f}'
            f' p99.9 {r["p999Ms"] or 0:.1f} ms (Kafka producer alone)')
        return r

    def stop(self, p):
        p.stop()
        self.procs.remove(p)

    # ----- run

    def run_workload(self, w):
        log(f'== {w.name}: {w.title}')
        entry = {'name': w.name, 'title': w.title, 'route': '/ingest/' + w.route, 'encoding': w.encoding,
                 'runs': {}, 'latency': {}}
        wanted = self.args.targets.split(',')
        targets = []
        for rounds in range(self.args.rounds):
            suffix = f'-r{rounds + 1}' if self.args.rounds > 1 else ''
            if 'gateway' in wanted:
                for rt, java in self.runtimes.items():
                    if self.args.compare_jar:
                        # A/B: the other build first, then this one, same runtime, back to back
                        targets.append(('gateway', java, f'compare-{rt}{suffix}', self.args.compare_jar))
                    targets.append(('gateway', java, f'gateway-{rt}{suffix}', None))
            if 'python' in wanted:
                targets.append(('python', None, f'python-relay{suffix}', None))
            if 'minimal' in wanted:
                for rt, java in self.runtimes.items():
                    targets.append(('minimal', java, f'minimal-vertx-{rt}{suffix}', None))
        for kind, java, label, jar in targets:
            self.recreate_topic()
            t = self.start_target(kind, java, f'{w.name}-{label}', jar)
            try:
                entry['runs'][label] = self.measure(w, t, label)
                if kind == 'gateway' and w.name in self.args.latency_workloads.split(','):
                    sat = entry['runs'][label]['msgPerSec'] or 0
                    if sat > 0:
                        entry['latency'][label] = self.latency(w, t, f'{label}-50pct', sat * 0.5)
            finally:
                self.stop(t)
        self.recreate_topic()
        for rt, java in self.runtimes.items() if 'producer' in wanted else ():
            entry['runs'][f'producer-{rt}'] = self.producer_alone(w, java, f'producer-{rt}')
            gateway = entry['latency'].get(f'gateway-{rt}')
            if gateway:
                self.recreate_topic()
                entry['latency'][f'producer-{rt}'] = self.producer_latency(w, java, f'producer-{rt}-50pct',
                                                                            gateway['rate'])
        self.recreate_topic()
        self.results['workloads'].append(entry)
        self.save()

    def save(self):
        with open(os.path.join(self.out, 'results.json'), 'w') as f:
            json.dump(self.results, f, indent=1, default=str)

    def machine(self):
        model = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '')
        jv = {}
        for rt, java in self.runtimes.items():
            out = subprocess.run([java, '-version'], capture_output=True, text=True).stderr.strip().splitlines()
            jv[rt] = out[1] if len(out) > 1 else ' '.join(out)
        return {'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
                'cores': os.cpu_count(), 'cpu': model, 'kernel': platform.release(), 'java': jv,
                'loadavgAtStart': open('/proc/loadavg').read().split()[:3], 'seconds': self.seconds,
                'connections': self.args.connections, 'heap': self.args.heap}

    def run(self):
        self.results['machine'] = self.machine()
        started = time.time()
        chosen = WORKLOADS
        if self.args.only:
            chosen = [w for w in WORKLOADS if w.name in self.args.only.split(',')]
        try:
            self.start_broker()
            for w in chosen:
                self.run_workload(w)
        finally:
            for p in reversed(self.procs):
                p.stop()
            self.results['machine']['loadavgAtEnd'] = open('/proc/loadavg').read().split()[:3]
            self.results['machine']['wallMinutes'] = round((time.time() - started) / 60, 1)
            self.save()
            shutil.rmtree(os.path.join(self.out, 'kafka-data'), ignore_errors=True)
        import blast_report
        print(blast_report.write(self.out))


def image_jvm_options():
    """The -XX options of the image's JAVA_TOOL_OPTIONS (docker/Dockerfile), but its heap sizing: the benchmark
    gives every JVM the same -Xmx."""
    text = open(os.path.join(HERE, '..', 'docker', 'Dockerfile')).read()
    m = re.search(r'JAVA_TOOL_OPTIONS="([^"]*)"', text)
    return [o for o in (m.group(1).split() if m else [])
            if o.startswith('-XX:') and 'RAMPercentage' not in o and 'HeapSize' not in o]


def merge(into, extra):
    """Deep-merges the JSON object extra into into."""
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            merge(into[k], v)
        else:
            into[k] = v


def thread_cpu(pid):
    """{tid: (name, utime+stime seconds)} of every thread of a process (Linux /proc)."""
    out = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                raw = f.read()
            name = raw[raw.index('(') + 1:raw.rindex(')')]
            fields = raw.rsplit(')', 1)[1].split()
            out[tid] = (name, (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK'))
        except (OSError, ValueError, IndexError):
            continue
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--jar', default=os.path.join(ROOT, 'target', 'meeting-media-gateway.jar'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'target', 'bench'))
    ap.add_argument('--only', help='comma-separated workload names')
    ap.add_argument('--seconds', type=float, default=12, help='seconds per saturated blast (default 12)')
    ap.add_argument('--warmup', type=float, default=45,
                    help='unmeasured seconds of load before each measurement, in two blasts of 80 and 20 %% (default 45: '
                    'under saturation on 2 shared cores C2 still compiled ~180 methods between 30 and 42 s, 2.6 s of CPU '
                    'in a 12 s measurement after 25 s of warm-up, 0.5 s after 45 s)')
    ap.add_argument('--connections', type=int, default=8)
    ap.add_argument('--heap', default='1g', help='-Xmx/-Xms of the gateway and the minimal Vert.x relay')
    ap.add_argument('--gateway-jvm', action='append', default=[], help='extra JVM flag for the gateway')
    ap.add_argument('--producer-mb', type=float, default=1200, help='MB per ProducerPerformance run')
    ap.add_argument('--latency-workloads', default='recall-json-400k,recall-legacy-1600k')
    ap.add_argument('--image-java-home', default=IMAGE_JAVA)
    ap.add_argument('--no-image-runtime', action='store_true')
    ap.add_argument('--report-only', action='store_true')
    ap.add_argument('--targets', default='gateway,python,minimal,producer',
                    help='comma-separated subset of gateway,python,minimal,producer (default all)')
    ap.add_argument('--compare-jar', help='another gateway build, measured right before this one on every runtime '
                    '(label compare-<runtime>): a back-to-back A/B on the same broker')
    ap.add_argument('--gateway-conf', help='JSON object merged into the gateway configuration the benchmark writes')
    ap.add_argument('--rounds', type=int, default=1, help='measure every target this many times, interleaved')
    args = ap.parse_args()
    if args.report_only:
        import blast_report
        print(blast_report.write(os.path.abspath(args.out)))
        return
    BlastBench(args).run()


if __name__ == '__main__':
    main()
