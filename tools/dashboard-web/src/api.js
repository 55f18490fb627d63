// The dashboard's REST calls (docs/dashboard.md). Paths are relative so the page works under any base URL.

/** A refused or failed request, with the server's reason. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function request(method, path, body) {
  const headers = {};
  let payload;
  // Every state-changing request carries X-Armature (the server's CSRF check).
  if (method !== 'GET') headers['X-Armature'] = '1';
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(path, {method, headers, body: payload, credentials: 'same-origin'});
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const reason = json && json.error ? json.error : text || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, reason, json);
  }
  return json;
}

const enc = encodeURIComponent;

export const api = {
  session: () => request('GET', 'api/session'),
  login: (user, password) => request('POST', 'api/login', {user, password}),
  logout: () => request('POST', 'api/logout', {}),
  status: () => request('GET', 'api/status'),
  loops: () => request('GET', 'api/loops'),
  robot: (loop) => request('GET', `api/robot/${enc(loop)}`),
  features: () => request('GET', 'api/features'),
  feature: (name, action) => request('POST', `api/features/${enc(name)}/${action}`, {}),
  deploy: (file) => {
    const form = new FormData();
    form.append('bundle', file, file.name);
    return request('POST', 'api/deploy', form);
  },
  config: (pid) => request('GET', `api/config/${enc(pid)}`),
  setConfig: (pid, properties) => request('POST', `api/config/${enc(pid)}`, properties),
  estop: (loop, action) => request('POST', `api/estop/${enc(loop)}/${action}`, {}),
};
