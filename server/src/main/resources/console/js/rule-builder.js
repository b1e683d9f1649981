// The rule builder's model to and from rule JSON (docs/rules.md): entry event with conditions and correlation,
// person conditions (traits, audiences), steps (next event, absence, count) with windows, exits, re-entry, time and
// the external-event action. Pure functions, no DOM. A rule using more than this (references in templates are fine)
// opens as JSON.

export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'];
export const UNITS = [['M', 'minutes'], ['H', 'hours'], ['D', 'days']];
export const OPS = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'exists', 'contains', 'startsWith', 'matches'];
export const STEP_KINDS = [['event', 'then event'], ['absence', 'no event … within'], ['count', 'a number of events within']];
export const REENTRY = [['', '(default: after exit)'], ['once', 'once per person'], ['afterExit', 'after the previous one ended'], ['always', 'always']];

export function emptyModel() {
  return {
    id: '', name: '',
    entry: { type: 'track', name: '', correlateBy: '', where: [] },
    person: { traits: [], inAudiences: '', notInAudiences: '' },
    steps: [],
    exits: [],
    reentry: { mode: '', cooldown: '', maxActive: '' },
    time: { grace: '', ignoreEventsOlderThan: '' },
    action: { externalEvent: '', data: '{\n  "global": {}\n}' },
  };
}

export function newStep(index) {
  return { id: `step${index + 1}`, kind: 'absence', type: 'track', name: '', where: [], amount: 1, unit: 'H', from: 'previous', min: '', max: '' };
}

export const newExit = () => ({ type: 'track', name: '', where: [] });
export const newCondition = () => ({ path: '', op: 'eq', value: '' });

/** ISO-8601 duration from an amount and a unit (M minutes, H hours, D days). */
export function duration(amount, unit) {
  const n = Number(amount);
  return unit === 'D' ? `P${n}D` : `PT${n}${unit}`;
}

function parseDuration(iso) {
  const m = /^P(?:(\d+)D|T(\d+)([HM]))$/.exec(iso || '');
  if (!m) return null;
  return m[1] ? { amount: Number(m[1]), unit: 'D' } : { amount: Number(m[2]), unit: m[3] };
}

/** A condition value as typed: JSON when it reads as JSON (20, true, "20", ["a","b"], {"ref": …}), else text. */
export function parseValue(text, op) {
  const t = String(text ?? '').trim();
  try { return JSON.parse(t); } catch { /* plain text */ }
  if (op === 'in' || op === 'nin') return t.split(',').map((x) => x.trim()).filter(Boolean);
  return t;
}

/** The text a condition value is typed as (the inverse of parseValue). */
export function valueText(v) {
  if (v === undefined) return '';
  if (typeof v === 'string') {
    try { JSON.parse(v); return JSON.stringify(v); } catch { return v; } // "20" stays a text, not the number 20
  }
  return JSON.stringify(v);
}

function conditionsJson(list) {
  return list.filter((c) => c.path.trim()).map((c) => {
    const out = { path: c.path.trim(), op: c.op };
    if (c.op !== 'exists') out.value = parseValue(c.value, c.op);
    return out;
  });
}

function conditionsModel(list, at, unsupported) {
  if (list === undefined) return [];
  if (!Array.isArray(list)) { unsupported.push(at); return []; }
  return list.map((c, i) => {
    for (const k of Object.keys(c || {})) if (!['path', 'op', 'value'].includes(k)) unsupported.push(`${at}[${i}].${k}`);
    return { path: c?.path || '', op: c?.op || 'eq', value: valueText(c?.value) };
  });
}

function eventJson(type, name, where) {
  const e = { type };
  if (name && name.trim()) e.name = name.trim();
  const w = conditionsJson(where || []);
  if (w.length) e.where = w;
  return e;
}

const names = (text) => String(text || '').split(',').map((x) => x.trim()).filter(Boolean);

/**
 * The rule JSON of a builder model. The action data is JSON text typed by the user; when it is not valid JSON the
 * text is sent as it is so the server reports the problem at action.data (dataError says so here).
 */
export function toRule(model) {
  const rule = { id: model.id.trim() };
  if (model.name.trim()) rule.name = model.name.trim();
  rule.entry = { event: eventJson(model.entry.type, model.entry.name, model.entry.where) };
  if (model.entry.correlateBy.trim()) rule.entry.correlateBy = model.entry.correlateBy.trim();
  const person = {};
  const traits = conditionsJson(model.person.traits);
  if (traits.length) person.traits = traits;
  if (names(model.person.inAudiences).length) person.inAudiences = names(model.person.inAudiences);
  if (names(model.person.notInAudiences).length) person.notInAudiences = names(model.person.notInAudiences);
  if (Object.keys(person).length) rule.person = person;
  rule.steps = model.steps.map((s) => {
    const step = { id: s.id.trim(), kind: s.kind, event: eventJson(s.type, s.name, s.where), within: { duration: duration(s.amount, s.unit) } };
    if (s.from && s.from !== 'previous') step.within.from = s.from;
    if (s.kind === 'count') {
      if (String(s.min).trim()) step.min = Number(s.min);
      if (String(s.max).trim()) step.max = Number(s.max);
    }
    return step;
  });
  if (model.exits.length) rule.exitWhen = model.exits.map((x) => eventJson(x.type, x.name, x.where));
  const reentry = {};
  if (model.reentry.mode) reentry.mode = model.reentry.mode;
  if (model.reentry.cooldown.trim()) reentry.cooldown = model.reentry.cooldown.trim();
  if (String(model.reentry.maxActive).trim()) reentry.maxActive = Number(model.reentry.maxActive);
  if (Object.keys(reentry).length) rule.reentry = reentry;
  const time = {};
  if (model.time.grace.trim()) time.grace = model.time.grace.trim();
  if (model.time.ignoreEventsOlderThan.trim()) time.ignoreEventsOlderThan = model.time.ignoreEventsOlderThan.trim();
  if (Object.keys(time).length) rule.time = time;
  let data;
  try { data = JSON.parse(model.action.data || '{}'); } catch { data = model.action.data; }
  rule.action = { externalEvent: model.action.externalEvent.trim(), data };
  return rule;
}

