// Import / export: the whole configuration as JSON bundles, to copy between environments or keep in version control.
// Data maps with audience mappings (GET /api/datamaps/export, POST /api/datamaps/import) and rules (GET
// /api/rules/export, POST /api/rules/import). Imports are all or nothing: every problem is listed with its path.
import { get, post } from '../api.js';
import { h, clear, errorBox, notice, table, parseJson } from '../ui.js';

const BUNDLES = [
  { id: 'datamaps', title: 'Data maps and audiences', exportPath: '/api/datamaps/export',
    importPath: (publish) => `/api/datamaps/import?publish=${publish}`,
    publishLabel: 'Publish the imported maps (otherwise they are stored as drafts)',
    summary: (r) => table([{ label: 'Map', key: 'mapId' }, { label: 'Version', key: 'version' }, { label: 'State', key: 'status' }],
      r.stored || [], 'Nothing new to store.') },
  { id: 'rules', title: 'Rules', exportPath: '/api/rules/export', importPath: () => '/api/rules/import',
    publishLabel: null, // each rule's own "status" (active, inactive, draft) says what happens
    summary: (r) => table([{ label: 'Rule', key: 'id' }, { label: 'State', key: 'status' },
      { label: 'Active version', key: 'activeVersion' }, { label: 'Changed', render: (x) => (x.changed ? 'yes' : 'no (same as stored)') }],
    r.rules || [], 'No rules in the import.') },
];

export async function render(root) {
  root.append(h('h1', {}, 'Import / export'),
    h('p', { class: 'muted' }, 'Export shows the bundle to copy or download; import checks everything first and stores ',
      'nothing unless all of it is sound.'));
  for (const b of BUNDLES) root.append(card(b));
}

function card(b) {
  const area = h('textarea', { id: `${b.id}-bundle`, rows: 14, spellcheck: 'false', 'aria-label': `${b.title} bundle (JSON)` });
  const messages = h('div', { class: 'messages', id: `${b.id}-transfer-messages`, 'aria-live': 'polite' });
  const download = h('a', { id: `${b.id}-download`, hidden: true, download: `${b.id}.json` }, 'Download as a file');
  const publish = h('input', { type: 'checkbox', id: `${b.id}-publish`, checked: true });
  const exportButton = button('Export', `${b.id}-export`, async () => {
    try {
      const bundle = await get(b.exportPath);
      area.value = JSON.stringify(bundle, null, 2);
      if (download.href) URL.revokeObjectURL(download.href);
      download.href = URL.createObjectURL(new Blob([area.value], { type: 'application/json' }));
      download.hidden = false;
      clear(messages, notice('Exported: edit it here and import it, or download it.'));
    } catch (e) {
      clear(messages, errorBox(e, 'Export'));
    }
  });
  const importButton = button('Import', `${b.id}-import`, async () => {
    try {
      const result = await post(b.importPath(publish.checked), parseJson(area.value, 'The bundle'));
      clear(messages, notice('Imported.'), b.summary(result));
    } catch (e) {
      clear(messages, errorBox(e, 'Import'));
    }
  });
  const file = h('input', { type: 'file', accept: 'application/json,.json', id: `${b.id}-file`, 'aria-label': `Load a ${b.title} bundle from a file` });
  file.addEventListener('change', async () => {
    if (file.files.length) area.value = await file.files[0].text();
  });
  return h('div', { class: 'card', id: `transfer-${b.id}` }, h('h2', {}, b.title),
    h('div', { class: 'actions' }, exportButton, download, file),
    area,
    b.publishLabel ? h('div', {}, h('label', { for: publish.id }, publish, ` ${b.publishLabel}`)) : null,
    h('div', { class: 'actions' }, importButton), messages);
}

function button(label, id, onClick) {
  const el = h('button', { type: 'button', id }, label);
  el.addEventListener('click', onClick);
  return el;
}
