// The workspace's session: the access token lives in this module's memory
// only (never in localStorage); the refresh token is an HttpOnly, Secure,
// SameSite=Strict cookie the gateway sets on /v1/auth (POST /v1/auth/session),
// so a page reload restores the session with POST /v1/auth/session:refresh.
// An expired session sends the user to the sign-in page and back to where
// they were.
import { lang } from '../i18n';

export interface Me { subject: string; organisation: string; roles: string[] }

let token = '';
let expiresAt = 0;
let me: Me | null = null;
let refreshing: Promise<boolean> | null = null;

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: ErrorBody) { super(message); }
}
export interface ErrorBody {
  code?: number; status?: string; message?: string;
  details?: { fieldViolations?: { field: string; description: string }[] }[];
}

async function adopt(r: Response): Promise<boolean> {
  if (!r.ok) { token = ''; me = null; return false; }
  const body = await r.json() as { access_token: string; expires_in: number };
  token = body.access_token;
  expiresAt = Date.now() + (body.expires_in - 30) * 1000;
  me = await call<Me>('GET', '/v1/me');
  return true;
}

const authHeaders = (): Record<string, string> => ({ 'Accept-Language': lang() });

export async function signIn(username: string, password: string): Promise<ErrorBody | null> {
  const r = await fetch('/v1/auth/session', {
    method: 'POST', headers: { ...authHeaders(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }), credentials: 'same-origin',
  });
  if (r.ok) { await adopt(r); return null; }
  return await r.json().catch(() => ({ message: r.statusText })) as ErrorBody;
}

/** Renews the access token from the session cookie; false when there is no session. */
export function refresh(): Promise<boolean> {
  refreshing ??= fetch('/v1/auth/session:refresh', { method: 'POST', headers: authHeaders(), credentials: 'same-origin' })
    .then(adopt).catch(() => false).finally(() => { refreshing = null; });
  return refreshing;
}

export async function signOut(): Promise<void> {
  await fetch('/v1/auth/session:logout', { method: 'POST', headers: authHeaders(), credentials: 'same-origin' });
  token = ''; me = null;
}

export const current = (): Me | null => me;
export const hasRole = (...roles: string[]): boolean => !!me && me.roles.some((r) => roles.includes(r) || r === 'admin');

/** Sends the user to sign in, then back here. */
export function toSignIn(): never {
  const next = window.location.pathname + window.location.search;
  const p = new URLSearchParams({ next });
  if (lang() !== 'fr') p.set('lang', lang());
  window.location.assign(`/workspace/signin?${p}`);
  throw new ApiError(401, 'signed out', {});
}

/** An authenticated call to the API: renews the token once when it has expired. */
export async function call<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  if (!token || Date.now() > expiresAt) {
    if (!(await refresh())) toSignIn();
  }
  const r = await fetch(path, {
    method,
    headers: { ...authHeaders(), Authorization: `Bearer ${token}`,
               ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401 && retry) {
    token = '';
    return call<T>(method, path, body, false);
  }
  const data = await r.json().catch(() => ({})) as T & ErrorBody;
  if (!r.ok) throw new ApiError(r.status, data.message ?? r.statusText, data);
  return data;
}

/**
 * Downloads `path` (an export, a restricted file) with the caller's token, as
 * `fileName`: a plain link would carry none.
 */
export async function download(path: string, fileName: string): Promise<void> {
  if (!token || Date.now() > expiresAt) {
    if (!(await refresh())) toSignIn();
  }
  const r = await fetch(path, { headers: { ...authHeaders(), Authorization: `Bearer ${token}` } });
  if (!r.ok) {
    const data = await r.json().catch(() => ({})) as ErrorBody;
    throw new ApiError(r.status, data.message ?? r.statusText, data);
  }
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface Frame { id: string; event: string; data: string }

/**
 * A server-sent event stream that needs the caller's token (an EventSource
 * cannot send one): read with fetch, frames handed to `onFrame`, reconnected
 * after a drop with Last-Event-ID so nothing is missed (a `reset` frame says
 * the gap was too long: reload). Stops when `alive()` turns false.
 */
export function stream(path: string, onFrame: (f: Frame) => void, alive: () => boolean): void {
  let last = '';
  const open = async (): Promise<void> => {
    if (!alive()) return;
    if (!token || Date.now() > expiresAt) {
      if (!(await refresh())) return;
    }
    const headers: Record<string, string> = { ...authHeaders(), Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
    if (last) headers['Last-Event-ID'] = last;
    const r = await fetch(path, { headers });
    if (r.status === 401) { token = ''; return; }
    if (!r.ok || !r.body) return;
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done || !alive()) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const f: Frame = { id: '', event: 'message', data: '' };
        for (const line of block.split('\n')) {
          const colon = line.indexOf(': ');
          if (colon <= 0) continue;
          const key = line.slice(0, colon);
          if (key === 'id' || key === 'event' || key === 'data') f[key] = line.slice(colon + 2);
        }
        if (f.id) last = f.id;
        if (f.data) onFrame(f);
      }
    }
  };
  const loop = (): void => {
    void open().catch(() => undefined).finally(() => { if (alive()) window.setTimeout(loop, 3000); });
  };
  loop();
}

/** Field violations of an API error, by field path (`project.title.fr` → `title.fr`). */
export function fieldErrors(e: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(e instanceof ApiError)) return out;
  for (const d of e.body.details ?? []) {
    for (const v of d.fieldViolations ?? []) out.set(v.field.replace(/^project\./, ''), v.description);
  }
  return out;
}

/** An API error in one line: its field violations (`field : what`), else its message. */
export function errorMessage(e: unknown): string {
  const fields = fieldErrors(e);
  return fields.size ? [...fields].map(([k, v]) => `${k} : ${v}`).join(' ; ') : (e as Error).message;
}