export function dataError(model) {
  try { JSON.parse(model.action.data || '{}'); return null; } catch (e) { return e.message; }
}

function only(obj, allowed, at, unsupported) {
  for (const k of Object.keys(obj || {})) if (!allowed.includes(k)) unsupported.push(at ? `${at}.${k}` : k);
}

/**
 * The builder model of a rule, or {unsupported: [what the builder cannot show]} when the rule uses more than the
 * builder covers (then it is edited as JSON).
 */
export function fromRule(rule) {
  const unsupported = [];
  only(rule, ['id', 'name', 'version', 'entry', 'person', 'steps', 'exitWhen', 'reentry', 'time', 'action', 'status'], '', unsupported);
  const entry = rule?.entry || {};
  only(entry, ['event', 'correlateBy'], 'entry', unsupported);
  const ev = entry.event || {};
  only(ev, ['type', 'name', 'where'], 'entry.event', unsupported);
  const person = rule?.person || {};
  only(person, ['traits', 'inAudiences', 'notInAudiences'], 'person', unsupported);
  const stepIds = new Set();
  const steps = (rule?.steps || []).map((s, i) => {
    only(s, ['id', 'kind', 'event', 'within', 'min', 'max'], `steps[${i}]`, unsupported);
    if (!['event', 'absence', 'count'].includes(s.kind)) unsupported.push(`steps[${i}].kind ${s.kind}`);
    only(s.event, ['type', 'name', 'where'], `steps[${i}].event`, unsupported);
    only(s.within, ['duration', 'from'], `steps[${i}].within`, unsupported);
    const from = s.within?.from || 'previous';
    if (!(from === 'previous' || from === 'entry' || (from.startsWith('step:') && stepIds.has(from.slice(5))))) unsupported.push(`steps[${i}].within.from ${from}`);
    stepIds.add(s.id);
    const d = parseDuration(s.within?.duration);
    if (!d) unsupported.push(`steps[${i}].within.duration ${s.within?.duration}`);
    return {
      id: s.id || `step${i + 1}`, kind: s.kind, type: s.event?.type || 'track', name: s.event?.name || '',
      where: conditionsModel(s.event?.where, `steps[${i}].event.where`, unsupported),
      amount: d?.amount ?? 1, unit: d?.unit ?? 'H', from, min: s.min ?? '', max: s.max ?? '',
    };
  });
  const exits = (rule?.exitWhen || []).map((x, i) => {
    only(x, ['type', 'name', 'where'], `exitWhen[${i}]`, unsupported);
    return { type: x.type || 'track', name: x.name || '', where: conditionsModel(x.where, `exitWhen[${i}].where`, unsupported) };
  });
  const reentry = rule?.reentry || {};
  only(reentry, ['mode', 'cooldown', 'maxActive'], 'reentry', unsupported);
  const time = rule?.time || {};
  only(time, ['grace', 'ignoreEventsOlderThan'], 'time', unsupported);
  const action = rule?.action || {};
  only(action, ['externalEvent', 'data'], 'action', unsupported);
  const model = {
    id: rule?.id || '', name: rule?.name || '',
    entry: { type: ev.type || 'track', name: ev.name || '', correlateBy: entry.correlateBy || '', where: conditionsModel(ev.where, 'entry.event.where', unsupported) },
    person: { traits: conditionsModel(person.traits, 'person.traits', unsupported), inAudiences: (person.inAudiences || []).join(', '), notInAudiences: (person.notInAudiences || []).join(', ') },
    steps,
    exits,
    reentry: { mode: reentry.mode || '', cooldown: reentry.cooldown || '', maxActive: reentry.maxActive ?? '' },
    time: { grace: time.grace || '', ignoreEventsOlderThan: time.ignoreEventsOlderThan || '' },
    action: { externalEvent: action.externalEvent || '', data: JSON.stringify(action.data ?? {}, null, 2) },
  };
  if (unsupported.length) return { unsupported };
  return model;
}

/** Sample events for a dry run of a rule: its entry event now, then one event per "then event" step a minute apart. */
export function sampleEvents(rule, now = new Date()) {
  const at = (minutes) => new Date(now.getTime() + minutes * 60000).toISOString();
  const event = (e, minutes) => {
    const out = { type: e?.type || 'track', userId: 'dry-run-user', timestamp: at(minutes) };
    if (e?.name) out[out.type === 'track' ? 'event' : 'name'] = e.name;
    return out;
  };
  const events = [event(rule?.entry?.event, 0)];
  (rule?.steps || []).forEach((s, i) => { if (s.kind === 'event') events.push(event(s.event, i + 1)); });
  return events;
}
