// Vision: one card per camera (its newest frame with the markers found in it drawn over it) and a table of the
// objects' pose estimates with, in simulation, their error against the ground truth. Frames stay on the server:
// the live socket says a new one is there, and the card fetches the newest one, one request at a time, so a
// slow link shows fewer frames instead of falling behind.
import {fill, h, panel, table} from './dom.js';
import {onLive} from './live.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function mm(m) {
  return Number.isFinite(m) ? `${(m * 1000).toFixed(1)} mm` : '-';
}

/** One camera's card: the image, an SVG overlay in image pixels, and a line of facts. */
function cameraCard(id) {
  const img = h('img', {class: 'camera-frame', alt: `camera ${id}`, dataset: {seq: '0'}});
  const overlay = svg('svg', {class: 'camera-overlay', viewBox: '0 0 640 480', preserveAspectRatio: 'none'});
  const about = h('div', {class: 'camera-facts'});
  const card = h(
    'figure',
    {class: 'camera', dataset: {camera: id}},
    h('div', {class: 'camera-view'}, img, overlay),
    h('figcaption', {}, h('strong', {}, id), about),
  );
  const state = {img, overlay, about, card, info: null, status: null, frame: null, requested: null, shownFrame: null, markers: null, byTime: new Map(), wanted: 0, loading: false, shown: 0, failed: 0, times: []};
  img.addEventListener('load', () => {
    state.loading = false;
    state.shown = Number(img.dataset.seq);
    state.shownFrame = state.requested;
    state.times.push(performance.now());
    while (state.times.length > 10) state.times.shift();
    card.dataset.shown = String(state.shown);
    // The size of the frame as it loaded: the image's own size reads 0 while a later frame fails.
    card.dataset.size = `${img.naturalWidth}x${img.naturalHeight}`;
    drawMarkers(state);
    describe(state);
    if (state.wanted > state.shown) load(state);
  });
  img.addEventListener('error', () => {
    state.loading = false;
    state.failed++;
    card.dataset.failed = String(state.failed);
    fill(about, h('span', {class: 'error'}, `frame ${img.dataset.seq} could not be shown`));
  });
  return state;
}

function load(state) {
  if (state.loading || state.wanted <= state.shown) return;
  state.loading = true;
  state.requested = state.frame;
  state.img.dataset.seq = String(state.frame.seq);
  state.img.src = `api/cameras/${encodeURIComponent(state.card.dataset.camera)}/frame?seq=${state.frame.seq}`;
}

/** The markers document of the shown frame: the one of its time, else (detection still running) the newest. */
function shownMarkers(state) {
  const f = state.shownFrame ?? state.frame;
  return (f && state.byTime.get(f.timestampNs)) ?? state.markers;
}

function drawMarkers(state) {
  const f = state.shownFrame ?? state.frame;
  if (f?.widthPx > 0) state.overlay.setAttribute('viewBox', `0 0 ${f.widthPx} ${f.heightPx}`);
  state.overlay.replaceChildren();
  const doc = shownMarkers(state);
  state.card.dataset.matched = String(Boolean(f && state.byTime.has(f.timestampNs)));
  if (!doc) return;
  for (const m of doc.markers ?? []) {
    const corners = m.cornersPx ?? [];
    if (corners.length !== 4) continue;
    const stale = m.pose?.stale;
    state.overlay.append(
      svg('polygon', {points: corners.map((c) => c.join(',')).join(' '), class: stale ? 'marker stale' : 'marker'}),
    );
    const label = svg('text', {x: corners[3][0], y: corners[3][1] - 4, class: 'marker-id'});
    label.textContent = String(m.id);
    state.overlay.append(label);
  }
  state.card.dataset.markers = String((doc.markers ?? []).length);
}

function markersText(doc) {
  if (!doc) return 'no markers document';
  const ids = (doc.markers ?? []).map((m) => m.id);
  return ids.length === 0 ? 'no markers' : `markers ${ids.join(' ')}`;
}

/** A camera the container runs as a process (ffmpeg) says how it is: restarting is shown with its reason. */
function statusLine(status) {
  if (!status) return null;
  if (status.state === 'RESTARTING') {
    const again = Number.isFinite(status.restartInMs) ? `, again in ${(status.restartInMs / 1000).toFixed(1)} s` : '';
    return h('span', {class: 'error camera-status'}, `restarting (run ${status.runs}${again}): ${status.lastError ?? ''}`);
  }
  return h('span', {class: 'camera-status'}, status.state === 'STARTING' ? 'starting' : `streaming (run ${status.runs})`);
}

