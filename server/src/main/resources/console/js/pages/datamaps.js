// Data maps: the list (GET /api/datamaps); one map's versions in a JSON editor with validate
// (POST /api/datamaps/validate), save draft (PUT /api/datamaps/{id}), publish a version, and preview against a
// sample event (POST /api/datamaps/{id}/preview). docs/data-maps.md describes the map format.
import { get, post, put } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, json, run, parseJson, fmt, confirmAction } from '../ui.js';

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

  let versions = [];
  let inEditor = null; // the version number the editor was loaded from, to describe it as it is now
  function describeEditing() {
    const v = versions.find((x) => x.version === inEditor);
    if (v) clear(editing, `Editor holds version ${v.version} (${v.status}${v.current ? ', running' : ''}).`);
  }
  async function loadVersions() {
    if (isNew) return;
    versions = await run(messages, 'Versions', () => get(`/api/datamaps/${encodeURIComponent(id)}/versions`)) || [];
    clear(versionsArea, table([
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
  function load(v) {
    text.value = JSON.stringify(v.definition, null, 2);
    inEditor = v.version;
    describeEditing();
  }
  function editorJson() { return parseJson(text.value, 'The map'); }

  async function validate() {
    clear(messages);
    const r = await run(messages, 'Validation', () => post('/api/datamaps/validate', editorJson()));
    if (!r) return;
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
  }
  async function publish(version) {
    clear(messages);
    const v = await run(messages, 'Publish', () => post(`/api/datamaps/${encodeURIComponent(id)}/versions/${version}/publish`));
    if (!v) return;
    clear(messages, notice(`Version ${v.version} is published and running.`));
    await Promise.all([loadVersions(), loadSummary()]);
  }
  async function unpublish() {
    if (!await confirmAction(`Stop applying data map ${id}? Its versions are kept and can be published again.`, 'Unpublish')) return;
    clear(messages);
    const r = await run(messages, 'Unpublish', () => post(`/api/datamaps/${encodeURIComponent(id)}/unpublish`));
    if (!r) return;
    clear(messages, notice(`Data map ${r.id} is no longer applied.`));
    await Promise.all([loadVersions(), loadSummary()]);
  }
  async function loadSummary() {
    if (isNew) { clear(summary, h('p', { class: 'muted' }, 'New map: nothing saved yet.')); return null; }
    const m = await run(messages, 'Data map', () => get(`/api/datamaps/${encodeURIComponent(id)}`));
    if (m) clear(summary, h('p', {}, `Running version: ${m.running ? m.running.version : (m.builtIn ? 'built-in' : 'none')} · `,
      `latest version: ${m.latest ? `${m.latest.version} (${m.latest.status})` : '—'}`));
    return m;
  }

  const sample = h('textarea', { id: 'preview-input', spellcheck: 'false' }, JSON.stringify(SAMPLE_EVENT, null, 2));
  const previewOut = h('div', { id: 'preview-result', 'aria-live': 'polite' });
  async function preview() {
    clear(previewOut);
    const q = previewVersion.value ? `?version=${previewVersion.value}` : '';
    const r = await run(previewOut, 'Preview', () => post(`/api/datamaps/${encodeURIComponent(id)}/preview${q}`, parseJson(sample.value, 'The sample')));
    if (r) clear(previewOut, previewResult(r, fieldName));
  }

  root.append(summary, messages, h('div', { class: 'two-col' },
    h('div', { class: 'card' }, h('h2', {}, 'Definition'), editing, field('Map JSON', text)[0],
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'validate-map', onclick: validate }, 'Validate'),
        h('button', { type: 'button', id: 'save-map', onclick: save }, 'Save draft'),
        h('button', { type: 'button', class: 'secondary', id: 'unpublish-map', onclick: unpublish }, 'Unpublish…'))),
    h('div', { class: 'card' }, h('h2', {}, 'Preview against a sample event'),
      h('p', { class: 'muted' }, 'A Segment event, or {"event": {…}, "personTraits": {…}, "keyValue": "…"}. Save first: the preview uses a stored version.'),
      field('Sample', sample)[0], field('Version', previewVersion)[0],
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'preview-map', onclick: preview }, 'Preview')), previewOut)),
  h('div', { class: 'card' }, h('h2', {}, 'Versions'), versionsArea));

  const m = await loadSummary();
  await loadVersions();
  if (isNew) { text.value = JSON.stringify(SKELETON(id), null, 2); clear(editing, 'New map (not saved).'); }
  else if (versions.length) load(versions[versions.length - 1]);
  else if (m) { text.value = JSON.stringify(m.definition, null, 2); clear(editing, 'Editor holds the built-in map.'); }
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
    (r.warnings || []).length ? errorBox({ message: `${r.warnings.length} warning(s)`, problems: r.warnings }, 'Warnings') : null);
}
