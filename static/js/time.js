// The one time formatter (and parser) of the front end: the player, compare view, share box and
// studio all show times this way (runphys.text.timecode is its server-side twin).

/** Format seconds as m:ss or, with decimals, m:ss.s (negative times keep their sign). */
export function formatTime(t, decimals = 0) {
  const sign = t < 0 ? "-" : "";
  const scale = 10 ** decimals;
  const total = Math.round(Math.abs(t) * scale) / scale; // round first: 59.96 is 1:00.0, not 0:60.0
  const m = Math.floor(total / 60);
  const s = (total - m * 60).toFixed(decimals).padStart(decimals ? 3 + decimals : 2, "0");
  return `${sign}${m}:${s}`;
}

/** Parse "12.5", "12.5s", "1:05" or "1:05.2" into seconds (NaN if not a time). */
export function parseTime(text) {
  const match = /^(?:(\d+):)?(\d+(?:\.\d+)?)s?$/.exec(String(text ?? "").trim());
  return match ? Number(match[1] ?? 0) * 60 + Number(match[2]) : NaN;
}
