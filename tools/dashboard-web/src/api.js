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
  let res;
  try {
    res = await fetch(path, {method, headers, body: payload, credentials: 'same-origin'});
  } catch (e) {
    // Nothing came back: the container is down or the network is gone. Status 0: not a refusal.
    throw new ApiError(0, `could not reach the container (${e.message})`, null);
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const reason = json && json.error ? json.error : plainReason(res, text);
    throw new ApiError(res.status, reason, json);
  }
  return json;
}

/** A reply that is not ours (an HTML error page of the web server): its title, or its status, never markup. */
function plainReason(res, text) {
  const title = /<title>([^<]*)<\/title>/i.exec(text ?? '');
  if (title) return `${res.status}: ${title[1].trim()}`;
  if (text && !/^\s*</.test(text)) return text.slice(0, 300);
  return `${res.status} ${res.statusText}`.trim();
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
