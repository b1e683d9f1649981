// Live debugger: the latest events as processing handled them (GET /api/debugger/events, filtered by type, event
// name and person, refreshing by itself), and for one event (#/debugger/<messageId>, GET /api/debugger/events/{id})
// what the service did with it and the Emarsys requests it led to, with request and reply.
import { get, query } from '../api.js';
import { h, clear, field, select, errorBox, table, props, json, fmt } from '../ui.js';

const REFRESH_MS = 2000;
const TYPES = ['', 'identify', 'track', 'page', 'screen', 'group', 'alias', 'timer'];
const filters = { type: '', event: '', person: '' }; // kept while the console is open

export async function render(root, args) {
  if (args[0]) return detail(root, args[0]);
  root.append(h('h1', {}, 'Debugger'));
  root.append(h('p', { class: 'muted' }, 'The latest events as the service processed them (the newest few thousand since it started), ' +
    'what it did with each, and how its Emarsys requests went. Open an event for the requests with their bodies and replies.'));
  const [typeWrap, type] = field('Type', select(TYPES, filters.type, { id: 'dbg-type' }));
  const [eventWrap, event] = field('Event or page name', h('input', { type: 'search', id: 'dbg-event', value: filters.event }));
  const [personWrap, person] = field('Person', h('input', { type: 'search', id: 'dbg-person', value: filters.person }),
    'userId, anonymousId, e-mail or person id');
  const live = h('input', { type: 'checkbox', id: 'dbg-live', checked: true });
  const form = h('form', { class: 'card inline', id: 'dbg-filters', role: 'search', 'aria-label': 'Filter events' }, typeWrap, eventWrap, personWrap,
    h('div', { class: 'small' }, h('button', { type: 'submit' }, 'Filter')),
    h('div', { class: 'small dbg-live' }, h('label', { for: 'dbg-live' }, live, ' Refresh by itself')));
  const status = h('p', { class: 'muted', id: 'dbg-status', role: 'status' });
  const list = h('div', { class: 'card', id: 'dbg-events' });
  root.append(form, status, list);

  let busy = false;
  const refresh = async () => {
    if (busy) return;
    busy = true;
    try {
      const r = await get(`/api/debugger/events${query({ ...filters, limit: 100 })}`);
      clear(list, eventsTable(r.events));
      clear(status, `${r.events.length} shown of ${r.kept} kept (at most ${r.capacity}); updated ${new Date().toLocaleTimeString()}`);
    } catch (e) {
      clear(list, errorBox(e, 'Events'));
    } finally {
      busy = false;
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    Object.assign(filters, { type: type.value, event: event.value.trim(), person: person.value.trim() });
    refresh();
  });
  const timer = setInterval(() => {
    if (!root.isConnected) { clearInterval(timer); return; }
    if (live.checked && !document.hidden) refresh();
  }, REFRESH_MS);
  await refresh();
}

const DELIVERY = { delivered: 'ok', failed: 'bad', retrying: 'warn', queued: 'warn', held: 'warn', none: '' };

function deliveryBadge(state) {
  return h('span', { class: `badge ${DELIVERY[state] ?? ''}`, dataset: { delivery: state } }, state);
}

function produced(e) {
  const parts = Object.entries(e.produced || {}).map(([op, n]) => `${n} ${op.replace('_', ' ')}`);
  if (e.held) parts.push(`${e.held} held`);
  if (e.unchanged) parts.push(`${e.unchanged} unchanged left out`);
  if (e.ruleSteps) parts.push(`${e.ruleSteps} rule step(s)`);
  return parts.length ? parts.join(', ') : 'nothing for Emarsys';
}

function eventsTable(events) {
  return table([
    { label: 'Received', render: (e) => new Date(e.receivedAt).toLocaleTimeString() },
    { label: 'Type', key: 'type' },
    { label: 'Event / name', render: (e) => h('a', { href: `#/debugger/${encodeURIComponent(e.messageId)}`, class: 'dbg-open' }, e.name || e.messageId) },
    { label: 'Person', render: (e) => (e.personId ? h('a', { href: `#/users/${e.personId}` }, e.primaryKey || e.userId || e.anonymousId || `person ${e.personId}`) : 'nobody (identifiers dropped)') },
    { label: 'Did', render: (e) => [produced(e), e.warnings ? h('span', { class: 'badge warn' }, `${e.warnings} warning(s)`) : null] },
    { label: 'Emarsys', render: (e) => deliveryBadge(e.delivery) },
  ], events, 'No events yet that match. Send some with the ingest API (/v1/identify, /v1/track, …).');
}

