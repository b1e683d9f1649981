// Small DOM helpers shared by the pages.
import { ApiError } from './api.js';

/** h('button', {type: 'button', onclick: fn, class: 'x'}, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A labelled form control: returns [wrapper, control]. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = `f${++ids}`;
  const wrap = h('div', {}, h('label', { for: control.id }, labelText), control);
  if (hint) wrap.append(h('div', { class: 'muted' }, hint));
  return [wrap, control];
}

export function select(options, value, attrs = {}) {
  const s = h('select', attrs, options.map((o) => {
    const [v, label] = Array.isArray(o) ? o : [o, o === '' ? '(any)' : o];
    return h('option', { value: v }, label);
  }));
  s.value = value ?? '';
  return s;
}

/** An error answer in full: status, error code, message and every problem with its path. */
export function errorBox(err, context) {
  const box = h('div', { class: 'error', role: 'alert' });
  // only answers of the server (and the console's own ApiErrors) have a code; a plain {message, problems} has none
  const status = err instanceof ApiError ? (err.status ? `HTTP ${err.status} ` : '') + err.code : null;
  append(box, [h('strong', {}, context ? `${context}: ` : ''), status ? [h('span', { class: 'error-code' }, status), ' — '] : null,
    h('span', { class: 'error-message' }, err.message || String(err))]);
  const problems = err.problems || [];
  if (problems.length) {
    box.append(h('ul', { class: 'problems' }, problems.map((p) =>
      h('li', {}, h('code', { class: 'problem-path' }, p.path || '(root)'), ' ', h('span', { class: 'badge' }, p.code), ' ', p.message))));
  }
  return box;
}

export const notice = (text) => h('div', { class: 'notice', role: 'status' }, text);

/** Shows a result or an error in a message area, replacing what was there. */
export function show(area, content) { clear(area, content); }

/** Runs an async action from a button: disables it meanwhile, reports errors in the area. */
export async function run(area, context, action) {
  try {
    return await action();
  } catch (e) {
    show(area, errorBox(e, context));
    return undefined;
  }
}

/** A code panel: focusable, so it can be scrolled with the keyboard. */
export function code(text, attrs = {}) { return h('pre', { tabindex: '0', ...attrs }, text); }

export function json(value) { return code(JSON.stringify(value, null, 2), { class: 'json' }); }

// A table wrapper that scrolls sideways becomes focusable (keyboard scrolling) only while it has something to scroll.
const overflowWatch = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const scrolls = target.scrollWidth > target.clientWidth + 1;
    for (const [k, v] of [['tabindex', '0'], ['role', 'region'], ['aria-label', target.dataset.label]]) {
      if (scrolls) target.setAttribute(k, v); else target.removeAttribute(k);
    }
  }
});

/** columns: [{label, key | render}]; every column needs a label (screen readers announce it with each cell). */
export function table(columns, rows, empty = 'Nothing here.') {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  const wrap = h('div', { class: 'table-wrap', dataset: { label: `Table: ${columns.map((c) => c.label).join(', ')}` } },
    h('table', {},
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => h('td', {}, c.render ? c.render(r) : fmt(r[c.key]))))))));
  overflowWatch?.observe(wrap);
  return wrap;
}

export function fmt(v) {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function age(ms) {
  if (!ms) return '0 s';
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function props(entries) {
  return h('dl', { class: 'props' }, entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : fmt(v))]));
}

/** A modal confirmation; resolves true when confirmed. */
export function confirmAction(text, okLabel = 'Confirm') {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

/** Parses JSON typed by the user; throws an error naming the field. */
export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(0, { error: 'invalid_json', message: `${what} is not valid JSON: ${e.message}` });
  }
}

/**
 * What would be lost by leaving the page: a page with unsaved edits sets check to a function answering a sentence
 * (or null when nothing is unsaved). The router asks before it navigates, the browser before the tab closes.
 */
export const leaveGuard = { check: null };
window.addEventListener('beforeunload', (ev) => {
  if (leaveGuard.check?.()) { ev.preventDefault(); ev.returnValue = ''; }
});

/** A datalist (suggestions for an input with list=id), replaced when called again with the same id. */
export function datalist(id, options) {
  let dl = document.getElementById(id);
  if (!dl) { dl = h('datalist', { id }); document.body.append(dl); }
  clear(dl, options.map(([value, label]) => h('option', { value, label: label || undefined })));
  return dl;
}
