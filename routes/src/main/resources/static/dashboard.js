// Supervision page: reads the ops API with the key kept in this tab's sessionStorage.
const KEY = 'passerelle.apiKey';
const $ = (id) => document.getElementById(id);
const STATES = { UP: 'Opérationnel', DEGRADED: 'Dégradé', DOWN: 'En panne' };
const STATUS = { RECEIVED: 'Reçu', PROCESSING: 'En cours', DONE: 'Traité', REFUSED: 'Refusé', FAILED: 'En échec' };
const LETTERS = { PENDING: 'En attente', REPLAYED: 'Rejouée', DISCARDED: 'Abandonnée' };
const DIRECTIONS = { IN: 'Entrant', OUT: 'Sortant' };
// what became of a file's records, for flows that say more than the counts (ft-agrements)
const OUTCOMES = { linked: 'rattachés à leur PASS', unlinked: 'en attente de la personne', unchanged: 'déjà connus',
  merged: 'fusionnés', skipped: 'ignorés (annulés)', rejected: 'rejetés' };

function when(iso) {
  return iso ? new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'medium' }) : '—';
}

// Every value from the hub (file names come from partners) goes into the page as text or as an attribute set through
// the DOM, never through HTML built from strings: a hostile name stays a name.
function el(tag, attributes, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value != null && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  // nested to any depth: a list of term/definition pairs is an array of arrays
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

const shown = (value) => (value == null ? '—' : String(value));

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), ...(options.headers || {}) },
  });
  if (response.status === 401 || response.status === 403) {
    throw Object.assign(new Error('Clé refusée (' + response.status + ')'), { auth: true });
  }
  if (!response.ok) {
    // the hub's error body says why in French (API.md): 429 when too many runs already go, for instance
    const error = await response.json().catch(() => null);
    throw new Error(error && error.message ? error.message : 'Erreur ' + response.status + ' sur ' + path);
  }
  return response.json();
}

// the last run started from this page, by flow: its card shows it going, then how it ended
const runs = new Map();
const going = (flow) => runs.has(flow) && runs.get(flow).state === 'RUNNING';

function runLine(run) {
  if (run.state === 'RUNNING') {
    return el('p', { class: 'running' }, `Run en cours depuis ${when(run.startedAt)}…`);
  }
  return run.state === 'DONE'
    ? el('p', { class: 'run' }, `Dernier run (${when(run.finishedAt)}) : ${run.counts.processed} traités, ${run.counts.rejected} rejetés.`)
    : el('p', { class: 'error' }, `Dernier run en échec (${when(run.finishedAt)}) : ${shown(run.error)}`);
}

// records per hour over the last 24 hours, oldest first: one bar per hour, scaled to the busiest hour
function chart(perHour) {
  const hours = perHour || [];
  const max = Math.max(1, ...hours);
  const total = hours.reduce((a, b) => a + b, 0);
  const bars = hours.map((n, i) => {
    const h = Math.round((n / max) * 28);
    return el('svg:rect', { x: i * 10, y: 30 - h, width: 8, height: Math.max(h, n > 0 ? 1 : 0) },
      el('svg:title', {}, `il y a ${23 - i} h : ${n}`));
  });
  return el('figure', { class: 'chart' },
    el('svg:svg', { viewBox: '0 0 240 30', role: 'img', 'aria-label': `${total} enregistrements sur 24 heures` }, bars),
    el('figcaption', {}, `${total} enregistrement${total > 1 ? 's' : ''} sur 24 h (par heure)`));
}

function flowCard(flow) {
  const facts = [['Traités', flow.processed], ['Rejetés', flow.rejected], ['En attente', flow.backlog],
    ['Dernier succès', when(flow.lastSuccessAt)]];
  if (flow.circuitBreaker) facts.push(['Disjoncteur', flow.circuitBreaker]);
  const list = el('dl', {}, facts.map(([term, value]) => [el('dt', {}, term), el('dd', {}, shown(value))]));
  if (flow.deadLetters) list.append(el('dt', {}, 'Lettres mortes'), el('dd', { class: 'error' }, shown(flow.deadLetters)));
  return el('article', { class: 'card ' + flow.state, 'data-flow': flow.flow },
    el('span', { class: 'state' }, STATES[flow.state] || shown(flow.state)),
    el('h3', {}, shown(flow.label)),
    el('div', { class: 'id' }, shown(flow.flow)),
    list,
    chart(flow.perHour),
    flow.alert && el('p', { class: 'alert', role: 'alert' }, `Alerte : ${flow.alert}`),
    flow.lastError && el('p', { class: 'error' }, `Dernière erreur (${when(flow.lastErrorAt)}) : ${flow.lastError}`),
    runs.has(flow.flow) && runLine(runs.get(flow.flow)),
    flow.runnable && el('button', { type: 'button', 'data-run': flow.flow, disabled: going(flow.flow) }, 'Lancer maintenant'));
}