async function detail(root, messageId) {
  root.append(h('h1', {}, `Event ${messageId}`), h('p', {}, h('a', { href: '#/debugger' }, '← all events')));
  const live = h('input', { type: 'checkbox', id: 'dbg-detail-live', checked: true });
  root.append(h('p', {}, h('label', { for: 'dbg-detail-live', class: 'dbg-live' }, live, ' Refresh by itself until everything is delivered')));
  const area = h('div', { id: 'dbg-detail', 'aria-live': 'polite' });
  root.append(area);
  let last = '';
  const load = async () => {
    try {
      const d = await get(`/api/debugger/events/${encodeURIComponent(messageId)}`);
      const text = JSON.stringify(d);
      if (text !== last) { last = text; clear(area, ...show(d)); }
      return d.delivery;
    } catch (e) {
      clear(area, errorBox(e, 'Event'));
      return 'error';
    }
  };
  const first = await load();
  if (first === 'delivered' || first === 'none' || first === 'failed' || first === 'error') live.checked = false;
  const timer = setInterval(async () => {
    if (!root.isConnected) { clearInterval(timer); return; }
    if (!live.checked || document.hidden) return;
    const state = await load();
    if (state === 'delivered' || state === 'failed') live.checked = false;
  }, REFRESH_MS);
}

function show(d) {
  const p = d.person || {};
  const personLink = d.personId ? h('a', { href: `#/users/${d.personId}`, id: 'dbg-person-link' }, `person ${d.personId}`) : 'nobody';
  const flags = [p.new ? 'new person' : null, p.becameContact ? 'became an Emarsys contact' : null,
    p.previousKey ? `e-mail changed from ${p.previousKey}` : null, p.merged?.length ? `merged ${p.merged.join(', ')} into it` : null].filter(Boolean);
  return [
    h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', {}, 'Event'), props([
        ['Type', d.type], ['Name', d.name], ['Message id', d.messageId], ['Log offset', d.offset], ['userId', d.userId],
        ['anonymousId', d.anonymousId], ['Event time', d.timestamp], ['Received', d.receivedAt],
        ['Processed', `${d.processedAt} (${d.processingLagMillis} ms after it arrived)`],
        ['Emarsys', h('span', { id: 'dbg-delivery' }, deliveryBadge(d.delivery))]])),
      h('div', { class: 'card' }, h('h2', {}, 'Person resolved'), props([
        ['Person', personLink], ['Contact key', p.primaryKey], ['What changed', flags.join('; ') || 'nothing'],
        ['Sent to Emarsys', d.forEmarsys ? 'yes' : 'no: its integrations switch Emarsys off']]),
        p.droppedIdentifiers?.length ? [h('h3', {}, 'Identifiers dropped'), table([
          { label: 'Source', key: 'source' }, { label: 'Value', key: 'value' }, { label: 'Reason', key: 'reason' },
          { label: 'Other person', key: 'otherPersonId' }], p.droppedIdentifiers)] : null)),
    h('div', { class: 'card', id: 'dbg-fields' }, h('h2', {}, 'Data-map fields'),
      table([{ label: 'Field id', key: 'fieldId' }, { label: 'Field name', key: 'name' }, { label: 'Value', render: (f) => fmt(f.value) }],
        d.fields || [], d.unchanged ? 'No field changed (Emarsys already has these values).' : 'No contact fields.'),
      d.unchanged ? h('p', { class: 'muted' }, `${d.unchanged} operation(s) left out: Emarsys already has their values.`) : null,
      d.warnings?.length ? h('div', { class: 'warning', role: 'status' }, h('strong', {}, 'Left out or changed by the data maps:'),
        h('ul', {}, d.warnings.map((w) => h('li', {}, h('code', {}, w.path || '(event)'), ` ${w.message} (${w.code})`)))) : null),
    h('div', { class: 'card', id: 'dbg-items' }, h('h2', {}, 'What it led to'),
      table([{ label: 'Operation', key: 'op' }, { label: 'Target', render: (i) => fmt(i.target) },
        { label: 'Contact', key: 'keyValue' }, { label: 'Status', render: (i) => statusBadge(i.status) },
        { label: 'Requests', render: (i) => (i.requestIds.length ? i.requestIds.map((id) => h('button', { type: 'button', class: 'link dbg-request-link',
          onclick: () => document.getElementById(`dbg-request-${id}`)?.scrollIntoView() }, `#${id}`)) : '—') }],
      d.items || [], 'No Emarsys operations.'),
      d.heldItems?.length ? [h('h3', {}, 'Held until the person has an e-mail'), table([{ label: 'Operation', key: 'op' },
        { label: 'Target', key: 'target' }, { label: 'Status', render: (i) => statusBadge(i.status) }], d.heldItems)] : null),
    h('div', { class: 'card', id: 'dbg-rules' }, h('h2', {}, 'Rule steps'),
      table([{ label: 'Rule', render: (s) => h('a', { href: `#/rules/${encodeURIComponent(s.ruleId)}` }, `${s.ruleId} v${s.version}`) },
        { label: 'Step', key: 'kind' }, { label: 'Instance', key: 'instanceId' }, { label: 'Detail', key: 'detail' }],
      d.ruleSteps || [], 'No rule listened to this event.')),
    h('div', { class: 'card', id: 'dbg-requests' }, h('h2', {}, 'Emarsys requests'),
      (d.requests || []).length ? d.requests.map(requestView)
        : h('p', { class: 'muted' }, d.items?.length ? 'Not sent yet (or sent before the debugger kept it).' : 'None.')),
    d.body ? h('div', { class: 'card' }, h('h2', {}, 'Stored event'), json(d.body)) : null,
  ];
}

