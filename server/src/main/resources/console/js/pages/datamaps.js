// Data maps: the list (GET /api/datamaps); one map's versions in a JSON editor with validate
// (POST /api/datamaps/validate), save draft (PUT /api/datamaps/{id}), publish a version, and preview against a
// sample event (POST /api/datamaps/{id}/preview). docs/data-maps.md describes the map format.
import { get, post, put, ApiError } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, json, run, parseJson, fmt, confirmAction } from '../ui.js';
import { CONVERSIONS, SOURCES, rowsFromMap, mapFromRows, newRow, rowOf } from '../datamap-table.js';
import { pathList, emarsysFields, refreshButton } from '../pickers.js';
import { personEventsForm, eventLine } from '../person-events.js';
import { historyCard } from '../history.js';

const tableOf = table;

export async function render(root, args) {
  if (args[0]) return editor(root, args[0], args[1] === 'new');
  root.append(h('h1', {}, 'Data maps'));
  const messages = h('div', { class: 'messages' });
  const [idWrap, idInput] = field('Id of a new map', h('input', { type: 'text', id: 'new-map-id', required: true,
    // the server's id rule; browsers compile pattern with the "v" flag, where a bare "-" in a class is invalid
    pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}', title: 'letters, digits, _ . and -, starting with a letter or digit (at most 64)' }),
  'Letters, digits, _ . and -, starting with a letter or digit.');
  const create = h('form', { class: 'card inline' }, idWrap, h('div', { class: 'small' }, h('button', { type: 'submit' }, 'New map')));
  create.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/datamaps/${encodeURIComponent(idInput.value.trim())}/new`;
  });
  root.append(messages);
  const maps = await run(messages, 'Data maps', () => get('/api/datamaps'));
  if (!maps) return;
  root.append(h('div', { class: 'card' }, table([
    { label: 'Id', render: (m) => h('a', { href: `#/datamaps/${encodeURIComponent(m.id)}` }, m.id) },
    { label: 'Name', key: 'name' },
    { label: 'Enabled', render: (m) => (m.enabled ? 'yes' : 'no') },
    { label: 'Running version', key: 'runningVersion' },
    { label: 'Latest version', key: 'latestVersion' },
    { label: 'Built in', render: (m) => (m.builtIn ? 'yes' : 'no') },
  ], maps, 'No data maps yet.')), create);
}

const SKELETON = (id) => ({
  schema: 1, id, name: id, enabled: true, keyField: '3',
  appliesTo: { types: ['identify'] },
  mappings: [{ from: ['traits.email', 'context.traits.email'], to: '3' }],
});

const SAMPLE_EVENT = {
  event: { type: 'identify', userId: 'sample-user', traits: { email: 'sample@example.com', firstName: 'Sam' } },
  personTraits: {},
};

