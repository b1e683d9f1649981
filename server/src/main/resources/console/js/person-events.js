// "A chosen person's recent real events", for previews and dry runs: look a person up (GET /api/persons?…&events=)
// and hand back the person (id, traits) and its stored events, oldest first.
import { get, query } from './api.js';
import { h, field, select, clear, errorBox, fmt } from './ui.js';

/** One line describing an event: time, type, name. */
export function eventLine(e) {
  const name = e.type === 'track' ? e.event : e.name;
  return `${e.timestamp || e.receivedAt || '?'} · ${e.type}${name ? ` "${name}"` : ''}${e.messageId ? ` · ${e.messageId}` : ''}`;
}

/**
 * A small form: identifier kind, value, "Load events". onLoaded({person, events}) gets the events oldest first.
 * idPrefix keeps the ids of two such forms apart.
 */
export function personEventsForm(idPrefix, onLoaded, limit = 50) {
  const kind = select([['email', 'e-mail'], ['userId', 'userId'], ['anonymousId', 'anonymousId']], 'email', { id: `${idPrefix}-kind` });
  const value = h('input', { type: 'text', id: `${idPrefix}-value`, autocomplete: 'off' });
  const status = h('div', { id: `${idPrefix}-status`, 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' },
    field('Find the person by', kind)[0], field('Value', value)[0],
    h('div', { class: 'small' }, h('button', { type: 'submit', id: `${idPrefix}-load`, class: 'secondary' }, 'Load events')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(status);
    let person;
    try {
      person = await get(`/api/persons${query({ [kind.value]: value.value.trim(), events: limit })}`);
    } catch (e) {
      clear(status, errorBox(e, 'Person'));
      return;
    }
    const events = [...(person.recentEvents || [])].sort((a, b) => String(a.receivedAt || a.timestamp).localeCompare(String(b.receivedAt || b.timestamp)));
    clear(status, h('p', { class: 'muted' }, `Person ${person.id}: ${events.length} recent event(s), traits ${fmt(Object.keys(person.traits || {}).join(', '))}.`));
    onLoaded({ person, events });
  });
  return h('div', {}, form, status);
}
