// The dashboard's single page: routes by the URL's hash. Everything a job wrote is put on the page as text
// (textContent), never as HTML.
const app = document.getElementById("app");

async function showServer() {
  const response = await fetch("/api/v1/status", { headers: { "Accept": "application/json" } });
  if (response.status === 401) {
    location.href = "/login?next=" + encodeURIComponent(location.pathname + location.hash);
    return;
  }
  const status = await response.json();
  const line = document.createElement("p");
  line.textContent = "Berth " + status.version + ": " + status.running + " running, " + status.queued + " queued";
  app.replaceChildren(line);
}

showServer().catch((error) => { app.textContent = "The server does not answer: " + error.message; });
