// Times are shown in UTC, as the per-node files and the CLI write them.

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1Z');
}

export function shortTime(iso) {
  const full = time(iso);
  return full.length > 11 ? full.slice(11) : full;
}

export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function minutesSince(iso, now = Date.now()) {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60000));
}

export const levelNames = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

export function levelName(level) {
  return level === undefined || level === null ? '' : (levelNames[level] ?? String(level));
}

export function number(n) {
  return n === undefined || n === null ? '' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 });
}
