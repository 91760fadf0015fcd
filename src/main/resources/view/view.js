// Live view client: no build step, no dependencies. Protocol: docs/asyncapi.yaml (channel liveView) and README.
'use strict';

const bots = new Map(); // botId -> {section, title, tiles: Map(key -> tile), participants: Map(id -> name)}
const statusLine = document.getElementById('status');
const tokenInput = document.getElementById('token');
const params = new URLSearchParams(location.search);
let socket = null;

function setStatus(text, error) {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', !!error);
}

function token() {
  return sessionStorage.getItem('viewToken') || '';
}

async function login() {
  const t = token();
  let response;
  try {
    response = await fetch('session', { headers: t ? { Authorization: 'Bearer ' + t } : {} });
  } catch (e) {
    setStatus('gateway unreachable, retrying…', true);
    setTimeout(login, 2000);
    return;
  }
  if (response.status === 401 || response.status === 429) {
    const body = await response.json().catch(() => ({}));
    setStatus(response.status === 429 ? 'too many failed logins, wait a minute'
      : (t ? 'token refused (' + (body.error || 401) + ')' : 'enter your tenant token'), true);
    tokenInput.focus();
    return;
  }
  const session = await response.json();
  connect(session);
}

function connect(session) {
  if (socket) {
    socket.onclose = null;
    socket.close();
  }
  const query = new URLSearchParams();
  if (token()) query.set('token', token());
  for (const name of ['bot', 'participant']) {
    if (params.get(name)) query.set(name, params.get(name));
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(scheme + '//' + location.host + '/view/ws?' + query.toString());
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => setStatus(session.open ? 'live · development mode (no tenants): every bot is shown'
    : 'live · tenant ' + session.tenant);
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') {
      onJson(JSON.parse(event.data));
    } else {
      onFrame(event.data);
    }
  };
  socket.onclose = (event) => {
    setStatus('disconnected (' + event.code + '), reconnecting…', true);
    setTimeout(login, 2000);
  };
}

document.getElementById('login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem('viewToken', tokenInput.value.trim());
  tokenInput.value = '';
  for (const id of [...bots.keys()]) removeBot(id);
  login();
});

function onJson(message) {
  if (message.type === 'bot') {
    updateBot(message);
  } else if (message.type === 'bot.removed') {
    removeBot(message.bot);
  } else if (message.type === 'resync') {
    resync(message);
  }
}

function botView(id) {
  let bot = bots.get(id);
  if (!bot) {
    const section = document.createElement('section');
    section.className = 'bot';
    section.dataset.bot = id;
    const title = document.createElement('h2');
    const tiles = document.createElement('div');
    tiles.className = 'tiles';
    section.append(title, tiles);
    document.getElementById('bots').append(section);
    bot = { section, title, tilesBox: tiles, tiles: new Map(), participants: new Map(), vendor: '', state: 'unknown' };
    bots.set(id, bot);
    document.getElementById('empty').hidden = true;
    renderTitle(id, bot);
  }
  return bot;
}

function renderTitle(id, bot) {
  const names = [...bot.participants.entries()]
    .map(([pid, name]) => name ? name + ' (' + pid + ')' : (pid === 'mixed' ? 'composite stream' : pid));
  bot.title.textContent = 'bot ' + id + ' · ' + (bot.vendor || 'vendor?') + ' · ';
  const state = document.createElement('span');
  state.className = 'state state-' + bot.state;
  state.textContent = bot.state === 'unknown' ? 'streaming' : 'connection ' + bot.state;
  bot.title.append(state, document.createTextNode(' · ' + (names.join(', ') || 'no participant yet')));
}

function updateBot(message) {
  const bot = botView(message.bot);
  bot.vendor = message.vendor || bot.vendor;
  bot.state = message.state;
  bot.participants = new Map(message.participants.map((p) => [p.id, p.name]));
  renderTitle(message.bot, bot);
  for (const [key, tile] of [...bot.tiles]) {
    if (!bot.participants.has(tile.participant)) {
      removeTile(bot, key);
    } else {
      tile.name.textContent = label(bot, tile.participant, tile.source);
    }
  }
}

function removeBot(id) {
  const bot = bots.get(id);
  if (!bot) return;
  for (const key of [...bot.tiles.keys()]) removeTile(bot, key);
  bot.section.remove();
  bots.delete(id);
  document.getElementById('empty').hidden = bots.size > 0;
}

function removeTile(bot, key) {
  const tile = bot.tiles.get(key);
  if (tile.url) URL.revokeObjectURL(tile.url);
  resetFmp4(tile);
  tile.figure.remove();
  bot.tiles.delete(key);
}

function label(bot, participant, source) {
  if (participant === 'mixed' && source === 'mixed') return 'whole meeting (composite video)';
  const name = bot.participants.get(participant);
  return (name || participant) + ' · ' + source;
}

function tileFor(header, video) {
  const bot = botView(header.bot);
  const key = header.participant + '\u0000' + header.source;
  let tile = bot.tiles.get(key);
  if (!tile) {
    const figure = document.createElement('figure');
    figure.dataset.bot = header.bot;
    figure.dataset.participant = header.participant;
    figure.dataset.source = header.source;
    const media = document.createElement(video ? 'video' : 'img');
    if (video) {
      media.muted = true;
      media.autoplay = true;
      media.playsInline = true;
    } else {
      media.alt = 'latest frame of ' + header.participant + ' (' + header.source + ')';
    }
    const caption = document.createElement('figcaption');
    const name = document.createElement('span');
    const stats = document.createElement('span');
    stats.className = 'stats';
    caption.append(name, stats);
    figure.append(media, caption);
    bot.tilesBox.append(figure);
    tile = { figure, media, name, stats, participant: header.participant, source: header.source, arrivals: [] };
    bot.tiles.set(key, tile);
    if (header.name && !bot.participants.get(header.participant)) bot.participants.set(header.participant, header.name);
    name.textContent = label(bot, header.participant, header.source);
  }
  return tile;
}

