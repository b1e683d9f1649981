// Calls to the service's /api with the admin key (docs/openapi.yaml is the contract).
// Every error answer becomes an ApiError carrying the server's error code, message and problems.

const KEY = 'emd.adminKey';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.error) || `http_${status}`;
    this.problems = (body && Array.isArray(body.problems)) ? body.problems : [];
  }
}

export const adminKey = () => sessionStorage.getItem(KEY);
export const setAdminKey = (key) => sessionStorage.setItem(KEY, key);
export const clearAdminKey = () => sessionStorage.removeItem(KEY);

let unauthorized = () => {};
/** Called with the ApiError when a call is refused with 401 (the key is wrong or was changed). */
export function onUnauthorized(handler) { unauthorized = handler; }

/**
 * One HTTP call. body: an object (sent as JSON), a string (sent as is) or undefined.
 * options.key: use this key instead of the stored one (sign-in); its 401 is not passed to onUnauthorized.
 * Resolves with the parsed JSON answer (null when empty); rejects with ApiError.
 */
export async function call(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  const key = options.key ?? adminKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let res;
  try {
    // credentials 'omit': the console authenticates with its Bearer header only; no cookie or remembered Basic
    // credentials go along (/api takes none and never asks for Basic)
    res = await fetch(path, { method, headers, body: payload, credentials: 'omit' });
  } catch (e) {
    throw new ApiError(0, { error: 'network_error', message: `The server could not be reached (${e.message}).` });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = res.ok ? text : { error: `http_${res.status}`, message: text.slice(0, 500) }; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && options.key === undefined) unauthorized(err);
    throw err;
  }
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path, body) => call('DELETE', path, body);

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