async function editor(root, id, isNew) {
  root.append(h('p', {}, h('a', { href: '#/datamaps' }, '← All data maps')), h('h1', {}, `Data map ${id}`));
  const messages = h('div', { class: 'messages', id: 'map-messages', 'aria-live': 'polite' });
  const summary = h('div', { id: 'map-summary' });
  const text = h('textarea', { id: 'map-editor', class: 'tall', spellcheck: 'false' });
  const editing = h('p', { class: 'muted', id: 'map-editing' });
  const versionsArea = h('div', { id: 'map-versions' });
  const previewVersion = select([['', 'running (else latest)']], '', { id: 'preview-version' });
  const catalog = await get('/api/datamaps/fields').catch(() => []);
  const fieldName = (fid) => catalog.find((f) => String(f.id) === String(fid) || f.stringId === fid)?.name;

  // the definition the editor holds: the table edits its mappings, the JSON view all of it
  let def = {};
  let rows = [];
  let view = 'table';
  const table = new MapTable(catalog, () => { changed(); });

  let versions = [];
  let inEditor = null; // the version number the editor was loaded from, to describe it as it is now
  function describeEditing() {
    const v = versions.find((x) => x.version === inEditor);
    if (v) clear(editing, `Editor holds version ${v.version} (${v.status}${v.current ? ', running' : ''}).`);
  }
  async function loadVersions() {
    if (isNew) return;
    versions = await run(messages, 'Versions', () => get(`/api/datamaps/${encodeURIComponent(id)}/versions`)) || [];
    clear(versionsArea, tableOf([
      { label: 'Version', key: 'version' }, { label: 'Status', key: 'status' },
      { label: 'Running', render: (v) => (v.current ? 'yes' : '') },
      { label: 'Created', key: 'createdAt' }, { label: 'Published', key: 'publishedAt' },
      { label: 'Actions', render: (v) => h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => load(v) }, `Open v${v.version}`),
        v.current ? null : h('button', { type: 'button', onclick: () => publish(v.version) }, `Publish v${v.version}`)) },
    ], versions, 'No saved versions: this is the built-in map (saving creates version 1).'));
    clear(previewVersion, h('option', { value: '' }, 'running (else latest)'), versions.map((v) => h('option', { value: v.version }, `version ${v.version} (${v.status})`)));
    describeEditing();
  }
  function show(definition) {
    def = definition || {};
    text.value = JSON.stringify(def, null, 2);
    rows = rowsFromMap(def);
    table.draw(rows, def);
    changed();
  }
  function load(v) {
    show(v.definition);
    inEditor = v.version;
    describeEditing();
  }
  /** The map as the editor shows it; table cells that cannot be read are listed in errors. */
  function current() {
    if (view === 'json') return { map: parseJson(text.value, 'The map'), errors: [] };
    const d = { ...def };
    if (table.name().trim()) d.name = table.name().trim(); else delete d.name;
    return mapFromRows(d, rows);
  }
  function editorJson() {
    const { map, errors } = current();
    if (errors.length) throw new ApiError(0, { error: 'invalid', message: `${errors.length} cell(s) cannot be read`, problems: errors });
    return map;
  }
  function setView(next) {
    clear(messages);
    if (next === view) return;
    if (next === 'json') {
      const { map } = current();
      text.value = JSON.stringify(map, null, 2);
    } else {
      let parsed;
      try { parsed = parseJson(text.value, 'The map'); } catch (e) { clear(messages, errorBox(e)); jsonView.checked = true; return; }
      def = parsed;
      rows = rowsFromMap(def);
      table.draw(rows, def);
    }
    view = next;
    tableArea.hidden = view !== 'table';
    jsonArea.hidden = view !== 'json';
    changed();
  }

  // inline validation and the live preview follow every edit, a moment after typing stops
  let timer = null;
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(async () => { await inlineCheck(); await livePreview(); }, 400);
  }
  async function inlineCheck() {
    let built;
    try { built = current(); } catch { table.problems([]); return; }
    let problems = built.errors;
    try {
      const r = await post('/api/datamaps/validate', built.map);
      problems = [...problems, ...r.problems];
    } catch { /* the Validate button reports errors of the call */ }
    table.problems(problems);
  }

  async function validate() {
    clear(messages);
    const r = await run(messages, 'Validation', () => post('/api/datamaps/validate', editorJson()));
    if (!r) return;
    table.problems(r.problems);
    clear(messages, r.valid ? notice('Valid: no problems.')
      : errorBox({ message: `${r.problems.length} problem(s) in the map`, problems: r.problems }, 'Not valid'));
  }
  async function save() {
    clear(messages);
    const v = await run(messages, 'Save', () => put(`/api/datamaps/${encodeURIComponent(id)}`, editorJson()));
    if (!v) return;
    isNew = false;
    inEditor = v.version;
    clear(messages, notice(`Saved as version ${v.version} (${v.status}).`),
      h('button', { type: 'button', id: 'publish-saved', onclick: () => publish(v.version) }, `Publish version ${v.version}`));
    await Promise.all([loadVersions(), loadSummary()]);
    historyPanel.reload();
  }
  async function publish(version) {
    clear(messages);
    const v = await run(messages, 'Publish', () => post(`/api/datamaps/${encodeURIComponent(id)}/versions/${version}/publish`));
    if (!v) return;
    clear(messages, notice(`Version ${v.version} is published and running.`));
    await Promise.all([loadVersions(), loadSummary()]);
    historyPanel.reload();
  }
  async function unpublish() {
    if (!await confirmAction(`Stop applying data map ${id}? Its versions are kept and can be published again.`, 'Unpublish')) return;
    clear(messages);
    const r = await run(messages, 'Unpublish', () => post(`/api/datamaps/${encodeURIComponent(id)}/unpublish`));
    if (!r) return;
    clear(messages, notice(`Data map ${r.id} is no longer applied.`));
    await Promise.all([loadVersions(), loadSummary()]);
    historyPanel.reload();
  }
  async function loadSummary() {
    if (isNew) { clear(summary, h('p', { class: 'muted' }, 'New map: nothing saved yet.')); return null; }
    const m = await run(messages, 'Data map', () => get(`/api/datamaps/${encodeURIComponent(id)}`));
    if (m) clear(summary, h('p', {}, `Running version: ${m.running ? m.running.version : (m.builtIn ? 'built-in' : 'none')} · `,
      `latest version: ${m.latest ? `${m.latest.version} (${m.latest.status})` : '—'}`));
    return m;
  }

  // live preview: the editor's map (saved or not) against a recent real event of a chosen person
  let chosen = null; // {person, events}
  const eventChoice = select([['', 'load a person first']], '', { id: 'live-preview-event' });
  eventChoice.addEventListener('change', () => livePreview());
  const liveOut = h('div', { id: 'live-preview-result', 'aria-live': 'polite' });
  async function livePreview() {
    if (!chosen || eventChoice.value === '') { table.warnings([]); return; }
    const event = chosen.events[Number(eventChoice.value)];
    let map;
    try { map = editorJson(); } catch (e) { clear(liveOut, errorBox(e, 'Preview')); return; }
    try {
      const r = await post('/api/datamaps/preview', { map, event, personTraits: chosen.person.traits || {}, keyValue: chosen.person.primaryKey || undefined });
      clear(liveOut, previewResult(r, fieldName));
      table.warnings(r.warnings || []);
    } catch (e) {
      clear(liveOut, errorBox(e, 'Preview'));
      table.warnings([]);
    }
  }
  const personForm = personEventsForm('live-preview-person', (loaded) => {
    chosen = loaded;
    clear(eventChoice, loaded.events.map((e, i) => h('option', { value: i }, eventLine(e))));
    if (loaded.events.length) eventChoice.value = String(loaded.events.length - 1); // the newest
    else clear(eventChoice, h('option', { value: '' }, 'this person has no stored events'));
    livePreview();
  });

  const sample = h('textarea', { id: 'preview-input', spellcheck: 'false' }, JSON.stringify(SAMPLE_EVENT, null, 2));
  const previewOut = h('div', { id: 'preview-result', 'aria-live': 'polite' });
  async function preview() {
    clear(previewOut);
    const q = previewVersion.value ? `?version=${previewVersion.value}` : '';
    const r = await run(previewOut, 'Preview', () => post(`/api/datamaps/${encodeURIComponent(id)}/preview${q}`, parseJson(sample.value, 'The sample')));
    if (r) clear(previewOut, previewResult(r, fieldName));
  }

  const tableView = h('input', { type: 'radio', name: 'map-view', id: 'map-view-table', value: 'table', checked: true });
  const jsonView = h('input', { type: 'radio', name: 'map-view', id: 'map-view-json', value: 'json' });
  tableView.addEventListener('change', () => setView('table'));
  jsonView.addEventListener('change', () => setView('json'));
  text.addEventListener('input', () => changed());
  const tableArea = h('div', { id: 'map-table-area' }, table.element);
  const jsonArea = h('div', { hidden: true }, field('Map JSON', text)[0]);

  const historyPanel = historyCard('datamap', id, async () => {
    await Promise.all([loadVersions(), loadSummary()]);
    if (versions.length) load(versions[versions.length - 1]);
  });
  root.append(summary, messages,
    h('div', { class: 'card' }, h('h2', {}, 'Definition'), editing,
      h('fieldset', {}, h('legend', {}, 'Edit as'),
        h('label', { for: 'map-view-table', class: 'inline' }, tableView, ' a table of mappings'),
        h('label', { for: 'map-view-json', class: 'inline' }, jsonView, ' JSON')),
      tableArea, jsonArea,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'validate-map', onclick: validate }, 'Validate'),
        h('button', { type: 'button', id: 'save-map', onclick: save }, 'Save draft'),
        h('button', { type: 'button', class: 'secondary', id: 'unpublish-map', onclick: unpublish }, 'Unpublish…'))),
    h('div', { class: 'card', id: 'live-preview' }, h('h2', {}, 'Live preview against a real event'),
      h('p', { class: 'muted' }, 'What the map in the editor (saved or not) makes of a recent event of one person, updated as you edit. Values that cannot be written are shown as warnings, here and in their row.'),
      personForm, field('Event', eventChoice)[0], liveOut),
    h('div', { class: 'two-col' },
      h('div', { class: 'card' }, h('h2', {}, 'Preview a stored version against a sample event'),
        h('p', { class: 'muted' }, 'A Segment event, or {"event": {…}, "personTraits": {…}, "keyValue": "…"}.'),
        field('Sample', sample)[0], field('Version', previewVersion)[0],
        h('div', { class: 'actions' }, h('button', { type: 'button', id: 'preview-map', onclick: preview }, 'Preview')), previewOut),
      h('div', { class: 'card' }, h('h2', {}, 'Versions'), versionsArea)), historyPanel);

  const m = await loadSummary();
  await loadVersions();
  if (isNew) { show(SKELETON(id)); clear(editing, 'New map (not saved).'); }
  else if (versions.length) load(versions[versions.length - 1]);
  else if (m) { show(m.definition); clear(editing, 'Editor holds the built-in map.'); }
  table.suggest();
}

