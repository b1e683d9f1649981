// Rules: the list (GET /api/rules); the editor with a builder for the common shape and a raw JSON mode, save
// (PUT /api/rules/{id}), publish, deactivate, versions, and a dry run (POST /api/rules/dry-run). docs/rules.md.
import { get, post, put, ApiError } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, json, run, parseJson, leaveGuard } from '../ui.js';
import { EVENT_TYPES, UNITS, OPS, STEP_KINDS, REENTRY, emptyModel, newStep, newExit, newCondition, toRule, fromRule, dataError, sampleEvents } from '../rule-builder.js';
import { eventNameList, pathList, traitList, externalEventList, refreshButton } from '../pickers.js';
import { personEventsForm } from '../person-events.js';
import { historyCard } from '../history.js';

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
    { label: 'Draft', render: (x) => (x.hasDraft ? 'yes' : '') },
    { label: 'Entered', render: (x) => x.stats?.entered ?? 0 }, { label: 'Fired', render: (x) => x.stats?.fired ?? 0 },
    { label: 'Exited', render: (x) => x.stats?.exited ?? 0 }, { label: 'Expired', render: (x) => x.stats?.expired ?? 0 },
    { label: 'Live', render: (x) => x.stats?.live ?? 0 }, { label: 'Last fired', render: (x) => x.stats?.lastFired || '—' },
    { label: 'Updated', key: 'updatedAt' },
  ], r.rules, 'No rules yet.')));
}

function statsLine(st) {
  if (!st) return 'No figures yet.';
  return `Entered ${st.entered} · fired ${st.fired} · exited ${st.exited} · expired ${st.expired} · cancelled ${st.cancelled} · live instances ${st.live} · last fired ${st.lastFired || 'never'}`;
}

