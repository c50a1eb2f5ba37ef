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
}

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token) => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY));

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null);
  }
  const type = res.headers.get('content-type') || '';
  const json = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
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
  facilities: (filter = {}) => request('GET', `/api/facilities${query(filter)}`),
  settlements: (filter = {}) => request('GET', `/api/settlements${query(filter)}`),
  coverage: (circleId) => request('GET', `/api/coverage/${seg(circleId)}`),
  access: (settlementId) => request('GET', `/api/settlements/${seg(settlementId)}/access`),
  route: (settlementId, circleId) => request('GET', `/api/settlements/${seg(settlementId)}/route${query({ circle: circleId })}`),
  uncovered: (circleId) => request('GET', `/api/coverage/${seg(circleId)}/uncovered`),
  isochrones: (facilityId, minutes = [5, 10, 15]) =>
    request('GET', `/api/isochrones${query({ facility: facilityId, minutes: minutes.join(',') })}`),
  networkLines: (bbox) => request('GET', `/api/network/lines${query({ bbox: bbox?.join(',') })}`),
  /** A planner-only read: 200 when the token is valid, ApiError 401 when not. */
  checkToken: () => request('GET', '/api/edit-log?limit=1'),
  whatif: (body) => request('POST', '/api/whatif', body),
  createScenario: (body) => request('POST', '/api/scenarios', body),
  siting: (body) => request('POST', '/api/siting', body),
};
