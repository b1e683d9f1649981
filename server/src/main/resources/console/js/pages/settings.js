// Settings: what the running service uses (/api/settings): value, default, where it came from, what it does.
// Read-only on purpose: settings come from the environment, the config file or flags and apply at the next start.
import { get } from '../api.js';
import { h, errorBox, table } from '../ui.js';

export async function render(root) {
  root.append(h('h1', {}, 'Settings'),
    h('p', { class: 'muted' }, 'Read-only. Change a setting through its environment variable, the config file ',
      '(--config) or a flag, then restart the service. Secrets show as ***.'));
  const filter = h('input', { type: 'search', id: 'settings-filter', placeholder: 'Filter by name or text', 'aria-label': 'Filter settings' });
  const area = h('div', { id: 'settings-table' });
  root.append(filter, area);
  let settings;
  try {
    settings = (await get('/api/settings')).settings;
  } catch (e) {
    area.append(errorBox(e, 'Settings could not be read'));
    return;
  }
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const rows = settings.filter((s) => !q || [s.key, s.env, s.description].some((t) => (t || '').toLowerCase().includes(q)));
    area.replaceChildren(table([
      { label: 'Setting', render: (s) => h('code', {}, s.key) },
      { label: 'Environment', render: (s) => s.env ? h('code', {}, s.env) : '' },
      { label: 'Value', render: (s) => s.value === null ? h('span', { class: 'muted' }, 'unset') : h('code', {}, s.value) },
      { label: 'Default', render: (s) => s.defaultValue === null || s.defaultValue === undefined ? '' : h('code', {}, s.defaultValue) },
      { label: 'From', render: (s) => s.source === 'default' ? 'default' : h('strong', {}, s.source) },
      { label: 'What it does', key: 'description' },
    ], rows, 'No setting matches.'));
  };
  filter.addEventListener('input', draw);
  draw();
}