function outcomes(e) {
  const parts = Object.entries(e.outcomes || {}).filter(([, n]) => n > 0).map(([k, n]) => `${OUTCOMES[k] || k} : ${n}`);
  return parts.length ? el('div', { class: 'outcomes' }, parts.join(' · ')) : null;
}

function exchangeRow(e) {
  const rejected = e.counts.rejected > 0
    ? el('a', { href: '#', 'data-rejects': e.id, 'data-name': e.name }, shown(e.counts.rejected)) : shown(e.counts.rejected);
  return el('tr', {},
    el('td', {}, when(e.receivedAt)), el('td', {}, shown(e.flow)), el('td', {}, shown(e.partner)),
    el('td', {}, DIRECTIONS[e.direction] || shown(e.direction)),
    el('td', { title: e.correlationId ? 'corrélation (journaux) : ' + e.correlationId : null }, shown(e.name)),
    el('td', {}, (STATUS[e.status] || shown(e.status)) + (e.error ? ' — ' + e.error : ''), outcomes(e)),
    el('td', { class: 'num' }, shown(e.counts.received)), el('td', { class: 'num' }, shown(e.counts.applied)),
    el('td', { class: 'num' }, shown(e.counts.unchanged)), el('td', { class: 'num' }, rejected));
}

function overlapRow(o) {
  return el('tr', {},
    el('td', {}, when(o.detectedAt)), el('td', {}, shown(o.agrementNumber)),
    el('td', {}, `${shown(o.agrementStartDate)} → ${shown(o.agrementEndDate)}`), el('td', {}, shown(o.passNumber)),
    el('td', {}, `${shown(o.passStartDate)} → ${shown(o.passEndDate)}`), el('td', {}, shown(o.action)));
}

function letterRow(d) {
  const actions = d.status === 'PENDING'
    ? [el('button', { type: 'button', 'data-replay': d.id }, 'Rejouer'), ' ',
      el('button', { type: 'button', 'data-discard': d.id }, 'Abandonner')]
    : [];
  return el('tr', { 'data-letter': d.id },
    el('td', {}, when(d.createdAt)), el('td', {}, shown(d.flow)), el('td', {}, shown(d.endpoint)), el('td', {}, shown(d.key)),
    el('td', {}, shown(d.correlationId)), el('td', {}, shown(d.error)),
    el('td', {}, (LETTERS[d.status] || shown(d.status)) + (d.updatedAt ? ' (' + when(d.updatedAt) + ')' : '')),
    el('td', {}, actions));
}

// a table body: its rows, or one row saying there is none
function fill(table, rows, columns, none) {
  table.querySelector('tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: columns }, none))]));
}

// the flows of the last refresh, drawn again when a run moves on
let shownFlows = [];

function drawFlows() {
  $('flows').replaceChildren(...shownFlows.map(flowCard));
}

async function refresh() {
  try {
    const [flows, exchanges, letters, overlaps] = await Promise.all([api('/api/v1/ops/flows'),
      api('/api/v1/ops/exchanges?limit=20'), api('/api/v1/ops/dead-letters?limit=20'),
      api('/api/v1/ops/agrements/overlaps?limit=50')]);
    shownFlows = flows;   // in the hub's flow catalogue order
    drawFlows();
    fill($('dead-letters'), letters.map(letterRow), 8, 'Aucune lettre morte.');
    fill($('overlaps'), overlaps.overlaps.map(overlapRow), 6, 'Aucun agrément en conflit.');
    fill($('exchanges'), exchanges.map(exchangeRow), 10, 'Aucun échange pour l\'instant.');
    $('refreshed').textContent = 'Mis à jour à ' + new Date().toLocaleTimeString('fr-FR');
    $('board-error').textContent = '';
  } catch (error) {
    if (error.auth) {
      logout(error.message);
    } else {
      $('board-error').textContent = error.message;
    }
  }
}

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// the hub answers at once (202) and runs the flow in the background: its run is read again until it ends
async function runFlow(flow) {
  try {
    let run = await api('/api/v1/ops/flows/' + encodeURIComponent(flow) + '/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'dashboard-' + crypto.randomUUID() },
      body: '{}',
    });
    runs.set(flow, run);
    drawFlows();
    while (run.state === 'RUNNING') {
      await pause(2000);
      run = await api('/api/v1/ops/runs/' + encodeURIComponent(run.runId));
      runs.set(flow, run);
      drawFlows();
    }
    refresh();
  } catch (error) {
    $('board-error').textContent = error.message;
  }
}

