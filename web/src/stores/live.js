// The live connection of a signed-in user: one Server-Sent Events stream (/api/v1/stream) that
// brings new notifications, the unread count, and word of new cases in the user's district.
// Views call onLive(fn) to reload their queues when something changed, instead of a reload.
import {reactive, watch} from 'vue';

import {session} from './session.js';

export const live = reactive({
  connected: false,
  unread: 0,
  latestCaseId: 0,
  last: null,  // the newest notification received
});

const listeners = new Set();
let source = null;

function emit(kind, data) {
  for (const fn of listeners) {
    try {
      fn(kind, data);
    } catch {
      /* one view's error must not stop the others */
    }
  }
}

function open(token) {
  close();
  if (!token || typeof EventSource === 'undefined') return;
  source = new EventSource(`/api/v1/stream?access_token=${encodeURIComponent(token)}`);
  source.addEventListener('open', () => { live.connected = true; });
  source.addEventListener('error', () => { live.connected = false; });
  source.addEventListener('hello', (e) => {
    const d = JSON.parse(e.data);
    live.unread = d.unread;
    live.latestCaseId = d.latest_case_id;
  });
  source.addEventListener('notification', (e) => {
    const n = JSON.parse(e.data);
    live.last = n;
    emit('notification', n);
  });
  source.addEventListener('unread', (e) => { live.unread = JSON.parse(e.data).unread; });
  source.addEventListener('cases', (e) => {
    const d = JSON.parse(e.data);
    live.latestCaseId = d.latest_case_id;
    emit('cases', d);
  });
}

function close() {
  if (source) source.close();
  source = null;
  live.connected = false;
}

watch(() => session.token, (token) => open(token), {immediate: true});

// Calls fn(kind, data) on every live event until the returned function is called.
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function setUnread(n) {
  live.unread = n;
}
