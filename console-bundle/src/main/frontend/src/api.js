// The console's only way to the kernel: the JSON of /auth/token and /admin, with the operator's token
// as a bearer token. The token lives in sessionStorage (this tab only, gone when it closes), never in
// a cookie, so no other site's page can make the browser send it (no CSRF); the console's CSP allows
// scripts from this origin only, and the pages write every value as text, never as HTML.

const KEY = 'keel.console.session';

export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.status = status;
    this.problem = problem || {};
  }
}

export function session() {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (s && s.token && Date.parse(s.expiresAt) > Date.now()) {
      return s;
    }
  } catch (e) {
    // a damaged entry is no session
  }
  sessionStorage.removeItem(KEY);
  return null;
}

export function logout() {
  sessionStorage.removeItem(KEY);
  window.dispatchEvent(new Event('keel-session'));
}

async function answer(resp, also = []) {
  const type = resp.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await resp.json().catch(() => ({})) : {};
  if (!resp.ok && !also.includes(resp.status)) {
    if (resp.status === 401 && session()) {
      logout();
    }
    throw new ApiError(resp.status, body.detail || body.title || `HTTP ${resp.status}`, body);
  }
  return body;
}

export async function login(username, password) {
  const resp = await fetch('/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    credentials: 'omit',
  });
  const t = await answer(resp);
  const s = { token: t.token, expiresAt: t.expiresAt, user: username, roles: [] };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  try {
    const who = await get('/admin/session');
    s.user = who.subject;
    s.roles = who.roles || [];
    sessionStorage.setItem(KEY, JSON.stringify(s));
  } catch (e) {
    logout();
    throw e;
  }
  window.dispatchEvent(new Event('keel-session'));
  return s;
}

async function call(method, path, body, also) {
  const s = session();
  const headers = { Accept: 'application/json' };
  if (s) {
    headers.Authorization = `Bearer ${s.token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const resp = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  return answer(resp, also);
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body || {});
/** /health answers 503 with its details while Keel is not ready: that is an answer too. */
export const health = () => call('GET', '/health', undefined, [503]);

/** Whether the logged-in operator has a role (what it implies counted by the kernel). */
export function can(role) {
  const s = session();
  return !!s && s.roles.includes(role);
}