function describe(state) {
  const f = state.shownFrame ?? state.frame;
  const t = state.times;
  const fps = t.length > 1 ? ((t.length - 1) * 1000) / (t[t.length - 1] - t[0]) : NaN;
  const ageMs = f ? Date.now() - f.timestampNs / 1e6 : NaN;
  const facts =
    `${f ? `${f.widthPx}x${f.heightPx}` : '-'}, ${Number.isFinite(fps) ? fps.toFixed(1) : '-'} shown/s, ` +
    `frame age ${Number.isFinite(ageMs) ? `${ageMs.toFixed(0)} ms` : '-'}, ` +
    `${markersText(shownMarkers(state))}`;
  const status = statusLine(state.status);
  fill(state.about, ...(status ? [facts, h('br'), status] : [facts]));
}

export function visionPanel() {
  const cameras = new Map();
  const grid = h('div', {class: 'cameras', id: 'cameras'});
  const empty = h('p', {class: 'muted', id: 'cameras-empty'}, 'No camera has announced itself (feature vision or vision-sim).');
  const objects = new Map();
  const estimates = h('div', {id: 'vision-objects'});
  const camera = (id) => {
    if (!cameras.has(id)) {
      const state = cameraCard(id);
      cameras.set(id, state);
      empty.remove();
      grid.append(state.card);
    }
    return cameras.get(id);
  };
  onLive('camera', (m) => {
    if (typeof m.cameraId === 'string') camera(m.cameraId).info = m;
  });
  onLive('cstatus', (m) => {
    if (typeof m.cameraId !== 'string') return;
    const state = camera(m.cameraId);
    state.status = m.gone ? null : m;
    state.card.dataset.status = state.status?.state ?? '';
    describe(state);
  });
  onLive('frame', (m) => {
    if (typeof m.cameraId !== 'string') return;
    const state = camera(m.cameraId);
    state.frame = m;
    state.wanted = Math.max(state.wanted, m.seq);
    load(state);
  });
  onLive('markers', (m) => {
    if (typeof m.cameraId !== 'string') return;
    const state = camera(m.cameraId);
    state.markers = m;
    state.byTime.set(m.timestampNs, m);
    while (state.byTime.size > 10) state.byTime.delete(state.byTime.keys().next().value);
    drawMarkers(state);
    describe(state);
  });
  const renderObjects = () => {
    const rows = [...objects.values()]
      .sort((a, b) => a.pose.objectId.localeCompare(b.pose.objectId))
      .map(({pose, error}) =>
        h(
          'tr',
          {dataset: {object: pose.objectId, stale: String(Boolean(pose.stale))}},
          h('td', {}, pose.objectId),
          h('td', {}, (pose.positionM ?? []).map((v) => v.toFixed(4)).join(', ')),
          h('td', {}, pose.frameId),
          h('td', {}, pose.source),
          h('td', {}, Number.isFinite(pose.quality) ? pose.quality.toFixed(2) : '-'),
          h('td', {class: pose.stale ? 'bad' : ''}, pose.stale ? 'stale' : 'fresh'),
          h(
            'td',
            {class: 'pose-error'},
            error ? `${mm(error.positionErrorM)}, ${Number(error.rotationErrorDeg).toFixed(2)} deg` : '-',
          ),
        ),
      );
    fill(
      estimates,
      rows.length === 0
        ? h('p', {class: 'muted'}, 'No pose estimate yet.')
        : table(['Object', 'Position [m]', 'Frame', 'Source', 'Quality', 'State', 'Error vs truth'], rows),
    );
  };
  onLive('vpose', (m) => {
    if (typeof m.objectId !== 'string') return;
    const entry = objects.get(m.objectId) ?? {pose: m, error: null};
    entry.pose = m;
    objects.set(m.objectId, entry);
    renderObjects();
  });
  onLive('verror', (m) => {
    if (typeof m.objectId !== 'string') return;
    const entry = objects.get(m.objectId) ?? {pose: {objectId: m.objectId, positionM: m.estimate?.positionM, frameId: 'robot', source: m.source, stale: m.stale}, error: null};
    entry.error = m;
    objects.set(m.objectId, entry);
    renderObjects();
  });
  renderObjects();
  return panel('vision', 'Cameras and pose estimates', grid, empty, h('h3', {}, 'Pose estimates'), estimates);
}
