// A job's artifacts: images, audio and text shown in the page, any one downloadable. Files come from
// GET /jobs/{id}/artifacts/{key}, which serves only an allowlist of types inline (and all else as a download),
// so a file a job wrote cannot run in the dashboard's origin.
import { BASE, jobPath } from "./api.js";
import { h } from "./dom.js";
import * as format from "./format.js";

const IMAGE = new Set(["png", "jpg", "jpeg", "gif", "webp"]);
const AUDIO = new Set(["wav", "mp3", "ogg", "flac"]);
const TEXT = new Set(["txt", "log", "csv", "json", "md", "yaml", "yml", "py"]);
/** How much of a text artifact is shown in the page; the download has it all. */
const TEXT_PREVIEW_BYTES = 64 * 1024;

function url(jobId, key, inline) {
  return BASE + jobPath(jobId, "/artifacts/" + encodeURIComponent(key)) + (inline ? "?inline=1" : "");
}

function fileName(artifact) {
  return artifact.path.slice(artifact.path.lastIndexOf("/") + 1);
}

function extension(name) {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
}

async function textPreview(jobId, artifact, into, signal) {
  try {
    const response = await fetch(url(jobId, artifact.key, true), { signal, headers: { Range: "bytes=0-" + (TEXT_PREVIEW_BYTES - 1) } });
    if (!response.ok) {
      into.textContent = "Cannot show it: the server answered " + response.status + ".";
      return;
    }
    const text = await response.text();
    into.textContent = text.length > TEXT_PREVIEW_BYTES ? text.slice(0, TEXT_PREVIEW_BYTES) + "\n…" : text;
  } catch (error) {
    if (error.name !== "AbortError") {
      into.textContent = "Cannot show it: " + error.message;
    }
  }
}

function preview(jobId, artifact, signal) {
  const kind = extension(fileName(artifact));
  if (IMAGE.has(kind)) {
    return h("img", { src: url(jobId, artifact.key, true), alt: artifact.key, loading: "lazy" });
  }
  if (AUDIO.has(kind)) {
    return h("audio", { controls: true, preload: "none", src: url(jobId, artifact.key, true), "aria-label": artifact.key });
  }
  if (TEXT.has(kind)) {
    const pre = h("pre", { class: "artifact-text" }, "Loading…");
    textPreview(jobId, artifact, pre, signal);
    return pre;
  }
  return h("p", { class: "muted" }, "No preview for this kind of file.");
}

export function artifactList(jobId, artifacts, signal) {
  if (artifacts.length === 0) {
    return h("p", { class: "muted" }, "The job saved no artifacts (berth.save_artifact).");
  }
  return h("ul", { class: "artifacts" }, artifacts.map((artifact) => h("li", { class: "artifact", "data-key": artifact.key },
    h("details", {},
      h("summary", {}, h("strong", {}, artifact.key), " ", h("span", { class: "muted" }, fileName(artifact), " · ", format.bytes(artifact.bytes))),
      h("div", { class: "preview" }, ""),
      h("a", { href: url(jobId, artifact.key, false), download: fileName(artifact) }, "Download")),
  )).map((li) => {
    // previews load when opened, not all at once
    const details = li.querySelector("details");
    const artifact = artifacts.find((a) => a.key === li.dataset.key);
    details.addEventListener("toggle", () => {
      const box = details.querySelector(".preview");
      if (details.open && box.childElementCount === 0) {
        box.replaceChildren(preview(jobId, artifact, signal));
      }
    }, { once: false });
    return li;
  }));
}
