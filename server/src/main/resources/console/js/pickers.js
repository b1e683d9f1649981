// Suggestions for the editors: what recent traffic contains (GET /api/schema/events, /api/schema/paths: kept by
// the service from real events, with counts and example values) and what the Emarsys account has (fields, contact
// lists, external events; refreshable). Offered as <datalist>s, so typing stays possible and nothing is forced.
import { get, post, query } from './api.js';
import { datalist, h } from './ui.js';

const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'];

/** "seen 12 of 12 · e.g. gold, silver": the label of a path suggestion. */
export function pathLabel(p) {
  const share = p.sampled ? `seen in ${Math.round((100 * p.seen) / p.sampled)} % of ${p.sampled} events` : `seen ${p.seen}×`;
  const ex = (p.examples || []).length ? ` · e.g. ${p.examples.join(', ')}` : '';
  return `${share} · ${(p.kinds || []).join('/')}${ex}`;
}

/** Event names seen recently: [{type, name, count, lastSeen}], most frequent first; [] when unknown. */
export async function seenEvents(type) {
  try { return (await get(`/api/schema/events${query({ type })}`)).events; } catch { return []; }
}

/** Paths seen in events of this type and name (either may be empty: any). */
export async function seenPaths(type, event) {
  try { return (await get(`/api/schema/paths${query({ type, event })}`)).paths; } catch { return []; }
}

/**
 * A datalist of event names seen for a type; id is its element id. Answers the names (for a message when none).
 */
export async function eventNameList(id, type) {
  const events = (await seenEvents(type)).filter((e) => e.name);
  datalist(id, events.map((e) => [e.name, `${e.type} · ${e.count} seen, last ${e.lastSeen}`]));
  return events;
}

/**
 * A datalist of paths seen in events of this type and name. prefix/strip turn them into the paths an editor takes:
 * data maps read event paths as they are and the person's traits as person.traits.x; rule trait conditions are
 * relative to the traits ("email", not "traits.email").
 */
export async function pathList(id, { type, event, person } = {}) {
  const paths = await seenPaths(type, event);
  const options = paths.filter((p) => !p.kinds.every((k) => k === 'object')).map((p) => [p.path, pathLabel(p)]);
  if (person) {
    // the person's merged traits come from identify traits
    const traits = await seenPaths('identify', '');
    for (const p of traits) {
      if (!p.path.startsWith('traits.') || p.kinds.every((k) => k === 'object')) continue;
      options.push([person === 'relative' ? p.path.slice('traits.'.length) : `person.${p.path}`, pathLabel(p)]);
    }
  }
  datalist(id, options);
  return options;
}

let fieldsCache = null;
/** The account's fields (GET /api/emarsys/fields): [{id, name, stringId, type, readOnly, choices}]. */
export async function emarsysFields(refresh = false) {
  if (!fieldsCache || refresh) {
    fieldsCache = refresh ? post('/api/emarsys/fields/refresh') : get('/api/emarsys/fields');
    fieldsCache = fieldsCache.catch((e) => { fieldsCache = null; throw e; });
  }
  return (await fieldsCache).fields;
}

/** The account's contact lists or external events (kind 'lists' | 'events'): {items, fetchedAt, lastError}. */
export async function account(kind, refresh = false) {
  return refresh ? post(`/api/emarsys/${kind}/refresh`) : get(`/api/emarsys/${kind}`);
}

/** A datalist of the account's external event names, and a line saying when they were read. */
export async function externalEventList(id, refresh = false) {
  try {
    const r = await account('events', refresh);
    datalist(id, (r.items || []).map((e) => [e.name, `id ${e.id}`]));
    return r.lastError ? `Emarsys could not be asked: ${r.lastError}` : `${(r.items || []).length} external event(s) in the account, read ${r.fetchedAt}.`;
  } catch (e) {
    return `Emarsys could not be asked: ${e.message}`;
  }
}

/** A "Refresh from Emarsys" button that runs refresh() and puts its sentence into status. */
export function refreshButton(label, id, status, refresh) {
  const b = h('button', { type: 'button', class: 'secondary', id }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try { status.textContent = await refresh(); } finally { b.disabled = false; }
  });
  return b;
}

export { EVENT_TYPES };

/** A datalist of trait names seen in identifies (relative to the traits: "email", "plan"). */
export async function traitList(id) {
  const traits = (await seenPaths('identify', '')).filter((p) => p.path.startsWith('traits.') && !p.kinds.every((k) => k === 'object'));
  datalist(id, traits.map((p) => [p.path.slice('traits.'.length), pathLabel(p)]));
  return traits;
}
