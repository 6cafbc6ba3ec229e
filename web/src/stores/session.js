// Who is signed in: the bearer token and the user record, kept in localStorage so that a reload
// keeps the session (the token expires after 12 hours on the server).
import {reactive} from 'vue';

const KEY = 'civicgrid.session';

function load() {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) {
      const s = JSON.parse(raw);
      if (s && s.token && s.user) return s;
    }
  } catch {
    /* unreadable storage: start signed out */
  }
  return {token: '', user: null};
}

export const session = reactive(load());

export function setSession(token, user) {
  session.token = token;
  session.user = user;
  localStorage.setItem(KEY, JSON.stringify({token, user}));
}

export function clearSession() {
  session.token = '';
  session.user = null;
  localStorage.removeItem(KEY);
}

// The landing page of each role.
export function homeFor(role) {
  switch (role) {
    case 'dispatcher':
    case 'community_worker':
      return '/centre';
    case 'department_handler':
      return '/inbox';
    case 'inspector':
      return '/inspector';
    case 'resident':
      return '/my';
    case 'leader':
    case 'district_manager':
      return '/overview';
    case 'admin':
      return '/admin/areas';
    default:
      return '/login';
  }
}

// The channel a role reports through by default (residents: resident; inspectors: patrol).
export function channelsFor(role) {
  switch (role) {
    case 'resident':
      return ['resident'];
    case 'inspector':
      return ['patrol', 'group'];
    default:
      return ['hotline', 'patrol', 'resident', 'group', 'leader'];
  }
}
