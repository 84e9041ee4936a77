// Keeps a referrer's task status up to date without reloading the page (a timed reload would take the
// reader's place away and fails WCAG 2.2.1). Every 30 seconds, while the tab is visible, it fetches the page
// again and swaps in the fresh contents of each element marked data-live; aria-live announces changes.
// Without JavaScript the page still has its Refresh link.
const EVERY_MS = 30000;
const regions = Array.from(document.querySelectorAll("[data-live]"));

async function refresh() {
  if (document.hidden || !regions.length) return;
  let response;
  try {
    response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  } catch {
    return; // offline for a moment: try again next time
  }
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const region of regions) {
    const next = fresh.getElementById(region.id);
    if (next && next.innerHTML !== region.innerHTML) region.innerHTML = next.innerHTML;
  }
}

if (regions.length) setInterval(refresh, EVERY_MS);
