// Fetch wrapper for docs/API.md: JSON in and out, bearer token for planners, problem+json errors as ApiError.
import { getLang, t } from './i18n.js';

const TOKEN_KEY = 'coverage.token';

/** An HTTP failure; problem is the RFC 7807 body when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The message a user reads, in the current language. */
  userMessage() {
    const p = this.problem;
    if (this.status === 0) return t('errorNetwork');
    if (!p) return t('errorUnknown', { status: this.status });
    const zh = getLang() === 'zh';
    const head = (zh ? p.detailZh || p.titleZh : null) || p.detail || p.title || t('errorUnknown', { status: this.status });
    const rows = (p.errors || []).map((e) => `${e.where ?? e.field ?? ''}: ${zh ? e.zh || e.en : e.en || e.zh}`);
    return [head, ...rows].join('\n');
  }

  /** A 412 (someone changed the row since it was read): who, when and the current version; null for other errors. */
  conflict() {
    const p = this.problem;
    if (this.status !== 412 || !p) return null;
    return { by: p.changedBy ?? '?', at: p.changedAt ?? null, version: p.currentVersion ?? null };
  }
}

/** If-Match for a write based on the row's version as read (RFC 9110): the server refuses it with 412 if it changed since. */
const ifMatch = (version) => (version === undefined || version === null ? {} : { 'If-Match': `"${version}"` });

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY));

/** signal: an AbortSignal that cancels the request (its AbortError is thrown as is, not as a network failure). */
async function send(method, path, body, accept, extra = {}, signal = undefined) {
  const headers = { Accept: accept, ...extra };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, null);
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  return res;
}

async function request(method, path, body, headers, signal) {
  const res = await send(method, path, body, 'application/json', headers, signal);
  const type = res.headers.get('content-type') || '';
  return type.includes('json') ? res.json().catch(() => null) : null;
}

/** A file answer (a download): the body as a Blob and the file name the server gave it. */
async function download(method, path, body) {
  const res = await send(method, path, body, '*/*');
  const disposition = res.headers.get('content-disposition') || '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return { blob: await res.blob(), fileName: utf8 ? decodeURIComponent(utf8[1]) : plain?.[1] };
}

const query = (params) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return q.toString() ? `?${q}` : '';
};
const seg = encodeURIComponent;

export const api = {
  region: () => request('GET', '/api/region'),
  config: () => request('GET', '/api/config'),
  categories: () => request('GET', '/api/categories'),
  circles: () => request('GET', '/api/circles'),
  indicators: () => request('GET', '/api/indicators'),
  lifeCircles: () => request('GET', '/api/life-circles'),
  /** The rule check of { units: [{ id, centre, members }] } (or { assignment }), with the units drawn. */
  checkLifeCircles: (body) => request('POST', '/api/life-circles/check', body),
  groupings: () => request('GET', '/api/life-circles/groupings'),
  grouping: (name) => request('GET', `/api/life-circles/groupings/${seg(name)}`),
  /** version: the saved grouping's version when one of that name exists (412 if someone saved it since). */
  saveGrouping: (name, body, version) => request('PUT', `/api/life-circles/groupings/${seg(name)}`, body, ifMatch(version)),
  accessibility: (circle) => request('GET', `/api/accessibility?circle=${encodeURIComponent(circle)}`),
  facilities: (filter = {}) => request('GET', `/api/facilities${query(filter)}`),
  settlements: (filter = {}) => request('GET', `/api/settlements${query(filter)}`),
  /** summary: the county and towns only (no per-settlement features; a large region's map reads them by viewport). */
  coverage: (circleId, { summary = false } = {}) => request('GET', `/api/coverage/${seg(circleId)}${summary ? '?settlements=false' : ''}`),
  access: (settlementId) => request('GET', `/api/settlements/${seg(settlementId)}/access`),
  route: (settlementId, circleId) => request('GET', `/api/settlements/${seg(settlementId)}/route${query({ circle: circleId })}`),
  uncovered: (circleId, limit) => request('GET', `/api/coverage/${seg(circleId)}/uncovered${query({ limit })}`),
  /** How many settlements and facilities, and whether the page reads them by viewport. */
  mapExtent: () => request('GET', '/api/map/extent'),
  /** { circle, bbox, zoom }: the view's settlements, as features or clusters; signal cancels a view no longer wanted. */
  mapSettlements: (params, signal) => request('GET', `/api/map/settlements${query(params)}`, undefined, {}, signal),
  /** { category, bbox, zoom }: the view's facilities, as features or clusters; signal as for mapSettlements. */
  mapFacilities: (params, signal) => request('GET', `/api/map/facilities${query(params)}`, undefined, {}, signal),
  mapSearch: (q) => request('GET', `/api/map/search${query({ q })}`),
  isochrones: (facilityId, minutes = [5, 10, 15]) =>
    request('GET', `/api/isochrones${query({ facility: facilityId, minutes: minutes.join(',') })}`),
  /** The network's lines in bbox; maxLines: at most that many (the longest) for a large region's view; signal cancels. */
  networkLines: (bbox, maxLines, signal) => request('GET', `/api/network/lines${query({ bbox: bbox?.join(','), maxLines })}`, undefined, {}, signal),
  /** A planner-only read: 200 when the token is valid, ApiError 401 when not. */
  checkToken: () => request('GET', '/api/edit-log?limit=1'),
  /** Edit-log rows (planner): { newest, limit, after }. */
  editLog: (filter = {}) => request('GET', `/api/edit-log${query(filter)}`),
  undoEdit: (id) => request('POST', `/api/edit-log/${seg(String(id))}/undo`),
  whatif: (body) => request('POST', '/api/whatif', body),
  createScenario: (body) => request('POST', '/api/scenarios', body),
  scenarios: () => request('GET', '/api/scenarios'),
  scenario: (id) => request('GET', `/api/scenarios/${seg(id)}`),
  /** version: the scenario's version as loaded (its ETag); the write is refused with 412 if someone changed it since. */
  renameScenario: (id, name, version) => request('PATCH', `/api/scenarios/${seg(id)}`, { name }, ifMatch(version)),
  deleteScenario: (id, version) => request('DELETE', `/api/scenarios/${seg(id)}`, undefined, ifMatch(version)),
  scenarioCoverage: (id, circleId) => request('GET', `/api/scenarios/${seg(id)}/coverage/${seg(circleId)}`),
  /** b against a for one circle; 'current' names the plan as it is. */
  compareScenarios: (a, b, circleId) => request('GET', `/api/scenarios/${seg(a)}/compare/${seg(b)}${query({ circle: circleId })}`),
  siting: (body) => request('POST', '/api/siting', body),
  /** The sites table of the same question as csv, geojson or xlsx. */
  sitingFile: (body, format) => download('POST', `/api/siting${query({ format })}`, body),
};
