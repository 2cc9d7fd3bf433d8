// The aggregator's HTTP API, same origin. Optional endpoints (added by newer servers) are looked up in
// /openapi.json first, so an older server is not asked for what it lacks.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function getJson(path, { signal } = {}) {
  const response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let text = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') text = body.error;
    } catch { /* not JSON */ }
    throw new ApiError(response.status, text);
  }
  return response.json();
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

let document_;

/** The server's OpenAPI paths, or null when it has no document (then every endpoint is tried). */
function openApi() {
  document_ ??= getJson('/openapi.json').then(d => d.paths ?? {}).catch(() => null);
  return document_;
}

/** True when the server has GET <path> (as written in its OpenAPI document, e.g. /api/nodes/{node}/follow). */
export async function hasPath(path) {
  const paths = await openApi();
  return paths === null || Object.hasOwn(paths, path);
}

/** True when GET <path> takes the query parameter <name>. */
export async function hasParameter(path, name) {
  const paths = await openApi();
  if (paths === null) return true;
  const parameters = paths[path]?.get?.parameters ?? [];
  return parameters.some(p => p.name === name);
}

export const node = name => `/api/nodes/${encodeURIComponent(name)}`;
