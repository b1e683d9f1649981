// A person's activity for the Users page (GET /api/persons/{id}/activity): live rule instances with their
// deadlines, list memberships as last sent to Emarsys, Engage audiences, what was done with its latest events
// (linked to the debugger) and the Emarsys requests that carried its items.
import { get } from '../api.js';
import { h, clear, errorBox, table, fmt } from '../ui.js';
import { requestView } from './debugger.js';

/** A card that fills itself with the person's activity. */
export function activitySection(personId) {
  const card = h('div', { class: 'card', id: 'person-activity' }, h('h2', {}, 'Activity'), h('p', { class: 'muted' }, 'Loading…'));
  load(card, personId);
  return card;
}

async function load(card, personId) {
  try {
    const a = await get(`/api/persons/${encodeURIComponent(personId)}/activity`);
    clear(card, h('h2', {}, 'Activity'),
      h('h3', {}, 'Rule instances'),
      h('div', { id: 'person-rule-instances' }, table([
        { label: 'Rule', render: (i) => h('a', { href: `#/rules/${encodeURIComponent(i.ruleId)}` }, `${i.ruleId} v${i.version}`) },
        { label: 'Instance (entry message id)', key: 'instanceId' }, { label: 'Correlation value', render: (i) => fmt(i.key) },
        { label: 'Entered', key: 'enteredAt' }, { label: 'Waiting on step', render: (i) => String(i.step + 1) },
        { label: 'Deadline', render: (i) => fmt(i.deadline) }, { label: 'Timer fires at', render: (i) => fmt(i.dueAt) }],
      a.ruleInstances, 'No live rule instance.')),
      h('h3', {}, 'List memberships (as last sent to Emarsys)'),
      h('div', { id: 'person-lists' }, table([
        { label: 'Contact list', render: (l) => (l.byName ? `${l.list} (by name)` : `list id ${l.list}`) },
        { label: 'Member', render: (l) => h('span', { class: `badge ${l.member ? 'ok' : ''}` }, l.member ? 'added' : 'removed') }],
      a.lists, 'No list change sent.')),
      h('h3', {}, 'Engage audiences (from its traits)'),
      table([{ label: 'Audience', key: 'audience' }, { label: 'Member', render: (x) => (x.member ? 'yes' : 'no') }], a.audiences, 'None.'),
      h('h3', {}, `Latest events as processed (${a.events.length})`),
      h('div', { id: 'person-traced-events' }, table([
        { label: 'Received', key: 'receivedAt' }, { label: 'Type', key: 'type' },
        { label: 'Event / name', render: (e) => h('a', { href: `#/debugger/${encodeURIComponent(e.messageId)}` }, e.name || e.messageId) },
        { label: 'Emarsys', render: (e) => h('span', { class: `badge ${e.delivery === 'delivered' ? 'ok' : e.delivery === 'failed' ? 'bad' : ''}` }, e.delivery) }],
      a.events, 'None since the service started.')),
      h('h3', {}, `Emarsys requests (${a.requests.length})`),
      h('div', { id: 'person-requests' }, a.requests.length ? a.requests.map(requestView) : h('p', { class: 'muted' }, 'None kept.')));
  } catch (e) {
    clear(card, h('h2', {}, 'Activity'), errorBox(e, 'Activity'));
  }
}
