// Delivery: dead letters (GET/DELETE /api/dead-letters, replay one or every match of a filter) and processing
// failures (GET /api/processing/failures, retry, dismiss). docs/delivery.md and docs/operations.md.
import { get, post, del, query } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, json, run, confirmAction } from '../ui.js';

const REASONS = ['', 'PERMANENT', 'EXPIRED', 'OVERSIZED'];
const OPS = ['', 'CONTACT_UPSERT', 'EVENT_TRIGGER', 'LIST_ADD', 'LIST_REMOVE', 'CONTACT_DELETE'];

export async function render(root) {
  root.append(h('h1', {}, 'Delivery'));
  const deadCard = h('div', { class: 'card', id: 'dead-letters' }, h('h2', {}, 'Dead letters'));
  const failCard = h('div', { class: 'card', id: 'processing-failures' }, h('h2', {}, 'Processing failures'));
  root.append(deadCard, failCard);
  await Promise.all([deadLetters(deadCard), failures(failCard)]);
}

async function deadLetters(card) {
  const filters = {
    reason: select(REASONS, '', { id: 'dl-reason' }), op: select(OPS, '', { id: 'dl-op' }),
    code: h('input', { type: 'text', id: 'dl-code', inputmode: 'numeric' }), contact: h('input', { type: 'text', id: 'dl-contact' }),
    account: h('input', { type: 'text', id: 'dl-account' }), person: h('input', { type: 'text', id: 'dl-person' }),
  };
  const form = h('form', { class: 'inline', id: 'dl-filter' },
    field('Reason', filters.reason)[0], field('Operation', filters.op)[0], field('Emarsys reply code', filters.code)[0],
    field('Contact', filters.contact)[0], field('Account', filters.account)[0], field('Person', filters.person)[0],
    h('div', { class: 'small' }, h('button', { type: 'submit' }, 'Filter')));
  const messages = h('div', { class: 'messages', id: 'dl-messages', 'aria-live': 'polite' });
  const list = h('div', { id: 'dl-list' });
  const values = () => Object.fromEntries(Object.entries(filters).map(([k, el]) => [k, el.value.trim()]));
  const hasFilter = () => Object.values(values()).some(Boolean);

  async function load() {
    const page = await run(list, 'Dead letters', () => get(`/api/dead-letters${query({ ...values(), limit: 100 })}`));
    if (!page) return;
    clear(list, h('p', {}, `${page.total} dead letter(s) match${page.total > page.items.length ? `; the first ${page.items.length} are shown` : ''}.`),
      table([
        { label: 'Id', key: 'id' }, { label: 'Operation', key: 'op' }, { label: 'Contact', key: 'contact' },
        { label: 'Target', key: 'target' }, { label: 'Reason', key: 'reason' },
        { label: 'Emarsys answer', render: (d) => `${d.httpStatus ?? '—'} / ${d.replyCode ?? '—'} ${d.text ?? ''}` },
        { label: 'Attempts', key: 'attempts' }, { label: 'Dead since', key: 'deadAt' },
        { label: 'Payload', render: (d) => h('details', {}, h('summary', {}, 'show'), json(d.payload)) },
        { label: 'Actions', render: (d) => h('div', { class: 'actions' },
          h('button', { type: 'button', dataset: { replay: d.id }, onclick: () => act(`Dead letter ${d.id} replayed`, () => post(`/api/dead-letters/${d.id}/replay`)) }, 'Replay'),
          h('button', { type: 'button', class: 'secondary', dataset: { discard: d.id }, onclick: () => discard(d) }, 'Discard…')) },
      ], page.items, 'No dead letters.'));
  }
  async function discard(d) {
    if (!await confirmAction(`Discard dead letter ${d.id} (${d.op} for ${d.contact ?? 'no contact'})? It will not be sent to Emarsys, and this cannot be undone.`, 'Discard')) return;
    await act(`Dead letter ${d.id} discarded`, () => del(`/api/dead-letters/${d.id}`));
  }
  async function act(done, action) {
    clear(messages);
    const ok = await run(messages, 'Dead letters', async () => { await action(); return true; });
    if (ok) clear(messages, notice(done));
    await load();
  }
  async function bulk(kind) {
    const scope = hasFilter() ? 'every dead letter matching the filter' : 'every dead letter (no filter is set)';
    if (!await confirmAction(`${kind === 'replay' ? 'Replay' : 'Discard'} ${scope}?`, kind === 'replay' ? 'Replay' : 'Discard')) return;
    const body = { ...values() };
    if (!hasFilter()) body.all = 'true';
    clear(messages);
    const r = await run(messages, kind === 'replay' ? 'Replay' : 'Discard', () =>
      kind === 'replay' ? post('/api/dead-letters/replay', body) : del('/api/dead-letters', body));
    if (r) clear(messages, notice(kind === 'replay' ? `${r.replayed} dead letter(s) queued again.` : `${r.discarded} dead letter(s) discarded.`));
    await load();
  }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); clear(messages); load(); });
  card.append(form, h('div', { class: 'actions' },
    h('button', { type: 'button', id: 'dl-replay-matching', onclick: () => bulk('replay') }, 'Replay all matching…'),
    h('button', { type: 'button', class: 'danger', id: 'dl-discard-matching', onclick: () => bulk('discard') }, 'Discard all matching…')),
  messages, list);
  await load();
}

async function failures(card) {
  const messages = h('div', { class: 'messages', id: 'pf-messages', 'aria-live': 'polite' });
  const list = h('div', { id: 'pf-list' });
  async function load() {
    const page = await run(list, 'Processing failures', () => get('/api/processing/failures?limit=100'));
    if (!page) return;
    clear(list, h('p', {}, `${page.total} event(s) were skipped by the processor.`), table([
      { label: 'Log offset', key: 'offset' }, { label: 'Message id', key: 'messageId' }, { label: 'Failed at', key: 'failedAt' },
      { label: 'Error', key: 'error' }, { label: 'Attempts', key: 'attempts' },
      { label: 'Event', render: (f) => (f.event ? h('details', {}, h('summary', {}, 'show'), json(f.event)) : 'not kept') },
      { label: 'Actions', render: (f) => h('div', { class: 'actions' },
        h('button', { type: 'button', dataset: { retry: f.offset }, onclick: () => act(`Event ${f.offset} applied; the failure is gone.`, () => post(`/api/processing/failures/${f.offset}/retry`)) }, 'Retry'),
        h('button', { type: 'button', class: 'secondary', dataset: { dismiss: f.offset }, onclick: () => act(`Failure ${f.offset} dismissed.`, () => del(`/api/processing/failures/${f.offset}`)) }, 'Dismiss')) },
    ], page.items, 'No processing failures.'));
  }
  async function act(done, action) {
    clear(messages);
    const ok = await run(messages, 'Processing failure', async () => { await action(); return true; });
    if (ok) clear(messages, notice(done));
    await load();
  }
  card.append(messages, list);
  await load();
}
