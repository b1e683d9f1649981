// Audiences: which Emarsys contact list each Engage audience keeps in sync (GET/PUT/DELETE /api/audiences/{key}).
// An audience without a mapping goes to the list named like its key (created when missing), unless that is turned
// off in the settings; a disabled mapping stops the audience from reaching Emarsys.
import { get, put, del } from '../api.js';
import { h, clear, field, select, errorBox, notice, table, confirmAction } from '../ui.js';
import { historyCard } from '../history.js';

export async function render(root) {
  root.append(h('h1', {}, 'Audiences'),
    h('p', { class: 'muted' }, 'Engage sends each audience as an identify trait named by its key (true when the person enters, ',
      'false when it leaves). Map a key to an Emarsys contact list by id or by name; unmapped audiences go to the list ',
      'named like the key.'));
  const messages = h('div', { class: 'messages', id: 'audience-messages', 'aria-live': 'polite' });
  const list = h('div', { class: 'card', id: 'audience-list' });
  const form = editor(messages, () => load(list, messages, form.fill));
  const history = historyCard('audience', undefined, () => load(list, messages, form.fill));
  list.addEventListener('audiences-changed', () => history.reload());
  root.append(form, messages, list, history);
  await load(list, messages, form.fill);
}

function editor(messages, reload) {
  const [keyWrap, key] = field('Audience key', h('input', { id: 'audience-key', required: true, placeholder: 'vip_customers',
    pattern: '[a-z0-9][a-z0-9_]*', title: 'snake_case: lower-case letters, digits and _, e.g. vip_customers' }),
  'The snake_cased key Engage sends, e.g. vip_customers.');
  const [byWrap, by] = field('Target list', select([['id', 'by list id'], ['name', 'by list name'], ['none', 'none (drop the audience)']], 'id', { id: 'audience-by' }));
  const [valueWrap, value] = field('List id or name', h('input', { id: 'audience-list-value', placeholder: '555' }));
  const enabled = h('input', { type: 'checkbox', id: 'audience-enabled', checked: true });
  const form = h('form', { class: 'card inline', id: 'audience-form' }, keyWrap, byWrap, valueWrap,
    h('div', {}, h('label', { for: enabled.id }, enabled, ' enabled')),
    h('div', { class: 'small' }, h('button', { type: 'submit' }, 'Save mapping')));
  by.addEventListener('change', () => { value.disabled = by.value === 'none'; });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const k = key.value.trim();
    const body = { list: by.value === 'none' ? null : { [by.value]: value.value.trim() }, enabled: enabled.checked };
    try {
      const saved = await put(`/api/audiences/${encodeURIComponent(k)}`, body);
      clear(messages, notice(`Audience ${saved.audienceKey} now goes to ${saved.target}${saved.enabled ? '' : ' (disabled)'}.`),
        (saved.warnings || []).length ? errorBox({ message: 'saved, but not checked', problems: saved.warnings }, 'Warning') : null);
      await reload();
    } catch (e) {
      clear(messages, errorBox(e, `Saving audience ${k}`));
    }
  });
  form.fill = (m) => {
    key.value = m.audienceKey;
    by.value = m.list ? (m.list.id !== undefined ? 'id' : 'name') : 'none';
    value.value = m.list ? (m.list.id ?? m.list.name) : '';
    value.disabled = by.value === 'none';
    enabled.checked = m.enabled;
    key.focus();
  };
  return form;
}

async function load(area, messages, fill) {
  let mappings;
  try {
    mappings = await get('/api/audiences');
  } catch (e) {
    clear(area, errorBox(e, 'Audience mappings'));
    return;
  }
  clear(area, h('h2', {}, 'Mappings'), table([
    { label: 'Audience key', render: (m) => h('code', {}, m.audienceKey) },
    { label: 'List', render: (m) => (m.list ? (m.list.id !== undefined ? `id ${m.list.id}` : `name "${m.list.name}"`) : 'none') },
    { label: 'Sent to', render: (m) => h('code', {}, m.target) },
    { label: 'State', render: (m) => h('span', { class: `badge ${m.enabled ? 'ok' : 'bad'}` }, m.enabled ? 'enabled' : 'disabled') },
    { label: 'Actions', render: (m) => h('div', { class: 'actions' }, button('Edit', () => fill(m)), button('Delete…', async () => {
      if (!await confirmAction(`Delete the mapping of ${m.audienceKey}? The audience then goes to the list named "${m.audienceKey}".`, 'Delete')) return;
      try {
        await del(`/api/audiences/${encodeURIComponent(m.audienceKey)}`);
        clear(messages, notice(`Mapping of ${m.audienceKey} deleted.`));
        await load(area, messages, fill);
      } catch (e) {
        clear(messages, errorBox(e, 'Deleting'));
      }
    }, 'danger')) },
  ], mappings, 'No audience is mapped: every audience goes to the list named like its key.'));
  area.dispatchEvent(new Event('audiences-changed')); // the change history follows
}

function button(label, onClick, cls) {
  const b = h('button', { type: 'button', class: cls || '' }, label);
  b.addEventListener('click', onClick);
  return b;
}
