// What the workspace's pages share with its shell (app.ts) and with each
// other: the page context, how a failed call is shown, state names. Pages
// import this, never app.ts (which imports the pages).
import * as api from '../api';
import { h } from '../dom';
import * as session from './session';
import { w, type WKey } from './texts';

/** The vocabularies and organisations every page reads. */
export interface Ctx { vocab: api.Vocabularies; organisations: api.Organisation[] }

/** A failed call as the page shows it (not found and forbidden look alike). */
export function problem(e: unknown): HTMLElement {
  const text = e instanceof session.ApiError && (e.status === 404 || e.status === 403) ? w('notFound')
    : w('error', (e as Error).message);
  return h('p', { class: 'ws-error', role: 'alert' }, text);
}

export const stateName = (s?: string) => (s && s in { DRAFT: 1, SUBMITTED: 1, PUBLISHED: 1, REJECTED: 1, ARCHIVED: 1 }
  ? w(s as WKey) : s ?? '');

