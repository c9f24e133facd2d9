import { auth, type TestApp } from '../../support/app';
import { expectOk } from './problem';

const adminToken = (t: TestApp) => t.token({ sub: 'admin', role: 'admin' });

/** GET /v1/applications/:id as admin (or as `token`). */
export async function view(t: TestApp, id: string, token = adminToken(t)): Promise<Record<string, any>> {
  return expectOk(await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(token) }));
}

export type HistoryItem = {
  seq: number;
  type: string;
  from: string | null;
  to: string;
  actor: Record<string, unknown>;
  at: string;
  payload: any;
};

export async function history(t: TestApp, id: string): Promise<HistoryItem[]> {
  return expectOk(await t.app.inject({ url: `/v1/applications/${id}/history`, headers: auth(adminToken(t)) })).items;
}

/** State, version and history together: what a refusal must leave untouched. */
export async function footprint(t: TestApp, id: string) {
  const v = await view(t, id);
  return { state: v.state, version: v.version, context: v.context, history: await history(t, id) };
}
