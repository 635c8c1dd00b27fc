// Supervision page: reads the ops API with the key kept in this tab's sessionStorage.
const KEY = 'passerelle.apiKey';
const $ = (id) => document.getElementById(id);
const STATES = { UP: 'Opérationnel', DEGRADED: 'Dégradé', DOWN: 'En panne' };
const STATUS = { RECEIVED: 'Reçu', PROCESSING: 'En cours', DONE: 'Traité', REFUSED: 'Refusé', FAILED: 'En échec' };

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
      </dl>
      ${flow.lastError ? `<p class="error">Dernière erreur (${when(flow.lastErrorAt)}) : ${text(flow.lastError)}</p>` : ''}
      ${run}
    </article>`;
}

function exchangeRow(e) {
  const rejected = e.counts.rejected > 0
    ? `<a href="#" data-rejects="${text(e.id)}">${text(e.counts.rejected)}</a>` : text(e.counts.rejected);
  return `<tr><td>${when(e.receivedAt)}</td><td>${text(e.flow)}</td><td>${text(e.partner)}</td><td>${text(e.direction)}</td>
      <td>${text(e.name)}</td><td>${text(STATUS[e.status] || e.status)}${e.error ? ' — ' + text(e.error) : ''}</td>
      <td class="num">${text(e.counts.received)}</td><td class="num">${text(e.counts.applied)}</td>
      <td class="num">${text(e.counts.unchanged)}</td><td class="num">${rejected}</td></tr>`;
}

async function refresh() {
  try {
    const [flows, exchanges] = await Promise.all([api('/api/v1/ops/flows'), api('/api/v1/ops/exchanges?limit=20')]);
    $('flows').innerHTML = flows.map(flowCard).join('');
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

async function downloadRejects(id) {
  const response = await fetch('/api/v1/ops/exchanges/' + encodeURIComponent(id) + '/rejects',
    { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
  if (!response.ok) {
    $('board-error').textContent = 'Rejets indisponibles (' + response.status + ').';
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = 'rejets-' + id + '.csv';
  link.click();
}

function show(loggedIn) {
  $('login').hidden = loggedIn;
  $('board').hidden = !loggedIn;
  $('logout').hidden = !loggedIn;
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
document.addEventListener('click', (event) => {
  const run = event.target.closest('[data-run]');
  if (run) {
    runFlow(run.dataset.run);
  }
  const rejects = event.target.closest('[data-rejects]');
  if (rejects) {
    event.preventDefault();
    downloadRejects(rejects.dataset.rejects);
  }
});

show(Boolean(sessionStorage.getItem(KEY)));
if (sessionStorage.getItem(KEY)) {
  refresh();
}
setInterval(() => { if (sessionStorage.getItem(KEY)) refresh(); }, 10000);
