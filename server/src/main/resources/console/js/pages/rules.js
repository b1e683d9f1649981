// Rules: the list (GET /api/rules); the editor with a builder for the common shape and a raw JSON mode, save
// (PUT /api/rules/{id}), publish, deactivate, versions, and a dry run (POST /api/rules/dry-run). docs/rules.md.
import { get, post, put, ApiError } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, json, run, parseJson } from '../ui.js';
import { EVENT_TYPES, UNITS, emptyModel, newStep, toRule, fromRule, dataError, sampleEvents } from '../rule-builder.js';

export async function render(root, args) {
  if (args[0]) return editor(root, args[0] === 'new' ? null : args[0]);
  root.append(h('h1', {}, 'Rules'), h('p', {}, h('a', { href: '#/rules/new', id: 'new-rule' }, 'New rule')));
  const messages = h('div', { class: 'messages' });
  root.append(messages);
  const r = await run(messages, 'Rules', () => get('/api/rules'));
  if (!r) return;
  root.append(h('div', { class: 'card' }, table([
    { label: 'Id', render: (x) => h('a', { href: `#/rules/${encodeURIComponent(x.id)}` }, x.id) },
    { label: 'Name', key: 'name' },
    { label: 'State', render: (x) => h('span', { class: `badge ${x.status === 'active' ? 'ok' : ''}` }, x.status) },
    { label: 'Active version', key: 'activeVersion' }, { label: 'Latest version', key: 'latestVersion' },
    { label: 'Draft', render: (x) => (x.hasDraft ? 'yes' : '') }, { label: 'Updated', key: 'updatedAt' },
  ], r.rules, 'No rules yet.')));
}

