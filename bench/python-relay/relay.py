#!/usr/bin/python3
"""The comparator: a WebSocket-to-Kafka relay written the way users typically write one.

One Python process, the `websockets` asyncio server and a confluent-kafka (librdkafka) producer. It parses each
vendor message with json.loads, base64-decodes the media and produces the bytes to Kafka with acks=all and idempotence. Like most
hand-written relays it has no back-pressure toward the socket (it only waits when librdkafka's local queue is
full), no dead-letter handling and no delivery guarantee: a failed delivery is counted and printed, nothing more.

The only additions for the benchmark: the record key is <botId>:<participantId> and two headers (ce_seq,
ce_videosource) are set, counted per stream per connection like the gateway does, so that the benchmark's consumer
joins relay records with the simulator's send log exactly as it joins the gateway's.

Routes (same paths as the gateway, so the simulator can target it with --gateway http://localhost:PORT):
  /ingest/recall         Recall real-time endpoint JSON, video_separate_png.data (base64 PNG)
  /ingest/attendee       Attendee JSON, realtime_video.per_participant (base64 JPEG)
  /ingest/recall-legacy  text hello, then binary u32le participant, u32le ms, PNG
  /ingest/meetstream     JSON control messages (pings answered), binary fMP4 chunks

usage: /usr/bin/python3 relay.py --port 8090 --bootstrap localhost:9092
"""
import argparse
import asyncio
import base64
import json
import signal
import struct
import time

import websockets
from confluent_kafka import Producer

FRAMES = 'meeting.video.frames'
FMP4 = 'meeting.video.fmp4'

stats = {'messages': 0, 'produced': 0, 'delivered': 0, 'failed': 0}


def on_delivery(err, msg):
    if err is not None:
        stats['failed'] += 1
        print('delivery failed:', err, flush=True)
    else:
        stats['delivered'] += 1


class Relay:
    def __init__(self, producer):
        self.producer = producer

    async def produce(self, topic, key, value, seq, source):
        headers = [('ce_seq', str(seq).encode())]
        if source:
            headers.append(('ce_videosource', source.encode()))
        while True:
            try:
                self.producer.produce(topic, value=value, key=key, headers=headers, on_delivery=on_delivery)
                break
            except BufferError:
                # librdkafka's queue is full: serve delivery reports and try again
                self.producer.poll(0.05)
                await asyncio.sleep(0)
        stats['produced'] += 1
        self.producer.poll(0)

    async def handler(self, ws, path=None):
        path = (path or ws.path).split('?', 1)[0].rstrip('/')
        seqs = {}

        def next_seq(stream):
            n = seqs.get(stream, 0)
            seqs[stream] = n + 1
            return n

        bot_id = None
        async for message in ws:
            stats['messages'] += 1
            if path == '/ingest/recall':
                msg = json.loads(message)
                if msg.get('event') != 'video_separate_png.data':
                    continue
                data = msg['data']
                frame = data['data']
                png = base64.b64decode(frame['buffer'])
                bot = data['bot']['id']
                participant = str(frame['participant']['id'])
                source = frame.get('type', 'webcam')
                await self.produce(FRAMES, f'{bot}:{participant}', png,
                                   next_seq((participant, source)), source)
            elif path == '/ingest/attendee':
                msg = json.loads(message)
                if msg.get('trigger') != 'realtime_video.per_participant':
                    continue
                data = msg['data']
                jpeg = base64.b64decode(data['frame'])
                participant = data['participant_uuid']
                source = data.get('source', 'webcam')
                await self.produce(FRAMES, f"{msg['bot_id']}:{participant}", jpeg,
                                   next_seq((participant, source)), source)
            elif path == '/ingest/recall-legacy':
                if isinstance(message, str):
                    bot_id = json.loads(message)['bot_id']
                    continue
                participant, _ms = struct.unpack_from('<II', message, 0)
                await self.produce(FRAMES, f'{bot_id}:{participant}', message[8:],
                                   next_seq((participant, '')), '')
            elif path == '/ingest/meetstream':
                if isinstance(message, str):
                    msg = json.loads(message)
                    if msg.get('type') == 'video_stream_start':
                        bot_id = msg['bot_id']
                    elif msg.get('type') == 'video_latency_ping':
                        await ws.send(json.dumps({'type': 'video_latency_pong', 'seq': msg['seq'],
                                                  'sent_at_ms': msg['sent_at_ms'],
                                                  'server_received_at_ms': int(time.time() * 1000),
                                                  'bot_id': msg.get('bot_id', bot_id)}))
                    continue
                await self.produce(FMP4, f'{bot_id}:mixed', message, next_seq('chunk'), '')
            else:
                await ws.close(1008, 'unknown route')
                return


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, default=8090)
    ap.add_argument('--bootstrap', default='localhost:9092')
    args = ap.parse_args()
    producer = Producer({
        'bootstrap.servers': args.bootstrap,
        'acks': 'all',
        'enable.idempotence': True,
        'message.max.bytes': 16 * 1024 * 1024,
    })
    relay = Relay(producer)
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with websockets.serve(relay.handler, '0.0.0.0', args.port, max_size=16 * 1024 * 1024):
        print(f'relay listening on {args.port}', flush=True)
        while not stop.done():
            await asyncio.wait([stop], timeout=0.1)
            producer.poll(0)
    producer.flush(30)
    print(json.dumps(stats), flush=True)


if __name__ == '__main__':
    asyncio.run(main())
