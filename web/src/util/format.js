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

// The message to show for an ApiError: a translated code when known, else the server's text.
export function errorText(err, t) {
  if (!err) return '';
  const code = err.code;
  const known = [
    'network', 'unauthenticated', 'permission_denied', 'not_found', 'conflict', 'payload_too_large',
    'resource_exhausted'
  ];
  if (known.includes(code)) {
    const base = t(`error.${code}`);
    return err.message && code !== 'network' ? `${base} (${err.message})` : base;
  }
  return err.message || t('common.error');
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
