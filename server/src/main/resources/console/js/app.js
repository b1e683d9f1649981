// The console shell: sign-in, navigation and hash routing (#/page/arg…). Each page module exports
// render(container, args) and draws into a fresh container, so a late answer of a page left behind draws nowhere.
import { adminKey, setAdminKey, clearAdminKey, onUnauthorized, call } from './api.js';
import { clear, errorBox, h, leaveGuard, confirmAction } from './ui.js';
import * as overview from './pages/overview.js';
import * as users from './pages/users.js';
import * as datamaps from './pages/datamaps.js';
import * as rules from './pages/rules.js';
import * as delivery from './pages/delivery.js';
import * as settings from './pages/settings.js';
import * as audiences from './pages/audiences.js';
import * as transfer from './pages/transfer.js';
import * as live from './pages/debugger.js';

const pages = { overview, debugger: live, users, datamaps, audiences, rules, delivery, settings, transfer };
const signIn = document.getElementById('sign-in');
const signInMessage = document.getElementById('sign-in-message');
const nav = document.getElementById('nav');
const view = document.getElementById('view');

const TITLE = 'emarsys-destination console';

function showSignIn(message) {
  clearAdminKey();
  nav.hidden = true;
  view.replaceChildren();
  signIn.hidden = false;
  document.title = `Sign in · ${TITLE}`;
  if (message) clear(signInMessage, message);
  document.getElementById('admin-key').focus();
}

/** The heading of what is shown: where "skip to content" and a navigation move the focus. */
function heading() {
  return signIn.hidden ? view.querySelector('h1') : signIn.querySelector('h1');
}

document.getElementById('skip-link').addEventListener('click', (ev) => {
  ev.preventDefault(); // the hash is the router's
  heading()?.focus();
});

onUnauthorized((err) => showSignIn(errorBox(err, 'Signed out: the admin key was not accepted')));

document.getElementById('sign-in-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const key = document.getElementById('admin-key').value.trim();
  clear(signInMessage);
  try {
    await call('GET', '/api/rules', undefined, { key }); // any /api call checks the key
  } catch (err) {
    const context = err.status === 401 ? 'Wrong admin key' : err.status === 429 ? 'Too many wrong keys' : 'Sign-in failed';
    clear(signInMessage, errorBox(err, context));
    return;
  }
  setAdminKey(key);
  document.getElementById('admin-key').value = '';
  route();
});

document.getElementById('sign-out').addEventListener('click', () => {
  showSignIn(h('div', { class: 'notice', role: 'status' }, 'Signed out.'));
});

function route() {
  if (!adminKey()) {
    showSignIn();
    return;
  }
  signIn.hidden = true;
  nav.hidden = false;
  const [name, ...args] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = pages[name] ? name : 'overview';
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  leaveGuard.check = null; // the new page sets its own
  const container = h('section', { class: 'page', id: `page-${page}` });
  view.replaceChildren(container);
  const done = pages[page].render(container, args.filter(Boolean)).catch((err) => container.append(errorBox(err)));
  // every page draws its h1 before its first call: title and focus follow it at once (a screen reader hears
  // where it is), and again once the page is drawn in case it had none yet
  const announce = () => {
    const h1 = container.querySelector('h1');
    if (!h1 || !container.isConnected) return;
    document.title = `${h1.textContent} · ${TITLE}`;
    h1.setAttribute('tabindex', '-1');
    if (document.activeElement !== h1 && !container.contains(document.activeElement)) h1.focus();
  };
  announce();
  done.then(announce);
}

// Leaving a page with unsaved edits asks first; staying puts the address back (the hash has already changed).
window.addEventListener('hashchange', async (ev) => {
  const unsaved = leaveGuard.check?.();
  if (unsaved && !await confirmAction(`${unsaved} Leave this page and lose them?`, 'Leave')) {
    history.replaceState(null, '', new URL(ev.oldURL).hash || '#/overview');
    return;
  }
  route();
});
route();