async function settleLetter(id, action) {
  try {
    await api('/api/v1/ops/dead-letters/' + encodeURIComponent(id) + '/' + action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'dashboard-' + crypto.randomUUID() },
      body: '{}',
    });
    $('board-error').textContent = action === 'replay' ? 'Lettre morte rejouée sur son topic.' : 'Lettre morte abandonnée.';
  } catch (error) {
    $('board-error').textContent = error.message;
  }
  refresh();
}

// the reject report is CSV (line, field, rule, masked value…): shown as a table, downloadable as it is
let shownRejects = null;

function csvRows(csv) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') { quoted = false; }
      else { field += c; }
    } else if (c === '"') { quoted = true; }
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') { field += c; }
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function showRejects(id, name) {
  const response = await fetch('/api/v1/ops/exchanges/' + encodeURIComponent(id) + '/rejects',
    { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
  if (!response.ok) {
    $('board-error').textContent = 'Rejets indisponibles (' + response.status + ').';
    return;
  }
  const csv = await response.text();
  const [header, ...rows] = csvRows(csv);
  shownRejects = { id, csv };
  $('rejects-name').textContent = name;
  $('rejects').querySelector('thead').replaceChildren(el('tr', {}, (header || []).map((h) => el('th', {}, h))));
  $('rejects').querySelector('tbody').replaceChildren(...rows.map((r) => el('tr', {}, r.map((v) => el('td', {}, v)))));
  $('rejects').hidden = false;
  $('rejects').scrollIntoView();
}

function downloadRejects() {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([shownRejects.csv], { type: 'text/csv' }));
  link.download = 'rejets-' + shownRejects.id + '.csv';
  link.click();
}

async function openConsole() {
  const response = await fetch('/ops-console/session',
    { method: 'POST', headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
  if (response.status === 204) {
    window.open('/hawtio', '_blank');
  } else {
    $('board-error').textContent = response.status === 403
      ? 'La console hawtio demande une clé ayant le droit ops:write.' : 'Console indisponible (' + response.status + ').';
  }
}

function show(loggedIn) {
  $('login').hidden = loggedIn;
  $('board').hidden = !loggedIn;
  $('logout').hidden = !loggedIn;
  $('console').hidden = !loggedIn;
}

function logout(message) {
  sessionStorage.removeItem(KEY);
  show(false);
  $('login-error').textContent = message || '';
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('key').value.trim());
  $('key').value = '';
  show(true);
  refresh();
});
$('logout').addEventListener('click', () => logout());
$('console').addEventListener('click', openConsole);
$('rejects-download').addEventListener('click', downloadRejects);
$('rejects-close').addEventListener('click', () => { $('rejects').hidden = true; });
document.addEventListener('click', (event) => {
  const run = event.target.closest('[data-run]');
  if (run) {
    runFlow(run.dataset.run);
  }
  const rejects = event.target.closest('[data-rejects]');
  if (rejects) {
    event.preventDefault();
    showRejects(rejects.dataset.rejects, rejects.dataset.name);
  }
  const replay = event.target.closest('[data-replay]');
  if (replay) {
    settleLetter(replay.dataset.replay, 'replay');
  }
  const discard = event.target.closest('[data-discard]');
  if (discard && confirm('Abandonner définitivement ce message ?')) {
    settleLetter(discard.dataset.discard, 'discard');
  }
});

show(Boolean(sessionStorage.getItem(KEY)));
if (sessionStorage.getItem(KEY)) {
  refresh();
}
setInterval(() => { if (sessionStorage.getItem(KEY)) refresh(); }, 10000);
