// Overview: readiness and processing lag (/health/ready), delivery (/api/delivery/status), counts of dead letters
// and processing failures, recently rejected ingest items (/api/ingest/rejected).
import { get } from '../api.js';
import { h, errorBox, table, props, age, fmt, json } from '../ui.js';
import { chartsCard } from './overview-charts.js';

export async function render(root) {
  root.append(h('h1', {}, 'Overview'));
  const health = h('div', { class: 'card', id: 'overview-health' }, h('h2', {}, 'Readiness'));
  const deliveryCard = h('div', { class: 'card', id: 'overview-delivery' }, h('h2', {}, 'Delivery'));
  const problems = h('div', { class: 'card', id: 'overview-problems' }, h('h2', {}, 'Needs attention'));
  const rejected = h('div', { class: 'card', id: 'overview-rejected' }, h('h2', {}, 'Recently rejected ingest items'));
  const catalogBanner = h('div', { id: 'field-catalog-banner' });
  root.append(catalogBanner, h('div', { class: 'grid' }, health, problems), chartsCard(), deliveryCard, rejected);
  await Promise.all([
    readiness(health, catalogBanner), deliveryStatus(deliveryCard), attention(problems), rejections(rejected),
  ]);
}

// the field catalog: a fallback or partial one leaves choice values out of contacts, so it is said up front
function fieldCatalogBanner(banner, c) {
  if (!c || (c.source === 'account' && !c.failedFields)) return;
  const text = c.source === 'fallback'
    ? 'The Emarsys field catalog could not be read: the built-in system fields are used, custom fields are unknown and choice values are left out.'
    : `${c.failedFields} Emarsys field(s) came without their choices: values for them are left out (${(c.problems || []).map((p) => `${p.fieldId} ${p.fieldName}`).join(', ')}).`;
  banner.append(h('div', { class: 'warning', role: 'status' }, text,
    c.lastError ? ` Last error: ${c.lastError}.` : '', ' See GET /api/emarsys/fields; POST /api/emarsys/fields/refresh reads it again.'));
}

// without Emarsys credentials everything goes to the embedded sandbox: right for a demo, wrong for a customer
function sandboxBanner(requests) {
  const banner = document.getElementById('field-catalog-banner');
  if (!banner || document.getElementById('sandbox-banner')) return;
  banner.before(h('div', { class: 'warning', role: 'status', id: 'sandbox-banner' },
    'Delivery goes to the embedded Emarsys sandbox: no Emarsys credentials are set, so nothing reaches a real Emarsys account. ',
    'What the sandbox received: ', h('code', {}, requests || 'sandbox/requests'),
    '. Set EMARSYS_CLIENT_ID and EMARSYS_CLIENT_SECRET (or EMARSYS_USER and EMARSYS_SECRET) to deliver to Emarsys.'));
}

async function readiness(card, catalogBanner) {
  // /health/ready needs no key and answers 503 with the same body when a check fails
  try {
    const res = await fetch('/health/ready', { headers: { Accept: 'application/json' } });
    const body = await res.json();
    const ok = body.status === 'ready';
    card.append(
      h('p', {}, h('span', { class: `badge ${ok ? 'ok' : 'bad'}`, id: 'readiness' }, body.status)),
      props(Object.entries(body.checks || {}).map(([k, v]) => [k, h('span', { class: `badge ${v === 'up' ? 'ok' : 'bad'}` }, v)])),
    );
    if (body.fieldCatalog) {
      const c = body.fieldCatalog;
      const cls = c.source === 'account' ? 'ok' : c.source === 'partial' ? 'warn' : 'bad';
      card.append(props([['Field catalog', h('span', { class: `badge ${cls}`, id: 'field-catalog-source' }, c.source)]]));
      fieldCatalogBanner(catalogBanner, c);
    }
    if (body.processing) {
      card.append(h('h3', {}, 'Processing'), props([
        ['Lag (events)', h('span', { id: 'processing-lag' }, fmt(body.processing.lagEvents))],
        ['Log head', body.processing.logHead], ['Processed up to', body.processing.processed]]));
    }
  } catch (e) {
    card.append(errorBox(e, 'Readiness could not be read'));
  }
}

async function deliveryStatus(card) {
  try {
    const s = await get('/api/delivery/status');
    if (s.embeddedSandbox) sandboxBanner(s.sandboxRequests);
    card.append(h('div', { class: 'grid' },
      stat('Queue depth', s.queueDepth, 'queue-depth'),
      stat('Oldest pending', s.oldestPendingAt ? `${age(s.oldestPendingAgeMillis)} ago` : 'none', 'oldest-pending'),
      stat('Dead letters', s.deadLetters, 'dead-letter-count'),
      stat('Worker', s.running ? 'running' : 'stopped')));
    card.append(h('h3', {}, 'Accounts'), table([
      { label: 'Account', key: 'account' },
      { label: 'Requests last minute / budget', render: (a) => `${a.requestsLastMinute} / ${a.requestsPerMinute}` },
      { label: 'Paused until', render: (a) => a.pausedUntil ? `${a.pausedUntil} (${a.pauseReason || ''})` : 'not paused' },
      { label: 'Failed requests in a row', key: 'failedRequestsInARow' },
    ], s.accounts || [], 'No account has sent anything yet.'));
    const totals = Object.entries(s.requestTotals || {});
    if (totals.length) card.append(h('h3', {}, 'Requests since start'), props(totals));
  } catch (e) {
    card.append(errorBox(e, 'Delivery status'));
  }
}

async function attention(card) {
  const [dead, failures] = await Promise.allSettled([get('/api/dead-letters?limit=1'), get('/api/processing/failures?limit=1')]);
  const rows = [];
  rows.push(['Dead letters', dead.status === 'fulfilled' ? h('a', { href: '#/delivery', id: 'dead-letter-total' }, String(dead.value.total)) : errorBox(dead.reason)]);
  rows.push(['Processing failures', failures.status === 'fulfilled' ? h('a', { href: '#/delivery', id: 'failure-total' }, String(failures.value.total)) : errorBox(failures.reason)]);
  card.append(props(rows));
}

async function rejections(card) {
  try {
    const r = await get('/api/ingest/rejected?limit=20');
    card.append(table([
      { label: 'Received', key: 'receivedAt' },
      { label: 'Reason', key: 'reason' },
      { label: 'Problems', render: (i) => h('ul', {}, (i.problems || []).map((p) => h('li', {}, h('code', {}, p.path), ' ', p.message))) },
      { label: 'Item', render: (i) => h('details', {}, h('summary', {}, 'show'), json(i.item)) },
    ], r.items || [], 'No rejected items.'));
  } catch (e) {
    card.append(errorBox(e, 'Rejected items'));
  }
}

function stat(label, value, id) {
  return h('div', {}, h('div', { class: 'muted' }, label), h('div', { class: 'stat', id }, fmt(value)));
}
