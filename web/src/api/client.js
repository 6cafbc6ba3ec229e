// The one door to the CivicGrid JSON API (/api/v1): adds the bearer token, turns every error
// body {"error": {code, message, fields, allowed_actions}} into an ApiError.
import {clearSession, session} from '../stores/session.js';

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || 'network';
    this.fields = e.fields || {};
    this.allowedActions = e.allowed_actions || null;
  }
}

const BASE = '/api/v1';

function headers(extra = {}) {
  const h = {...extra};
  if (session.token) h.Authorization = `Bearer ${session.token}`;
  return h;
}

async function parse(res) {
  const text = await res.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && session.token) clearSession();
    throw new ApiError(res.status, body);
  }
  return body;
}

export async function request(method, path, {query, json, body, contentType} = {}) {
  let url = BASE + path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  const init = {method, headers: headers()};
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    if (contentType) init.headers['Content-Type'] = contentType;
    init.body = body;
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (err) {
    const e = new ApiError(0, {error: {code: 'network', message: String(err.message || err)}});
    throw e;
  }
  return parse(res);
}

// Uploads a body with XMLHttpRequest so that the caller sees upload progress (0..100).
export function uploadWithProgress(path, body, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && onProgress) onProgress(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.onerror = () =>
        reject(new ApiError(0, {error: {code: 'network', message: 'network error'}}));
    xhr.onload = () => {
      let parsed = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (onProgress) onProgress(100);
        resolve(parsed);
      } else {
        if (xhr.status === 401 && session.token) clearSession();
        reject(new ApiError(xhr.status, parsed));
      }
    };
    xhr.send(body);
  });
}

// Fetches a protected binary (photo, CSV export) and returns a Blob.
export async function fetchBlob(url) {
  const res = await fetch(url, {headers: headers()});
  if (!res.ok) {
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    throw new ApiError(res.status, body);
  }
  return res.blob();
}

export const api = {
  login: (username, password) => request('POST', '/auth/login', {json: {username, password}}),
  logout: () => request('POST', '/auth/logout'),
  me: () => request('GET', '/auth/me'),
  users: () => request('GET', '/users'),
  createUser: (u) => request('POST', '/users', {json: u}),
  apiKeys: () => request('GET', '/admin/api-keys'),
  issueApiKey: (body) => request('POST', '/admin/api-keys', {json: body}),
  revokeApiKey: (id) => request('POST', `/admin/api-keys/${encodeURIComponent(id)}/revoke`),
  webhooks: () => request('GET', '/admin/webhooks'),
  createWebhook: (body) => request('POST', '/admin/webhooks', {json: body}),
  deactivateWebhook: (id) => request('POST', `/admin/webhooks/${encodeURIComponent(id)}/deactivate`),
  webhookDeliveries: (id) => request('GET', `/admin/webhooks/${encodeURIComponent(id)}/deliveries`),

  area: (code, boundary = false) => request(
      'GET', `/areas/${encodeURIComponent(code)}`, {query: {boundary: boundary ? 'true' : ''}}),
  children: (code, boundary = false) =>
      request('GET', `/areas/${encodeURIComponent(code)}/children`, {
        query: {boundary: boundary ? 'true' : ''},
      }),
  // Every unit grid inside an area (a street's or a district's), in one request.
  grids: (code, boundary = false) =>
      request('GET', `/areas/${encodeURIComponent(code)}/grids`, {
        query: {boundary: boundary ? 'true' : ''},
      }),
  locate: (lng, lat) => request('GET', '/areas/locate', {query: {lng, lat}}),

  categories: () => request('GET', '/categories'),
  departments: () => request('GET', '/departments'),
  timeLimits: () => request('GET', '/time-limits'),
  responsibility: () => request('GET', '/responsibility'),

  // state may be one state, a comma-separated list, or "open" for every open state.
  cases: (query) => request('GET', '/cases', {query}),
  // Counts of the visible cases grouped by state|street|community|grid|department, with the
  // same filters as cases(): {by, items: [{key, count}], total}.
  caseStats: (by, query = {}) => request('GET', '/cases/stats', {query: {...query, by}}),
  caseById: (id) => request('GET', `/cases/${encodeURIComponent(id)}`),
  report: (body) => request('POST', '/cases', {json: body}),
  // The 12345 seat: open cases of the category near the point, before a call is saved.
  hotlineDuplicates: (query) => request('GET', '/hotline/duplicates', {query}),
  act: (id, action, body) =>
      request('POST', `/cases/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`, {
        json: body || {},
      }),
  evaluationDashboard: (query) => request('GET', '/evaluation/dashboard', {query}),
  evaluationIndicators: (query) => request('GET', '/evaluation/indicators', {query}),
  ranking: (query) => request('GET', '/evaluation/ranking', {query}),
  presets: () => request('GET', '/evaluation/presets'),
  addEntry: (body) => request('POST', '/evaluation/entries', {json: body}),
  notifications: (query) => request('GET', '/notifications', {query}),
  markRead: (body) => request('POST', '/notifications/read', {json: body}),

  upload: (file) =>
      // The server judges the type from the bytes; a wrong file extension must not cause a 422.
  request('POST', '/attachments', {body: file, contentType: 'application/octet-stream'}),
};

// The paths that accept an import, by kind.
export const IMPORT_PATHS = {
  areas: '/areas/import',
  categories: '/categories/import',
  departments: '/departments/import',
  'time-limits': '/time-limits/import',
  responsibility: '/responsibility/import',
};