const STATUS = { delivered: 'ok', dead: 'bad', retry: 'warn', queued: 'warn', unsent: 'warn' };
function statusBadge(s) { return h('span', { class: `badge ${STATUS[s] ?? ''}` }, s); }

export function requestView(r) {
  return h('section', { class: 'dbg-request', id: `dbg-request-${r.id}`, 'aria-label': `Request ${r.id}` },
    h('h3', {}, `#${r.id} ${r.op.replace('_', ' ')}${r.target ? ` → ${r.target}` : ''} `, h('span', { class: `badge ${r.outcome === 'delivered' ? 'ok' : r.outcome === 'partial' ? 'warn' : 'bad'}`, dataset: { outcome: r.outcome } }, r.outcome)),
    h('p', { class: 'muted' }, `${new Date(r.at).toLocaleString()} · account ${r.account} · ${r.items} item(s) in the request`),
    table([{ label: 'Contact', key: 'keyValue' }, { label: 'Verdict', render: (i) => statusBadge(i.verdict) },
      { label: 'Attempts before', key: 'attempts' }, { label: 'Error', render: (i) => fmt(i.error) }], r.theseItems || [], 'None of its items are shown here.'),
    (r.exchanges || []).map((x) => h('div', { class: 'dbg-exchange' },
      h('p', {}, h('code', { class: 'dbg-call' }, `${x.method} ${x.path}`), ' ',
        h('span', { class: `badge ${x.httpStatus >= 200 && x.httpStatus < 300 && x.replyCode === 0 ? 'ok' : 'bad'}`, dataset: { http: x.httpStatus ?? 'none' } },
          x.httpStatus ? `HTTP ${x.httpStatus}${x.replyCode !== undefined ? ` · replyCode ${x.replyCode}` : ''}` : 'no reply'),
        ` ${x.replyText ? `“${x.replyText}” ` : ''}${x.error ? `${x.error} ` : ''}in ${x.durationMillis} ms`),
      x.elements?.length && x.fieldNames?.length ? elementFields(x) : null,
      h('details', {}, h('summary', {}, 'Request body'), json(x.request)),
      h('details', {}, h('summary', {}, 'Reply'), json(x.reply)))));
}

/** The contact elements of an upsert with field names next to the ids. */
function elementFields(x) {
  const names = Object.fromEntries(x.fieldNames.map((f) => [f.fieldId, f.name]));
  const rows = x.elements.filter((e) => e && typeof e === 'object')
    .flatMap((e) => Object.entries(e).map(([id, value]) => ({ id, name: names[id], value })));
  return table([{ label: 'Field id', key: 'id' }, { label: 'Field name', render: (r) => fmt(r.name) }, { label: 'Value sent', render: (r) => fmt(r.value) }],
    rows, '');
}