/**
 * The mappings table: one row per mapping with a source (path with suggestions from recent traffic, template or fixed
 * value), the target field (picked from the account's fields), the conversion and the value table; each row shows
 * its own validation problems and the live preview's warnings (a value that was dropped).
 */
class MapTable {
  constructor(catalog, onChange) {
    this.catalog = catalog;
    this.onChange = onChange;
    this.nameInput = h('input', { type: 'text', id: 'map-name' });
    this.nameInput.addEventListener('input', () => onChange());
    this.body = h('tbody', { id: 'mapping-rows' });
    this.general = h('div', { id: 'map-table-problems', 'aria-live': 'polite' });
    this.suggestStatus = h('p', { class: 'muted', id: 'path-suggestions-status' });
    this.fieldStatus = h('p', { class: 'muted', id: 'field-picker-status' }, `${catalog.length} Emarsys field(s) to pick from.`);
    const wrap = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Mappings' }, h('table', { class: 'mappings' },
      h('thead', {}, h('tr', {}, ['#', 'Source', 'Emarsys field', 'Conversion', 'Value table (input=output; …)', 'Check', 'Remove']
        .map((c) => h('th', { scope: 'col' }, c)))), this.body));
    this.element = h('div', {},
      field('Name', this.nameInput)[0], this.general, wrap,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'add-mapping', onclick: () => { this.rows.push(newRow()); this.draw(this.rows, this.def); this.onChange(); this.body.querySelector('tr:last-child input')?.focus(); } }, 'Add mapping'),
        refreshButton('Refresh fields from Emarsys', 'refresh-fields', this.fieldStatus, async () => {
          const fields = await emarsysFields(true);
          this.catalog.splice(0, this.catalog.length, ...fields);
          this.draw(this.rows, this.def);
          return `${fields.length} Emarsys field(s) to pick from, read now.`;
        })),
      this.suggestStatus, this.fieldStatus);
    this.rows = [];
  }

  name() { return this.nameInput.value; }

  async suggest() {
    const options = await pathList('dm-paths', { person: 'prefixed' });
    this.suggestStatus.textContent = options.length
      ? `${options.length} path(s) seen in recent traffic are suggested in the source column.`
      : 'No traffic seen since the service started: type paths (e.g. traits.email, properties.revenue).';
  }

  fieldOptions(to) {
    const writable = this.catalog.filter((f) => !f.readOnly);
    const options = [['', '(pick a field)'], ...writable.map((f) => [String(f.id), `${f.name} (${f.id}, ${f.type})`])];
    const known = this.catalog.find((f) => String(f.id) === to || f.stringId === to || (f.name || '').toLowerCase() === to.toLowerCase());
    if (to && !options.some(([v]) => v === to)) options.push([to, known ? `${to} → ${known.name} (${known.id})` : `${to} (not in the account)`]);
    return options;
  }

  draw(rows, def) {
    this.rows = rows;
    this.def = def;
    this.nameInput.value = def?.name || '';
    clear(this.body, rows.map((r, i) => {
      const n = i + 1;
      const kind = select(SOURCES, r.source, { id: `mapping-${i}-source`, 'aria-label': `Source kind of mapping ${n}` });
      const src = h('input', { type: 'text', id: `mapping-${i}-from`, value: r.text, list: r.source === 'path' ? 'dm-paths' : undefined,
        'aria-label': `Source of mapping ${n}`, spellcheck: 'false', autocomplete: 'off' });
      const to = select(this.fieldOptions(r.to), r.to, { id: `mapping-${i}-to`, 'aria-label': `Emarsys field of mapping ${n}` });
      const conv = select(CONVERSIONS.map((c) => [c, c || '(default)']), r.convert, { id: `mapping-${i}-convert`, 'aria-label': `Conversion of mapping ${n}` });
      const vals = h('input', { type: 'text', id: `mapping-${i}-values`, value: r.values, 'aria-label': `Value table of mapping ${n}`, spellcheck: 'false' });
      kind.addEventListener('change', () => { r.source = kind.value; src.setAttribute('list', r.source === 'path' ? 'dm-paths' : ''); this.onChange(); });
      src.addEventListener('input', () => { r.text = src.value; this.onChange(); });
      to.addEventListener('change', () => { r.to = to.value; this.onChange(); });
      conv.addEventListener('change', () => { r.convert = conv.value; this.onChange(); });
      vals.addEventListener('input', () => { r.values = vals.value; this.onChange(); });
      const extra = Object.keys(r.extra || {});
      return h('tr', { dataset: { row: i } },
        h('td', {}, String(n)),
        h('td', {}, kind, src, extra.length ? h('div', { class: 'muted' }, `also: ${extra.join(', ')} (JSON view)`) : null),
        h('td', {}, to), h('td', {}, conv), h('td', {}, vals),
        h('td', { class: 'row-check' }, h('div', { id: `mapping-${i}-problems` }), h('div', { id: `mapping-${i}-warnings` })),
        h('td', {}, h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove mapping ${n}`,
          onclick: () => { this.rows.splice(i, 1); this.draw(this.rows, this.def); this.onChange(); } }, 'Remove')));
    }));
  }

  /** Validation problems: each in its row, the others above the table. */
  problems(list) {
    for (let i = 0; i < this.rows.length; i++) clear(document.getElementById(`mapping-${i}-problems`) || h('div'));
    const general = [];
    for (const p of list) {
      const i = rowOf(p.path);
      const cell = i === null ? null : document.getElementById(`mapping-${i}-problems`);
      if (cell) cell.append(h('div', { class: 'inline-problem' }, h('span', { class: 'badge bad' }, p.code), ' ', p.message));
      else general.push(p);
    }
    clear(this.general, general.length ? errorBox({ message: `${general.length} problem(s) outside the mappings`, problems: general }, 'Not valid') : null);
  }

  /** The live preview's warnings: a dropped or cut value is shown in the row of its mapping. */
  warnings(list) {
    for (let i = 0; i < this.rows.length; i++) clear(document.getElementById(`mapping-${i}-warnings`) || h('div'));
    for (const w of list) {
      const i = rowOf(w.path);
      const cell = i === null ? null : document.getElementById(`mapping-${i}-warnings`);
      if (cell) cell.append(h('div', { class: 'inline-warning', role: 'status' }, h('span', { class: 'badge warn' }, w.code), ' ', w.message));
    }
  }
}

function previewResult(r, fieldName) {
  return h('div', {},
    h('p', {}, `Key field ${fmt(r.keyField)} = ${fmt(r.keyValue)} · contact update: ${r.contactUpdate ? 'yes' : 'no'}`),
    h('h3', {}, 'Contact fields'),
    table([{ label: 'Field', render: (f) => (fieldName(f[0]) ? `${fieldName(f[0])} (${f[0]})` : f[0]) }, { label: 'Value', render: (f) => fmt(f[1]) }],
      Object.entries(r.fields || {}), 'No field values.'),
    h('h3', {}, 'List changes'),
    table([{ label: 'List', key: 'target' }, { label: 'Action', key: 'action' }, { label: 'Origin', key: 'origin' }],
      [...(r.lists || []), ...(r.audiences || [])], 'No list changes.'),
    h('h3', {}, 'Operations'), (r.operations || []).length ? json(r.operations) : h('p', { class: 'muted', id: 'preview-no-operations' },
      r.keyValue === null || r.keyValue === undefined
        ? `None: the event has no value for the key field ${fmt(r.keyField)}.`
        : 'None: nothing to send besides the key (no other field has a value, no list changes).'),
    (r.warnings || []).length ? h('div', { class: 'warning', role: 'alert', id: 'preview-warnings' },
      h('strong', {}, `${r.warnings.length} value(s) not written as they came: `),
      h('ul', { class: 'problems' }, r.warnings.map((w) => h('li', {}, h('code', { class: 'problem-path' }, w.path || '(map)'), ' ',
        h('span', { class: 'badge warn' }, w.code), ' ', w.message)))) : null);
}
