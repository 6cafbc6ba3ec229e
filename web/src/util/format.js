// Small pure helpers for showing API values.

// "2026-11-26T09:20:00+08:00" → "2026-11-26 09:20" (the server already speaks Asia/Shanghai).
export function formatTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

// A duration in ms as "1天 2小时" / "35分钟".
export function formatDuration(ms, t) {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60000);
  if (minutes < 1) return t('time.lessThanMinute');
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [];
  if (d) parts.push(t('time.d', {n: d}));
  if (h) parts.push(t('time.h', {n: h}));
  if (m && !d) parts.push(t('time.m', {n: m}));
  return parts.join(' ');
}

// "剩余 2小时" or "已超期 5分钟"; empty when no clock runs.
export function formatTimeLeft(ms, t) {
  if (ms === null || ms === undefined) return '';
  return ms < 0 ? t('case.overdueBy', {t: formatDuration(ms, t)}) :
                  t('case.left', {t: formatDuration(ms, t)});
}

// The message to show for an ApiError: a translated code when known. The server's own text is
// English, so it is added only in the English UI (the Chinese UI says what happened in Chinese).
export function errorText(err, t, locale = currentLocale()) {
  if (!err) return '';
  const code = err.code;
  const english = String(locale).startsWith('en');
  const known = [
    'network', 'unauthenticated', 'permission_denied', 'not_found', 'failed_precondition',
    'conflict', 'payload_too_large', 'resource_exhausted'
  ];
  if (known.includes(code)) {
    const base = t(`error.${code}`);
    return english && err.message && code !== 'network' ? `${base} (${err.message})` : base;
  }
  if (code === 'invalid_argument') {
    if (Object.keys(err.fields || {}).length) return t('error.invalid_argument');
    return english && err.message ? err.message : t('error.invalid_argument');
  }
  return english && err.message ? err.message : t('common.error');
}

function currentLocale() {
  try {
    return document.documentElement.lang || 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

// The server's field messages are English; the common ones are shown in the UI's language.
const FIELD_MESSAGES = [
  [/^required\b/, 'validation.required'],
  [/^at least 8 characters/, 'validation.password'],
  [/^3–64 characters/, 'validation.username'],
  [/^digits only/, 'validation.phone'],
  [/^Digits, /, 'validation.phone'],
  [/^at most \d+ bytes/, 'validation.tooLong'],
  [/^no area has code/, 'validation.noArea'],
  [/uploaded by someone else/, 'validation.photoNotOwn'],
  [/^no attachment has id/, 'validation.photoMissing'],
];

export function fieldErrorText(message, t, locale = currentLocale()) {
  if (!message || String(locale).startsWith('en')) return message;
  for (const [re, key] of FIELD_MESSAGES) if (re.test(message)) return t(key);
  return message;
}

// {field: message} from an ApiError, each message in the UI's language where known.
export function fieldErrors(err, t) {
  return Object.fromEntries(
      Object.entries((err && err.fields) || {}).map(([k, v]) => [k, fieldErrorText(v, t)]));
}

export const LIGHT_COLOURS = {
  green: '#1a7f37',
  amber: '#b26a00',
  red: '#c62828',
  none: '#6b7280'
};

export const OPEN_STATES =
    ['reported', 'registered', 'dispatched', 'in_progress', 'suspended', 'handled', 'verified'];
export const ALL_STATES = [...OPEN_STATES, 'closed', 'rejected', 'merged'];

// Lines of an import error ("line 3" → reason), sorted by line number.
export function importErrorRows(fields) {
  return Object.entries(fields || {})
      .map(([key, reason]) => {
        const m = /^(line|feature)\s+(\d+)$/.exec(key);
        return {key, kind: m ? m[1] : 'column', line: m ? Number(m[2]) : null, reason};
      })
      .sort((a, b) => (a.line ?? -1) - (b.line ?? -1));
}
