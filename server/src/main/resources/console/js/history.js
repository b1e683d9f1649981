// Change history of a data map, rule or audience mapping (GET /api/history): who changed what and when, the
// difference as lines of JSON, and rollback to the state before a change (POST /api/history/{id}/rollback).
import { get, post, query } from './api.js';
import { h, clear, code, confirmAction, errorBox, notice, run, table } from './ui.js';

/** A line diff of two texts (longest common subsequence): [[' ' | '-' | '+', line], …]. */
export function lineDiff(a, b) {
  const x = a ? a.split('\n') : [];
  const y = b ? b.split('\n') : [];
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { out.push([' ', x[i]]); i++; j++; } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(['-', x[i++]]); else out.push(['+', y[j++]]);
  }
  while (i < n) out.push(['-', x[i++]]);
  while (j < m) out.push(['+', y[j++]]);
  return out;
}

/** The changed lines with two lines of context, as text ("- old", "+ new"). */
export function diffText(before, after) {
  const text = (v) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 2));
  const lines = lineDiff(text(before), text(after));
  const keep = lines.map((l, k) => lines.slice(Math.max(0, k - 2), k + 3).some((c) => c[0] !== ' '));
  const out = [];
  lines.forEach((l, k) => {
    if (keep[k]) out.push(`${l[0]} ${l[1]}`);
    else if (keep[k - 1]) out.push('  …');
  });
  if (before === null || before === undefined) out.unshift('(did not exist before)');
  if (after === null || after === undefined) out.push('(removed)');
  return out.join('\n') || '(no difference)';
}

/** A card listing the object's changes, newest first, each with its diff and a rollback; onRolledBack redraws the page. */
export function historyCard(kind, id, onRolledBack) {
  const area = h('div', { id: `${kind}-history` });
  const reload = () => load();
  const messages = h('div', { class: 'messages', 'aria-live': 'polite' });
  async function load() {
    const r = await run(messages, 'History', () => get(`/api/history${query({ kind, id, limit: 50 })}`));
    if (!r) return;
    clear(area, table([
      ...(id ? [] : [{ label: kind === 'audience' ? 'Audience' : 'Id', key: 'objectId' }]),
      { label: 'When', key: 'at' }, { label: 'Change', key: 'action' }, { label: 'Who', key: 'actor' },
      { label: 'Difference', render: (c) => h('details', {}, h('summary', {}, 'show'), code(diffText(c.before, c.after), { class: 'diff' })) },
      { label: 'Rollback', render: (c) => h('button', { type: 'button', class: 'secondary', id: `rollback-${c.id}`, onclick: () => rollback(c) }, 'Roll back') },
    ], r.changes, 'No changes recorded yet.'));
  }
  async function rollback(c) {
    if (!await confirmAction(`Put ${kind} ${c.objectId} back as it was before the change "${c.action}" of ${c.at}?`, 'Roll back')) return;
    clear(messages);
    const r = await run(messages, 'Rollback', () => post(`/api/history/${c.id}/rollback`));
    if (!r) return;
    clear(messages, notice(`Rolled back: ${kind} ${c.objectId} is as it was before change #${c.id}.`));
    await load();
    if (onRolledBack) await onRolledBack();
  }
  load();
  const card = h('div', { class: 'card' }, h('h2', {}, 'Change history'), h('p', { class: 'muted' }, 'Rolling back puts the state before a change back (what ran, the definition, the mapping) and is recorded as a change itself.'), messages, area);
  card.reload = reload; // the page calls it after its own changes
  return card;
}
