// The login page: says why the last try failed, and keeps where to go back to (a path of this server only).
const params = new URLSearchParams(location.search);
document.getElementById("error").hidden = params.get("error") === null;
const next = params.get("next");
if (next && next.startsWith("/") && !next.startsWith("//")) {
  document.getElementById("next").value = next;
}