async function editor(root, id) {
  root.append(h('p', {}, h('a', { href: '#/rules' }, '← All rules')), h('h1', { id: 'rule-title' }, id ? `Rule ${id}` : 'New rule'));
  const messages = h('div', { class: 'messages', id: 'rule-messages', 'aria-live': 'polite' });
  const state = h('p', { id: 'rule-state' });
  const statsArea = h('p', { id: 'rule-stats', class: 'muted' });
  const unsavedBanner = h('div', { id: 'rule-unsaved', class: 'unsaved', role: 'status', hidden: true }, 'Unsaved edits: Save draft or Publish keeps them.');
  let model = emptyModel();
  let mode = 'builder';
  let ruleId = id;
  let latestVersion = null; // the newest stored version: what Publish publishes when the editor holds it unchanged
  let baseline = null;      // the rule JSON as last loaded or saved, to tell unsaved edits

  const builderArea = h('div', { id: 'rule-builder' });
  const generated = h('pre', { id: 'rule-json', 'aria-label': 'Generated rule JSON', tabindex: '0' });
  const raw = h('textarea', { id: 'rule-raw', class: 'tall', spellcheck: 'false' });
  raw.addEventListener('input', () => markUnsaved());
  const rawArea = h('div', { hidden: true }, field('Rule JSON', raw)[0]);
  const builderMode = h('input', { type: 'radio', name: 'rule-mode', id: 'mode-builder', value: 'builder', checked: true });
  const rawMode = h('input', { type: 'radio', name: 'rule-mode', id: 'mode-raw', value: 'raw' });
  const modeSwitch = h('fieldset', {}, h('legend', {}, 'Edit with'),
    h('label', { for: 'mode-builder', class: 'inline' }, builderMode, ' the builder'),
    h('label', { for: 'mode-raw', class: 'inline' }, rawMode, ' raw JSON'));
  const versionsArea = h('div', { id: 'rule-versions' });
  const externalStatus = h('p', { class: 'muted', id: 'external-events-status' });

  function currentRule() {
    if (mode === 'builder') return toRule(model);
    return parseJson(raw.value, 'The rule');
  }
  const shown = () => { try { return JSON.stringify(currentRule()); } catch { return raw.value; } };
  const unsaved = () => baseline !== null && shown() !== baseline;
  function markUnsaved() { unsavedBanner.hidden = !unsaved(); }
  function setBaseline() { baseline = shown(); markUnsaved(); }
  leaveGuard.check = () => (unsaved() ? 'The rule has unsaved edits.' : null);

  function refreshJson() {
    const err = dataError(model);
    clear(generated, JSON.stringify(toRule(model), null, 2));
    if (err) generated.append(h('div', { class: 'error', role: 'alert' }, `Action data is not valid JSON: ${err}`));
    markUnsaved();
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
  /** Conditions [{path, op, value}] with path suggestions from the datalist listId. */
  function conditions(list, prefix, listId, what) {
    const box = h('div', { id: `${prefix}-conditions` });
    const draw = () => clear(box, list.map((c, i) => h('div', { class: 'condition', dataset: { condition: i } },
      field(`${what} ${i + 1}: path`, input(c.path, (v) => { c.path = v; }, { id: `${prefix}-where-${i}-path`, list: listId, autocomplete: 'off', spellcheck: 'false' }))[0],
      field('Operator', choice(OPS.map((o) => [o, o]), c.op, (v) => { c.op = v; }, { id: `${prefix}-where-${i}-op` }))[0],
      field('Value', input(c.value, (v) => { c.value = v; }, { id: `${prefix}-where-${i}-value`, spellcheck: 'false' }))[0],
      h('div', { class: 'small' }, h('button', { type: 'button', class: 'secondary', onclick: () => { list.splice(i, 1); draw(); refreshJson(); } }, `Remove ${what.toLowerCase()} ${i + 1}`)))),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: `${prefix}-add-condition`,
      onclick: () => { list.push(newCondition()); draw(); refreshJson(); box.querySelector('.condition:last-of-type input')?.focus(); } }, `Add ${what.toLowerCase()}`)));
    draw();
    return box;
  }
  // suggestions: event names and paths seen in recent traffic, the account's external events
  let suggestTimer = null;
  function suggest() {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      await eventNameList('rule-event-names');
      await pathList('rule-paths-entry', { type: model.entry.type, event: model.entry.name });
      await traitList('rule-trait-paths');
      await Promise.all(model.steps.map((s, i) => pathList(`rule-paths-step-${i}`, { type: s.type, event: s.name })));
      await Promise.all(model.exits.map((x, i) => pathList(`rule-paths-exit-${i}`, { type: x.type, event: x.name })));
    }, 300);
  }
  function eventFields(prefix, e, label) {
    return h('div', { class: 'inline' },
      field(`${label} type`, choice(EVENT_TYPES, e.type, (v) => { e.type = v; suggest(); }, { id: `${prefix}-type` }))[0],
      field(`${label} name`, input(e.name, (v) => { e.name = v; suggest(); }, { id: `${prefix}-name`, list: 'rule-event-names', autocomplete: 'off' }))[0]);
  }
  function drawBuilder() {
    const m = model;
    const stepIds = (i) => [['previous', 'the previous step'], ['entry', 'the entry'], ...m.steps.slice(0, i).map((s) => [`step:${s.id}`, `step ${s.id}`])];
    const stepsList = m.steps.map((s, i) => h('fieldset', { class: 'step', dataset: { step: i } },
      h('legend', {}, `Step ${i + 1}`),
      h('div', { class: 'inline' },
        field('Kind', choice(STEP_KINDS, s.kind, (v) => { s.kind = v; drawBuilder(); }, { id: `step-${i}-kind` }))[0],
        field('Step id', input(s.id, (v) => { s.id = v; }, { id: `step-${i}-id` }))[0]),
      eventFields(`step-${i}`, s, 'Event'),
      h('div', { class: 'inline' },
        field('Within', input(String(s.amount), (v) => { s.amount = v; }, { id: `step-${i}-amount`, type: 'number', min: '1' }))[0],
        field('Unit', choice(UNITS, s.unit, (v) => { s.unit = v; }, { id: `step-${i}-unit` }))[0],
        field('Counted from', choice(stepIds(i), s.from, (v) => { s.from = v; }, { id: `step-${i}-from` }))[0]),
      s.kind === 'count' ? h('div', { class: 'inline' },
        field('At least (min)', input(String(s.min), (v) => { s.min = v; }, { id: `step-${i}-min`, type: 'number', min: '1', max: '100' }))[0],
        field('At most (max, optional)', input(String(s.max), (v) => { s.max = v; }, { id: `step-${i}-max`, type: 'number', min: '1', max: '100' }))[0]) : null,
      conditions(s.where, `step-${i}`, `rule-paths-step-${i}`, 'Condition'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => { m.steps.splice(i, 1); drawBuilder(); } }, `Remove step ${i + 1}`))));
    const exitsList = m.exits.map((x, i) => h('fieldset', { class: 'exit', dataset: { exit: i } },
      h('legend', {}, `Exit ${i + 1}`), eventFields(`exit-${i}`, x, 'Exit event'),
      conditions(x.where, `exit-${i}`, `rule-paths-exit-${i}`, 'Condition'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => { m.exits.splice(i, 1); drawBuilder(); } }, `Remove exit ${i + 1}`))));
    const data = h('textarea', { id: 'rule-action-data', spellcheck: 'false' });
    data.value = m.action.data;
    data.addEventListener('input', () => { m.action.data = data.value; refreshJson(); });
    clear(builderArea,
      h('div', { class: 'inline' },
        field('Rule id', input(m.id, (v) => { m.id = v; }, { id: 'rule-id', readonly: ruleId ? true : undefined }))[0],
        field('Name', input(m.name, (v) => { m.name = v; }, { id: 'rule-name' }))[0]),
      h('fieldset', {}, h('legend', {}, 'Entry event'),
        eventFields('entry', m.entry, 'Entry'),
        field('Correlate by (optional path, e.g. properties.cart_id)', input(m.entry.correlateBy, (v) => { m.entry.correlateBy = v; }, { id: 'entry-correlate', list: 'rule-paths-entry', autocomplete: 'off' }))[0],
        h('p', { class: 'muted' }, 'Conditions on the entry event (all must hold). Values are JSON when they read as JSON (20, true, "20"), else text; in/nin take a list: a, b.'),
        conditions(m.entry.where, 'entry', 'rule-paths-entry', 'Condition')),
      h('fieldset', {}, h('legend', {}, 'Audience: who may enter (checked at entry)'),
        h('p', { class: 'muted' }, 'Conditions on the person\'s merged traits; paths relative to the traits (email, plan).'),
        conditions(m.person.traits, 'person', 'rule-trait-paths', 'Trait condition'),
        h('div', { class: 'inline' },
          field('In all of these audiences (comma-separated keys)', input(m.person.inAudiences, (v) => { m.person.inAudiences = v; }, { id: 'person-in-audiences' }))[0],
          field('In none of these audiences', input(m.person.notInAudiences, (v) => { m.person.notInAudiences = v; }, { id: 'person-not-in-audiences' }))[0])),
      h('div', { id: 'rule-steps' }, stepsList),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-step', onclick: () => { m.steps.push(newStep(m.steps.length)); drawBuilder(); } }, 'Add step')),
      h('div', { id: 'rule-exits' }, exitsList),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-exit', onclick: () => { m.exits.push(newExit()); drawBuilder(); } }, 'Add exit event')),
      h('fieldset', {}, h('legend', {}, 'Re-entry and time'),
        h('div', { class: 'inline' },
          field('Re-entry', choice(REENTRY, m.reentry.mode, (v) => { m.reentry.mode = v; }, { id: 'reentry-mode' }))[0],
          field('Cooldown after a fire (ISO-8601, e.g. P1D)', input(m.reentry.cooldown, (v) => { m.reentry.cooldown = v; }, { id: 'reentry-cooldown' }))[0],
          field('Live instances per person (max, default 5)', input(String(m.reentry.maxActive), (v) => { m.reentry.maxActive = v; }, { id: 'reentry-max', type: 'number', min: '1', max: '25' }))[0]),
        h('div', { class: 'inline' },
          field('Grace (default PT1M): a window\'s timer fires this long after its deadline', input(m.time.grace, (v) => { m.time.grace = v; }, { id: 'time-grace' }))[0],
          field('Ignore entries older than (default P2D)', input(m.time.ignoreEventsOlderThan, (v) => { m.time.ignoreEventsOlderThan = v; }, { id: 'time-ignore-older' }))[0])),
      h('fieldset', {}, h('legend', {}, 'Action: trigger an Emarsys external event'),
        field('External event name', input(m.action.externalEvent, (v) => { m.action.externalEvent = v; }, { id: 'action-event', list: 'rule-external-events', autocomplete: 'off' }))[0],
        externalStatus,
        h('div', { class: 'actions' }, refreshButton('Refresh external events from Emarsys', 'refresh-external-events', externalStatus, () => externalEventList('rule-external-events', true))),
        field('Data template (JSON, {{entry.properties.x}}, {{person.traits.x}} …)', data)[0]));
    refreshJson();
    suggest();
  }

  function show(err, context) { clear(messages, errorBox(err, context)); }
  function requireId(rule) {
    if (!rule.id) throw new ApiError(0, { error: 'invalid_rule', message: 'the rule needs an id', problems: [{ path: 'id', code: 'required', message: 'give the rule an id' }] });
    return rule.id;
  }

  /** Stores what the editor shows as a draft; answers the saved version (undefined when refused). */
  async function store() {
    const v = await run(messages, 'Save', async () => { const rule = currentRule(); return put(`/api/rules/${encodeURIComponent(requireId(rule))}`, rule); });
    if (!v) return undefined;
    if (!ruleId) { ruleId = v.id; history.replaceState(null, '', `#/rules/${encodeURIComponent(ruleId)}`); document.getElementById('rule-title').textContent = `Rule ${ruleId}`; }
    setBaseline();
    return v;
  }
  async function save() {
    clear(messages);
    const v = await store();
    if (!v) return;
    clear(messages, notice(`Saved draft version ${v.version} of ${v.id}.`));
    await refresh();
  }
  /** Publishes what the editor shows: unsaved edits are saved first, and only that version is published. */
  async function publish() {
    clear(messages);
    let version = latestVersion;
    let saved = false;
    if (!ruleId || unsaved()) {
      const v = await store();
      if (!v) return;
      version = v.version;
      saved = true;
    }
    const r = await run(messages, 'Publish', () => post(`/api/rules/${encodeURIComponent(ruleId)}/publish?version=${version}`));
    if (!r) return;
    clear(messages, notice(`Published version ${r.version}: it is active now.${saved ? ' The edits in the editor were saved first.' : ''}`));
    await refresh();
  }
  async function deactivate() {
    clear(messages);
    if (!ruleId) { show(new ApiError(0, { error: 'not_saved', message: 'save the rule first' })); return; }
    const r = await run(messages, 'Deactivate', () => post(`/api/rules/${encodeURIComponent(ruleId)}/deactivate`));
    if (!r) return;
    clear(messages, notice(`Rule ${r.id} is ${r.status} now.`));
    await refresh();
  }
  async function refresh() {
    if (!ruleId) { clear(state, 'Not saved yet.'); return null; }
    showHistory();
    const r = await run(messages, 'Rule', () => get(`/api/rules/${encodeURIComponent(ruleId)}`));
    if (!r) return null;
    latestVersion = r.latestVersion;
    clear(state, 'State: ', h('span', { class: `badge ${r.status === 'active' ? 'ok' : ''}`, id: 'rule-status' }, r.status),
      ` · active version ${r.activeVersion ?? '—'} · latest version ${r.latestVersion}${r.hasDraft ? ' (draft)' : ''}`);
    get(`/api/rules/${encodeURIComponent(ruleId)}/stats`).then((st) => { statsArea.textContent = statsLine(st); }).catch(() => {});
    const vs = await run(messages, 'Versions', () => get(`/api/rules/${encodeURIComponent(ruleId)}/versions`));
    if (vs) clear(versionsArea, table([{ label: 'Version', key: 'version' }, { label: 'Status', key: 'status' },
      { label: 'Created', key: 'createdAt' }, { label: 'Published', key: 'publishedAt' },
      { label: 'Definition', render: (v) => h('details', {}, h('summary', {}, 'show'), json(v.definition)) }], vs.versions));
    return r;
  }

  // dry run: a chosen person's recent real events (or events typed as JSON), run on until the windows have closed
  const events = h('textarea', { id: 'dry-run-events', spellcheck: 'false' });
  const endAt = h('input', { type: 'text', id: 'dry-run-end', autocomplete: 'off' });
  const settle = h('input', { type: 'checkbox', id: 'dry-run-settle', checked: true });
  const dryOut = h('div', { id: 'dry-run-result', 'aria-live': 'polite' });
  let dryPerson = null;
  const personForm = personEventsForm('dry-run-person', ({ person, events: list }) => {
    dryPerson = person;
    events.value = JSON.stringify(list, null, 2);
  });
  async function dryRun() {
    clear(dryOut);
    const r = await run(dryOut, 'Dry run', () => {
      const body = { rule: currentRule(), events: parseJson(events.value, 'The events'), settle: settle.checked };
      if (endAt.value.trim()) body.endAt = endAt.value.trim();
      if (dryPerson) body.person = { id: String(dryPerson.id), traits: dryPerson.traits || {} };
      return post('/api/rules/dry-run', body);
    });
    if (!r) return;
    clear(dryOut,
      h('p', { id: 'dry-run-summary' }, `${r.fires.length} fire(s), ${r.liveInstances.length} live instance(s), ${r.pendingTimers.length} pending timer(s); the simulated clock ended at ${r.endedAt || '—'}.`),
      (r.notes || []).length ? h('div', { class: 'warning', id: 'dry-run-notes', role: 'status' }, h('ul', {}, r.notes.map((n) => h('li', {}, n)))) : null,
      h('h3', {}, 'Fires'), table([{ label: 'At', key: 'at' }, { label: 'External event', render: (f) => f.externalEvent || f.externalEventId },
        { label: 'Payload', render: (f) => json(f.payload) }], r.fires, 'Nothing would fire.'),
      h('h3', {}, 'Trace'), table([{ label: 'At', key: 'at' }, { label: 'Kind', key: 'kind' }, { label: 'Detail', key: 'detail' }], r.trace, 'No trace.'),
      r.liveInstances.length ? [h('h3', {}, 'Live instances'), json(r.liveInstances)] : null,
      r.pendingTimers.length ? [h('h3', {}, 'Pending timers'), json(r.pendingTimers)] : null);
  }

  const generatedCard = h('div', { class: 'card' }, h('h2', {}, 'Rule JSON'), generated);
  // the change history, once the rule has an id; a rollback reopens the rule as it is then
  const historyArea = h('div', { id: 'rule-history-area' });
  let historyPanel = null;
  async function reopen() {
    const r = await refresh();
    if (!r) return;
    const m = fromRule(r.definition);
    if (m.unsupported) { mode = 'raw'; raw.value = JSON.stringify(r.definition, null, 2); } else { model = m; mode = 'builder'; drawBuilder(); }
    setBaseline();
  }
  function showHistory() {
    if (!ruleId) return;
    if (!historyPanel) { historyPanel = historyCard('rule', ruleId, reopen); clear(historyArea, historyPanel); } else historyPanel.reload();
  }
  root.append(state, statsArea, messages, unsavedBanner, modeSwitch,
    h('div', { class: 'two-col' }, h('div', { class: 'card' }, builderArea, rawArea), generatedCard),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'save-rule', onclick: save }, 'Save draft'),
      h('button', { type: 'button', id: 'publish-rule', onclick: publish }, 'Publish'),
      h('button', { type: 'button', class: 'secondary', id: 'deactivate-rule', onclick: deactivate }, 'Deactivate')),
    h('div', { class: 'card' }, h('h2', {}, 'Dry run'),
      h('p', { class: 'muted' }, 'Runs the rule in the editor (saved or not) over events with a simulated clock; nothing is stored or sent. Load a person to use their recent real events, or type events (each with a timestamp).'),
      personForm,
      field('Events (JSON array)', events)[0],
      h('label', { for: 'dry-run-settle', class: 'inline' }, settle, ' Run on until every window has closed (each deadline plus the grace)'),
      field('End at (optional ISO-8601 time such as 2026-11-23T12:00:00Z: moves the clock on to it)', endAt)[0],
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'dry-run', onclick: dryRun }, 'Dry run'),
        h('button', { type: 'button', class: 'secondary', onclick: () => { dryPerson = null; events.value = JSON.stringify(sampleEvents(currentRuleOrNull()), null, 2); } }, 'Fill sample events from the rule')),
      dryOut),
    h('div', { class: 'card' }, h('h2', {}, 'Versions'), versionsArea), historyArea);

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
  externalEventList('rule-external-events').then((line) => { externalStatus.textContent = line; });
  if (ruleId) setBaseline(); // a new rule has nothing stored: any content counts as unsaved once typed
  else { baseline = shown(); markUnsaved(); }
  events.value = JSON.stringify(sampleEvents(currentRuleOrNull()), null, 2);
}