function onFrame(data) {
  const view = new DataView(data);
  const headerLength = view.getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(data, 4, headerLength)));
  const payload = new Uint8Array(data, 4 + headerLength);
  const video = (header.contentType || '').startsWith('video/mp4');
  const tile = tileFor(header, video);
  const now = performance.now();
  tile.arrivals.push(now);
  while (tile.arrivals.length && now - tile.arrivals[0] > 2000) tile.arrivals.shift();
  tile.receivedAt = Date.parse(header.receivedAt || header.time);
  if (video) {
    appendFmp4(tile, header, payload);
    return;
  }
  const previous = tile.url;
  tile.url = URL.createObjectURL(new Blob([payload], { type: header.contentType }));
  tile.media.onload = () => {
    if (previous) URL.revokeObjectURL(previous);
  };
  tile.media.src = tile.url;
}

// MeetStream fMP4 through Media Source Extensions. The gateway sends the init segment (its header names the codecs,
// read from the segment), then the chunks in order from a fragment boundary on. A 'resync' text message means it
// dropped chunks (this page fell behind) or the bot began a new stream: the SourceBuffer is thrown away and the
// next init segment starts a new one, so parts of different fragments are never spliced together.
function appendFmp4(tile, header, payload) {
  if (header.init) {
    resetFmp4(tile);
    const type = 'video/mp4; codecs="' + (header.codec || '') + '"';
    if (!header.codec || !MediaSource.isTypeSupported(type)) {
      tile.fmp4Error = header.codec ? 'this browser cannot play ' + type : 'unknown codecs in the init segment';
      return;
    }
    const source = new MediaSource();
    tile.queue = [payload];
    tile.mediaSource = source;
    tile.mediaUrl = URL.createObjectURL(source);
    tile.media.liveMediaSource = source; // for tests and scripts: its sourceBuffers show what is buffered
    tile.media.src = tile.mediaUrl;
    source.addEventListener('sourceopen', () => {
      if (tile.mediaSource !== source) return;
      tile.buffer = source.addSourceBuffer(type);
      tile.buffer.mode = 'segments';
      tile.buffer.addEventListener('updateend', () => pump(tile));
      pump(tile);
    }, { once: true });
    return;
  }
  if (!tile.queue) return; // waiting for an init segment
  tile.queue.push(payload);
  pump(tile);
}

function resync(message) {
  const bot = bots.get(message.bot);
  if (!bot) return;
  for (const tile of bot.tiles.values()) {
    if (tile.media.tagName === 'VIDEO') {
      resetFmp4(tile);
      tile.resyncs = (tile.resyncs || 0) + 1;
    }
  }
}

function resetFmp4(tile) {
  tile.queue = null;
  tile.buffer = null;
  tile.mediaSource = null;
  tile.fmp4Error = null;
  if (tile.mediaUrl) {
    URL.revokeObjectURL(tile.mediaUrl);
    tile.mediaUrl = null;
  }
}

function pump(tile) {
  const buffer = tile.buffer;
  if (!buffer || buffer.updating) return;
  const video = tile.media;
  try {
    const ranges = buffer.buffered;
    if (ranges.length) {
      const start = ranges.start(ranges.length - 1);
      const end = ranges.end(ranges.length - 1);
      if (video.currentTime < start || end - video.currentTime > 3) {
        // start where the data is (fragments keep the stream's timestamps), then stay close to live
        video.currentTime = Math.max(start, end - 1);
      }
      if (video.currentTime - ranges.start(0) > 30) {
        buffer.remove(ranges.start(0), video.currentTime - 10);
        return;
      }
    }
    if (!tile.queue || !tile.queue.length) return;
    buffer.appendBuffer(tile.queue.shift());
    if (video.paused) video.play().catch(() => {});
  } catch (e) {
    tile.fmp4Error = 'playback error: ' + e.name;
  }
}

setInterval(() => {
  const now = Date.now();
  for (const bot of bots.values()) {
    for (const tile of bot.tiles.values()) {
      const perf = performance.now();
      while (tile.arrivals.length && perf - tile.arrivals[0] > 2000) tile.arrivals.shift();
      let fps = tile.arrivals.length / 2;
      if (tile.media.tagName === 'VIDEO') {
        // frames decoded, not chunks received
        const decoded = tile.media.getVideoPlaybackQuality().totalVideoFrames;
        fps = tile.decodedBefore === undefined ? 0 : Math.max(0, decoded - tile.decodedBefore) * 2;
        tile.decodedBefore = decoded;
      }
      const age = Number.isFinite(tile.receivedAt) ? Math.max(0, now - tile.receivedAt) : NaN;
      tile.stats.textContent = tile.fmp4Error || (fps.toFixed(1) + ' fps · '
        + (Number.isFinite(age) ? (age / 1000).toFixed(1) + ' s old' : '')
        + (tile.resyncs ? ' · resynced ' + tile.resyncs + '×' : ''));
      tile.figure.classList.toggle('stale', age > 5000);
    }
  }
}, 500);

login();
