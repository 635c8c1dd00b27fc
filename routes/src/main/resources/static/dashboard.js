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
// cards in the order of API.md's flow ids: requests first, then each partner, the event relay last
const ORDER = ['pass-api', 'pass-commands', 'hires', 'asp-upload', 'asp-returns', 'conventions', 'ft-agrements',
  'ft-notifications', 'ft-pass-file', 'sirene-verification', 'sirene-stock', 'event-relay'];
const rank = (flow) => (ORDER.indexOf(flow.flow) + ORDER.length + 1) % (ORDER.length + 1);

function when(iso) {
  return iso ? new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'medium' }) : '—';
}

function text(value) {
  const span = document.createElement('span');
  span.textContent = value == null ? '—' : String(value);
  return span.innerHTML;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY), ...(options.headers || {}) },
  });
  if (response.status === 401 || response.status === 403) {
    throw Object.assign(new Error('Clé refusée (' + response.status + ')'), { auth: true });
  }
  if (!response.ok) {
    throw new Error('Erreur ' + response.status + ' sur ' + path);
  }
  return response.json();
}

// records per hour over the last 24 hours, oldest first: one bar per hour, scaled to the busiest hour
function chart(perHour) {
  const hours = perHour || [];
  const max = Math.max(1, ...hours);
  const total = hours.reduce((a, b) => a + b, 0);
  const bars = hours.map((n, i) => {
    const h = Math.round((n / max) * 28);
    return `<rect x="${i * 10}" y="${30 - h}" width="8" height="${Math.max(h, n > 0 ? 1 : 0)}"><title>il y a ${23 - i} h : ${n}</title></rect>`;
  }).join('');
  return `<figure class="chart"><svg viewBox="0 0 240 30" role="img" aria-label="${total} enregistrements sur 24 heures">${bars}</svg>
      <figcaption>${total} enregistrement${total > 1 ? 's' : ''} sur 24 h (par heure)</figcaption></figure>`;
}

function flowCard(flow) {
  const run = flow.runnable ? `<button type="button" data-run="${text(flow.flow)}">Lancer maintenant</button>` : '';
  return `<article class="card ${text(flow.state)}" data-flow="${text(flow.flow)}">
      <span class="state">${text(STATES[flow.state] || flow.state)}</span>
      <h3>${text(flow.label)}</h3>
      <div class="id">${text(flow.flow)}</div>
      <dl>
        <dt>Traités</dt><dd>${text(flow.processed)}</dd>
        <dt>Rejetés</dt><dd>${text(flow.rejected)}</dd>
        <dt>En attente</dt><dd>${text(flow.backlog)}</dd>
        <dt>Dernier succès</dt><dd>${when(flow.lastSuccessAt)}</dd>
        ${flow.circuitBreaker ? `<dt>Disjoncteur</dt><dd>${text(flow.circuitBreaker)}</dd>` : ''}
        ${flow.deadLetters ? `<dt>Lettres mortes</dt><dd class="error">${text(flow.deadLetters)}</dd>` : ''}
      </dl>
      ${chart(flow.perHour)}
      ${flow.lastError ? `<p class="error">Dernière erreur (${when(flow.lastErrorAt)}) : ${text(flow.lastError)}</p>` : ''}
      ${run}
    </article>`;
}

function outcomes(e) {
  const parts = Object.entries(e.outcomes || {}).filter(([, n]) => n > 0).map(([k, n]) => `${OUTCOMES[k] || k} : ${n}`);
  return parts.length ? `<div class="outcomes">${text(parts.join(' · '))}</div>` : '';
}

function exchangeRow(e) {
  const rejected = e.counts.rejected > 0
    ? `<a href="#" data-rejects="${text(e.id)}" data-name="${text(e.name)}">${text(e.counts.rejected)}</a>` : text(e.counts.rejected);
  return `<tr><td>${when(e.receivedAt)}</td><td>${text(e.flow)}</td><td>${text(e.partner)}</td><td>${text(DIRECTIONS[e.direction] || e.direction)}</td>
      <td title="${e.correlationId ? 'corrélation (journaux) : ' + text(e.correlationId) : ''}">${text(e.name)}</td><td>${text(STATUS[e.status] || e.status)}${e.error ? ' — ' + text(e.error) : ''}${outcomes(e)}</td>
      <td class="num">${text(e.counts.received)}</td><td class="num">${text(e.counts.applied)}</td>
      <td class="num">${text(e.counts.unchanged)}</td><td class="num">${rejected}</td></tr>`;
}

function overlapRow(o) {
  return `<tr><td>${when(o.detectedAt)}</td><td>${text(o.agrementNumber)}</td><td>${text(o.agrementStartDate)} → ${text(o.agrementEndDate)}</td>
      <td>${text(o.passNumber)}</td><td>${text(o.passStartDate)} → ${text(o.passEndDate)}</td><td>${text(o.action)}</td></tr>`;
}

function letterRow(d) {
  const actions = d.status === 'PENDING'
    ? `<button type="button" data-replay="${text(d.id)}">Rejouer</button> <button type="button" data-discard="${text(d.id)}">Abandonner</button>`
    : '';
  return `<tr data-letter="${text(d.id)}"><td>${when(d.createdAt)}</td><td>${text(d.flow)}</td><td>${text(d.endpoint)}</td>
      <td>${text(d.key)}</td><td>${text(d.correlationId)}</td><td>${text(d.error)}</td>
      <td>${text(LETTERS[d.status] || d.status)}${d.updatedAt ? ' (' + when(d.updatedAt) + ')' : ''}</td><td>${actions}</td></tr>`;
}

async function refresh() {
  try {
    const [flows, exchanges, letters, overlaps] = await Promise.all([api('/api/v1/ops/flows'),
      api('/api/v1/ops/exchanges?limit=20'), api('/api/v1/ops/dead-letters?limit=20'),
      api('/api/v1/ops/agrements/overlaps?limit=50')]);
    $('flows').innerHTML = flows.sort((a, b) => rank(a) - rank(b)).map(flowCard).join('');
    $('dead-letters').querySelector('tbody').innerHTML = letters.map(letterRow).join('')
      || '<tr><td colspan="8">Aucune lettre morte.</td></tr>';
    $('overlaps').querySelector('tbody').innerHTML = overlaps.overlaps.map(overlapRow).join('')
      || '<tr><td colspan="6">Aucun agrément en conflit.</td></tr>';
    $('exchanges').querySelector('tbody').innerHTML = exchanges.map(exchangeRow).join('')
      || '<tr><td colspan="10">Aucun échange pour l\'instant.</td></tr>';
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

async function runFlow(flow) {
  try {
    const result = await api('/api/v1/ops/flows/' + encodeURIComponent(flow) + '/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'dashboard-' + crypto.randomUUID() },
      body: '{}',
    });
    $('board-error').textContent = `${flow} : ${result.processed} traités, ${result.rejected} rejetés.`;
  } catch (error) {
    $('board-error').textContent = error.message;
  }
  refresh();
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
  $('rejects').querySelector('thead').innerHTML = '<tr>' + (header || []).map((h) => `<th>${text(h)}</th>`).join('') + '</tr>';
  $('rejects').querySelector('tbody').innerHTML = rows.map((r) => '<tr>' + r.map((v) => `<td>${text(v)}</td>`).join('') + '</tr>').join('');
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
