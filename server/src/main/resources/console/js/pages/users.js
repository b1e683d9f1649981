// Users: look a person up by e-mail, userId or anonymousId (GET /api/persons?…), show identifiers, traits, merge
// history and recent events; privacy deletion (DELETE /api/persons/{id}) after a confirmation.
import { get, del, query } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, props, json, confirmAction } from '../ui.js';
import { activitySection } from './person-activity.js';

export async function render(root, args) {
  root.append(h('h1', {}, args[0] ? `Person ${args[0]}` : 'Users'));
  const [typeWrap, type] = field('Identifier', select([['email', 'E-mail'], ['userId', 'userId'], ['anonymousId', 'anonymousId']], 'email', { id: 'lookup-type' }));
  const [valueWrap, value] = field('Value', h('input', { type: 'search', id: 'lookup-value', required: true }));
  const form = h('form', { class: 'card inline', id: 'lookup-form' }, typeWrap, valueWrap,
    h('div', { class: 'small' }, h('button', { type: 'submit' }, 'Look up')));
  const result = h('div', { id: 'person-result', 'aria-live': 'polite' });
  root.append(form, result);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(result, h('p', { class: 'muted' }, 'Looking up…'));
    try {
      const person = await get(`/api/persons${query({ [type.value]: value.value.trim(), events: 20 })}`);
      showPerson(result, person);
    } catch (e) {
      clear(result, errorBox(e, 'Lookup'));
    }
  });
  if (args[0]) { // #/users/<id>
    try { showPerson(result, await get(`/api/persons/${encodeURIComponent(args[0])}?events=20`)); } catch (e) { clear(result, errorBox(e, 'Person')); }
  }
}

function showPerson(area, p) {
  const messages = h('div', { class: 'messages' });
  const remove = h('button', { type: 'button', class: 'danger', id: 'delete-person' }, 'Delete this person (privacy request)…');
  remove.addEventListener('click', async () => {
    const ok = await confirmAction(`Delete person ${p.id}${p.primaryKey ? ` (${p.primaryKey})` : ''}? This removes the person, ` +
      'every person merged into it, their stored events and rule state, and asks Emarsys to delete the contact. It cannot be undone.', 'Delete');
    if (!ok) return;
    try {
      const r = await del(`/api/persons/${p.id}`);
      clear(area, notice(`Person ${r.deleted} deleted: ${r.personIds.length} person record(s), ${r.identifiersDeleted} identifier(s), ` +
        `${r.eventsPurged} stored event(s) purged; Emarsys contact deletion ${r.contactDeletionRequested ? 'requested' : 'not needed (no contact)'}.`));
    } catch (e) {
      clear(messages, errorBox(e, 'Deletion'));
    }
  });
  clear(area,
    h('div', { class: 'card', id: 'person' },
      h('h2', {}, `Person ${p.id}`),
      p.redirectedFrom ? h('p', { class: 'muted' }, `Person ${p.redirectedFrom} was merged into this one.`) : null,
      props([['Primary key (e-mail)', h('span', { id: 'person-primary-key' }, p.primaryKey ?? '—')],
        ['Emarsys contact', p.contact ? 'yes' : 'no'], ['First seen', p.firstSeen], ['Last seen', p.lastSeen],
        ['Merges', p.counts?.merges ?? 0]]),
      h('h3', {}, 'Identifiers'),
      table([{ label: 'Type', key: 'type' }, { label: 'Value', key: 'value' }, { label: 'Normalized', key: 'normalized' },
        { label: 'First seen', key: 'firstSeen' }, { label: 'Last seen', key: 'lastSeen' },
        { label: 'Current', render: (i) => (i.previous ? h('span', { class: 'badge' }, 'previous') : 'current') }], p.identifiers || [], 'No identifiers.'),
      h('h3', {}, 'Traits'), json(p.traits || {}),
      h('h3', {}, 'Merge history'),
      table([{ label: 'At', key: 'at' }, { label: 'Winner', key: 'winner' }, { label: 'Merged person', key: 'loser' },
        { label: 'Reason', key: 'reason' }, { label: 'Message id', key: 'messageId' }], p.merges || [], 'No merges.'),
      h('h3', {}, `Recent events (${(p.recentEvents || []).length})`),
      table([{ label: 'Type', key: 'type' }, { label: 'Event / name', render: (e) => e.event || e.name || '' },
        { label: 'Timestamp', render: (e) => e.timestamp || e.receivedAt || '' },
        { label: 'Body', render: (e) => h('details', {}, h('summary', {}, 'show'), json(e)) }], p.recentEvents || [], 'No stored events.'),
      h('div', { class: 'actions' }, remove), messages),
    activitySection(p.id));
}
