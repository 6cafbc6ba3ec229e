// Reloads a view's data when the live stream reports a change (a notification for this user or
// a new case in the district), at most once a second, and stops when the view is left.
import {onBeforeUnmount} from 'vue';

import {onLive} from '../stores/live.js';

export function useLiveReload(reload) {
  let pending = null;
  const off = onLive(() => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      reload();
    }, 1000);
  });
  onBeforeUnmount(() => {
    off();
    if (pending) clearTimeout(pending);
  });
}
