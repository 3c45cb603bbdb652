// Numbers, times and sizes as a person reads them.

const numbers = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 6 });

/** A param's or metric's value: numbers to six significant digits, other values as JSON. */
export function value(v) {
  if (v === null || v === undefined) {
    return "";
  }
  if (typeof v === "number") {
    return Number.isInteger(v) ? String(v) : numbers.format(v);
  }
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function count(n) {
  return n.toLocaleString();
}

/** 2026-12-05 18:48:32, in the browser's zone. */
export function time(iso) {
  if (!iso) {
    return "";
  }
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 3s, 4m 05s, 2h 10m, 3d 4h. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) {
    return "";
  }
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) {
    return s + "s";
  }
  if (s < 3600) {
    return Math.floor(s / 60) + "m " + String(s % 60).padStart(2, "0") + "s";
  }
  if (s < 86400) {
    return Math.floor(s / 3600) + "h " + String(Math.floor(s / 60) % 60).padStart(2, "0") + "m";
  }
  return Math.floor(s / 86400) + "d " + (Math.floor(s / 3600) % 24) + "h";
}

/** How long a job ran, or has run so far. */
export function runTime(job) {
  if (!job.startedAt) {
    return "";
  }
  const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  return duration(end - Date.parse(job.startedAt));
}

export function ago(iso) {
  return iso ? duration(Date.now() - Date.parse(iso)) + " ago" : "";
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return "";
  }
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + " " + units[i];
}

/** What a job asked for: "2 GPUs, 1.5 CPUs, 4 GiB". */
export function requests(r) {
  const parts = [];
  if (r?.numGpus) {
    parts.push(r.numGpus + (r.numGpus === 1 ? " GPU" : " GPUs"));
  }
  if (r?.cpus) {
    parts.push(r.cpus + (r.cpus === 1 ? " CPU" : " CPUs"));
  }
  if (r?.memoryBytes) {
    parts.push(bytes(r.memoryBytes));
  }
  return parts.join(", ");
}