async function editor(root, id) {
  root.append(h('p', {}, h('a', { href: '#/rules' }, '← All rules')), h('h1', { id: 'rule-title' }, id ? `Rule ${id}` : 'New rule'));
  const messages = h('div', { class: 'messages', id: 'rule-messages', 'aria-live': 'polite' });
  const state = h('p', { id: 'rule-state' });
  let model = emptyModel();
  let mode = 'builder';
  let ruleId = id;

  const builderArea = h('div', { id: 'rule-builder' });
  const generated = h('pre', { id: 'rule-json', 'aria-label': 'Generated rule JSON', tabindex: '0' });
  const raw = h('textarea', { id: 'rule-raw', class: 'tall', spellcheck: 'false' });
  const rawArea = h('div', { hidden: true }, field('Rule JSON', raw)[0]);
  const builderMode = h('input', { type: 'radio', name: 'rule-mode', id: 'mode-builder', value: 'builder', checked: true });
  const rawMode = h('input', { type: 'radio', name: 'rule-mode', id: 'mode-raw', value: 'raw' });
  const modeSwitch = h('fieldset', {}, h('legend', {}, 'Edit with'),
    h('label', { for: 'mode-builder', class: 'inline' }, builderMode, ' the builder'),
    h('label', { for: 'mode-raw', class: 'inline' }, rawMode, ' raw JSON'));
  const versionsArea = h('div', { id: 'rule-versions' });

  function currentRule() {
    if (mode === 'builder') return toRule(model);
    return parseJson(raw.value, 'The rule');
  }
  function refreshJson() {
    const err = dataError(model);
    clear(generated, JSON.stringify(toRule(model), null, 2));
    if (err) generated.append(h('div', { class: 'error', role: 'alert' }, `Action data is not valid JSON: ${err}`));
  }
  function setMode(next) {
    clear(messages);
    if (next === 'raw') {
      if (mode === 'builder') raw.value = JSON.stringify(toRule(model), null, 2);
    } else {
      let rule;
      try { rule = parseJson(raw.value, 'The rule'); } catch (e) { show(e); builderMode.checked = false; rawMode.checked = true; return; }
      const m = fromRule(rule);
      if (m.unsupported) {
        clear(messages, errorBox({ message: `The builder cannot show: ${m.unsupported.join(', ')}. Edit this rule as JSON.` }, 'Builder'));
        builderMode.checked = false; rawMode.checked = true;
        return;
      }
      model = m;
      drawBuilder();
    }
    mode = next;
    builderArea.hidden = generatedCard.hidden = mode !== 'builder';
    rawArea.hidden = mode !== 'raw';
  }
  builderMode.addEventListener('change', () => setMode('builder'));
  rawMode.addEventListener('change', () => setMode('raw'));

  function input(value, onInput, attrs = {}) {
    const el = h('input', { type: 'text', value, ...attrs });
    el.addEventListener('input', () => { onInput(el.value); refreshJson(); });
    return el;
  }
  function choice(options, value, onChange, attrs = {}) {
    const el = select(options, value, attrs);
    el.addEventListener('change', () => { onChange(el.value); refreshJson(); });
    return el;
  }
  function drawBuilder() {
    const m = model;
    const stepsList = m.steps.map((s, i) => h('fieldset', { class: 'step', dataset: { step: i } },
      h('legend', {}, `Step ${i + 1}`),
      h('div', { class: 'inline' },
        field('Kind', choice([['event', 'then event'], ['absence', 'no event … within']], s.kind, (v) => { s.kind = v; }, { id: `step-${i}-kind` }))[0],
        field('Step id', input(s.id, (v) => { s.id = v; }, { id: `step-${i}-id` }))[0]),
      h('div', { class: 'inline' },
        field('Event type', choice(EVENT_TYPES, s.type, (v) => { s.type = v; }, { id: `step-${i}-type` }))[0],
        field('Event name', input(s.name, (v) => { s.name = v; }, { id: `step-${i}-name` }))[0]),
      h('div', { class: 'inline' },
        field('Within', input(String(s.amount), (v) => { s.amount = v; }, { id: `step-${i}-amount`, type: 'number', min: '1' }))[0],
        field('Unit', choice(UNITS, s.unit, (v) => { s.unit = v; }, { id: `step-${i}-unit` }))[0]),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => { m.steps.splice(i, 1); drawBuilder(); } }, `Remove step ${i + 1}`))));
    const data = h('textarea', { id: 'rule-action-data', spellcheck: 'false' });
    data.value = m.action.data;
    data.addEventListener('input', () => { m.action.data = data.value; refreshJson(); });
    clear(builderArea,
      h('div', { class: 'inline' },
        field('Rule id', input(m.id, (v) => { m.id = v; }, { id: 'rule-id', readonly: ruleId ? true : undefined }))[0],
        field('Name', input(m.name, (v) => { m.name = v; }, { id: 'rule-name' }))[0]),
      h('fieldset', {}, h('legend', {}, 'Entry event'),
        h('div', { class: 'inline' },
          field('Type', choice(EVENT_TYPES, m.entry.type, (v) => { m.entry.type = v; }, { id: 'entry-type' }))[0],
          field('Event name', input(m.entry.name, (v) => { m.entry.name = v; }, { id: 'entry-name' }))[0]),
        field('Correlate by (optional path, e.g. properties.cart_id)', input(m.entry.correlateBy, (v) => { m.entry.correlateBy = v; }, { id: 'entry-correlate' }))[0]),
      h('div', { id: 'rule-steps' }, stepsList),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-step', onclick: () => { m.steps.push(newStep(m.steps.length)); drawBuilder(); } }, 'Add step')),
      h('fieldset', {}, h('legend', {}, 'Action: trigger an Emarsys external event'),
        field('External event name', input(m.action.externalEvent, (v) => { m.action.externalEvent = v; }, { id: 'action-event' }))[0],
        field('Data template (JSON, {{entry.properties.x}}, {{person.traits.x}} …)', data)[0]));
    refreshJson();
  }

  function show(err, context) { clear(messages, errorBox(err, context)); }
  function requireId(rule) {
    if (!rule.id) throw new ApiError(0, { error: 'invalid_rule', message: 'the rule needs an id', problems: [{ path: 'id', code: 'required', message: 'give the rule an id' }] });
    return rule.id;
  }

  async function save() {
    clear(messages);
    const v = await run(messages, 'Save', async () => { const rule = currentRule(); return put(`/api/rules/${encodeURIComponent(requireId(rule))}`, rule); });
    if (!v) return;
    if (!ruleId) { ruleId = v.id; history.replaceState(null, '', `#/rules/${encodeURIComponent(ruleId)}`); document.getElementById('rule-title').textContent = `Rule ${ruleId}`; }
    clear(messages, notice(`Saved draft version ${v.version} of ${v.id}.`));
    await refresh();
  }
  async function lifecycle(action) {
    clear(messages);
    if (!ruleId) { show(new ApiError(0, { error: 'not_saved', message: 'save the rule first' })); return; }
    const r = await run(messages, action === 'publish' ? 'Publish' : 'Deactivate', () => post(`/api/rules/${encodeURIComponent(ruleId)}/${action}`));
    if (!r) return;
    clear(messages, notice(action === 'publish' ? `Published version ${r.version}: it is active now.` : `Rule ${r.id} is ${r.status} now.`));
    await refresh();
  }
  async function refresh() {
    if (!ruleId) { clear(state, 'Not saved yet.'); return null; }
    const r = await run(messages, 'Rule', () => get(`/api/rules/${encodeURIComponent(ruleId)}`));
    if (!r) return null;
    clear(state, 'State: ', h('span', { class: `badge ${r.status === 'active' ? 'ok' : ''}`, id: 'rule-status' }, r.status),
      ` · active version ${r.activeVersion ?? '—'} · latest version ${r.latestVersion}${r.hasDraft ? ' (draft)' : ''}`);
    const vs = await run(messages, 'Versions', () => get(`/api/rules/${encodeURIComponent(ruleId)}/versions`));
    if (vs) clear(versionsArea, table([{ label: 'Version', key: 'version' }, { label: 'Status', key: 'status' },
      { label: 'Created', key: 'createdAt' }, { label: 'Published', key: 'publishedAt' },
      { label: 'Definition', render: (v) => h('details', {}, h('summary', {}, 'show'), json(v.definition)) }], vs.versions));
    return r;
  }

  // dry run
  const events = h('textarea', { id: 'dry-run-events', spellcheck: 'false' });
  const endAt = h('input', { type: 'text', id: 'dry-run-end', placeholder: '2026-11-23T12:00:00Z' });
  const dryOut = h('div', { id: 'dry-run-result', 'aria-live': 'polite' });
  async function dryRun() {
    clear(dryOut);
    const r = await run(dryOut, 'Dry run', () => {
      const body = { rule: currentRule(), events: parseJson(events.value, 'The events') };
      if (endAt.value.trim()) body.endAt = endAt.value.trim();
      return post('/api/rules/dry-run', body);
    });
    if (!r) return;
    clear(dryOut,
      h('p', { id: 'dry-run-summary' }, `${r.fires.length} fire(s), ${r.liveInstances.length} live instance(s), ${r.pendingTimers.length} pending timer(s).`),
      h('h3', {}, 'Fires'), table([{ label: 'At', key: 'at' }, { label: 'External event', render: (f) => f.externalEvent || f.externalEventId },
        { label: 'Payload', render: (f) => json(f.payload) }], r.fires, 'Nothing would fire.'),
      h('h3', {}, 'Trace'), table([{ label: 'At', key: 'at' }, { label: 'Kind', key: 'kind' }, { label: 'Detail', key: 'detail' }], r.trace, 'No trace.'),
      r.liveInstances.length ? [h('h3', {}, 'Live instances'), json(r.liveInstances)] : null,
      r.pendingTimers.length ? [h('h3', {}, 'Pending timers'), json(r.pendingTimers)] : null);
  }

  const generatedCard = h('div', { class: 'card' }, h('h2', {}, 'Rule JSON'), generated);
  root.append(state, messages, modeSwitch,
    h('div', { class: 'two-col' }, h('div', { class: 'card' }, builderArea, rawArea), generatedCard),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'save-rule', onclick: save }, 'Save draft'),
      h('button', { type: 'button', id: 'publish-rule', onclick: () => lifecycle('publish') }, 'Publish'),
      h('button', { type: 'button', class: 'secondary', id: 'deactivate-rule', onclick: () => lifecycle('deactivate') }, 'Deactivate')),
    h('div', { class: 'card' }, h('h2', {}, 'Dry run'),
      h('p', { class: 'muted' }, 'Runs the rule in the editor over these events with a simulated clock; nothing is stored or sent. Each event needs a timestamp.'),
      field('Events (JSON array)', events)[0], field('End at (optional, moves the clock on so windows can close)', endAt)[0],
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'dry-run', onclick: dryRun }, 'Dry run'),
        h('button', { type: 'button', class: 'secondary', onclick: () => { events.value = JSON.stringify(sampleEvents(currentRuleOrNull()), null, 2); } }, 'Fill sample events from the rule')),
      dryOut),
    h('div', { class: 'card' }, h('h2', {}, 'Versions'), versionsArea));

  function currentRuleOrNull() { try { return currentRule(); } catch { return null; } }

  if (ruleId) {
    const r = await refresh();
    if (r) {
      const m = fromRule(r.definition);
      if (m.unsupported) {
        raw.value = JSON.stringify(r.definition, null, 2);
        mode = 'raw'; rawMode.checked = true; builderMode.checked = false;
        builderArea.hidden = generatedCard.hidden = true; rawArea.hidden = false;
        messages.append(h('p', { class: 'muted' }, `Opened as JSON: the builder cannot show ${m.unsupported.join(', ')}.`));
      } else {
        model = m;
      }
    }
  } else {
    clear(state, 'Not saved yet.');
  }
  drawBuilder();
  events.value = JSON.stringify(sampleEvents(currentRuleOrNull()), null, 2);
}
