// The rule builder's model: the common rule shape (entry event, "then event" and "no event within" steps, an
// external-event action) to and from rule JSON (docs/rules.md). Pure functions, no DOM.

export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'];
export const UNITS = [['M', 'minutes'], ['H', 'hours'], ['D', 'days']];

export function emptyModel() {
  return {
    id: '', name: '',
    entry: { type: 'track', name: '', correlateBy: '' },
    steps: [],
    action: { externalEvent: '', data: '{\n  "global": {}\n}' },
  };
}

export function newStep(index) {
  return { id: `step${index + 1}`, kind: 'absence', type: 'track', name: '', amount: 1, unit: 'H' };
}

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

function eventJson(type, name) {
  const e = { type };
  if (name && name.trim()) e.name = name.trim();
  return e;
}

/**
 * The rule JSON of a builder model. The action data is JSON text typed by the user; when it is not valid JSON the
 * text is sent as it is so the server reports the problem at action.data (dataError says so here).
 */
export function toRule(model) {
  const rule = { id: model.id.trim() };
  if (model.name.trim()) rule.name = model.name.trim();
  rule.entry = { event: eventJson(model.entry.type, model.entry.name) };
  if (model.entry.correlateBy.trim()) rule.entry.correlateBy = model.entry.correlateBy.trim();
  rule.steps = model.steps.map((s) => ({
    id: s.id.trim(), kind: s.kind, event: eventJson(s.type, s.name), within: { duration: duration(s.amount, s.unit) },
  }));
  let data;
  try { data = JSON.parse(model.action.data || '{}'); } catch { data = model.action.data; }
  rule.action = { externalEvent: model.action.externalEvent.trim(), data };
  return rule;
}

export function dataError(model) {
  try { JSON.parse(model.action.data || '{}'); return null; } catch (e) { return e.message; }
}

/**
 * The builder model of a rule, or {unsupported: [what the builder cannot show]} when the rule uses more than the
 * common shape (then it is edited as JSON).
 */
export function fromRule(rule) {
  const unsupported = [];
  const known = new Set(['id', 'name', 'version', 'entry', 'steps', 'action', 'status']);
  for (const k of Object.keys(rule || {})) if (!known.has(k)) unsupported.push(k);
  const entry = rule?.entry || {};
  for (const k of Object.keys(entry)) if (!['event', 'correlateBy'].includes(k)) unsupported.push(`entry.${k}`);
  const ev = entry.event || {};
  for (const k of Object.keys(ev)) if (!['type', 'name'].includes(k)) unsupported.push(`entry.event.${k}`);
  const steps = (rule?.steps || []).map((s, i) => {
    for (const k of Object.keys(s)) if (!['id', 'kind', 'event', 'within'].includes(k)) unsupported.push(`steps[${i}].${k}`);
    if (!['event', 'absence'].includes(s.kind)) unsupported.push(`steps[${i}].kind ${s.kind}`);
    for (const k of Object.keys(s.event || {})) if (!['type', 'name'].includes(k)) unsupported.push(`steps[${i}].event.${k}`);
    if (s.within?.from && s.within.from !== 'previous') unsupported.push(`steps[${i}].within.from`);
    const d = parseDuration(s.within?.duration);
    if (!d) unsupported.push(`steps[${i}].within.duration ${s.within?.duration}`);
    return { id: s.id || `step${i + 1}`, kind: s.kind, type: s.event?.type || 'track', name: s.event?.name || '', amount: d?.amount ?? 1, unit: d?.unit ?? 'H' };
  });
  const action = rule?.action || {};
  for (const k of Object.keys(action)) if (!['externalEvent', 'data'].includes(k)) unsupported.push(`action.${k}`);
  if (unsupported.length) return { unsupported };
  return {
    id: rule.id || '', name: rule.name || '',
    entry: { type: ev.type || 'track', name: ev.name || '', correlateBy: entry.correlateBy || '' },
    steps,
    action: { externalEvent: action.externalEvent || '', data: JSON.stringify(action.data ?? {}, null, 2) },
  };
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
