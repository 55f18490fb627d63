// The live WebSocket (/api/live): one per page, JSON messages dispatched by their "type".

import {api} from './api.js';

const handlers = new Map();

/** Registers a handler for one message type ("joints", "stats", "estop", ...). */
export function onLive(type, handler) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(handler);
}

const connectionHandlers = new Set();

/** Registers a handler for the live connection's state: "connected" or "disconnected". */
export function onConnection(handler) {
  connectionHandlers.add(handler);
}

function connection(state) {
  for (const handler of connectionHandlers) {
    try {
      handler(state);
    } catch (e) {
      console.error('connection handler failed', e);
    }
  }
}

/** Why the page went back to the login form, for the form to say (sessionStorage survives the reload). */
export const LOGIN_REASON_KEY = 'armature.loginReason';

/** The browser's wall clock in milliseconds with sub-millisecond resolution. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

/**
 * Opens the socket and keeps it open: a closed socket is reopened after a growing delay (0.5 s to 5 s), so a
 * restarted container is picked up without reloading the page.
 */
export function connectLive(onState) {
  let socket;
  let stopped = false;
  let delayMs = 500;
  const open = () => {
    const url = new URL('api/live', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onopen = () => {
      delayMs = 500;
      onState('connected');
      connection('connected');
    };
    socket.onmessage = (e) => dispatch(e.data);
    socket.onclose = () => {
      onState('disconnected');
      connection('disconnected');
      if (stopped) return;
      const retry = () => {
        setTimeout(open, delayMs);
        delayMs = Math.min(delayMs * 2, 5000);
      };
      // A restarted container has forgotten this session: back to the login form rather than retry forever.
      api.session().then(retry, (e) => {
        if (e.status !== 401) return retry();
        sessionStorage.setItem(
          LOGIN_REASON_KEY,
          `This page's session ended (${e.message}): the container restarted, or the session was ended there. Log in again.`,
        );
        location.reload();
      });
    };
  };
  open();
  return {
    close() {
      stopped = true;
      socket.close();
    },
  };
}

function dispatch(text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return; // not ours to fix; the server only sends JSON
  }
  message.receivedMs = nowMs();
  for (const handler of handlers.get(message.type) ?? []) {
    try {
      handler(message);
    } catch (e) {
      console.error(`live ${message.type} handler failed`, e);
    }
  }
}
