import { initAll } from './govuk/govuk-frontend.min.js'
initAll()

// Live figures: an element with data-live-url is refreshed in place from that URL every few seconds (the page
// reloads itself every 30 seconds without JavaScript). Changes to its data-live-summary are announced politely;
// when the figures say the thing is no longer open, the whole page is loaded once more and polling stops.
function followLive (container) {
  const url = container.dataset.liveUrl
  const every = 5000
  const status = document.createElement('p')
  status.className = 'govuk-visually-hidden'
  status.setAttribute('role', 'status')
  container.before(status)
  const note = document.querySelector('[data-live-note]')
  if (note) note.textContent = note.dataset.liveNote
  const summaryOf = (element) => element.querySelector('[data-live-summary]')?.dataset.liveSummary
  let last = summaryOf(container)
  let timer = null
  async function poll () {
    if (document.hidden) return
    let response
    try {
      response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
    } catch (error) {
      return // offline for a moment: try again next time
    }
    if (!response.ok) return
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html').body
    const state = fresh.querySelector('[data-live-status]')?.dataset.liveStatus
    container.replaceChildren(...fresh.childNodes)
    const summary = summaryOf(container)
    if (summary && summary !== last) status.textContent = summary
    last = summary
    if (state && state !== 'open') {
      clearInterval(timer)
      window.location.reload()
    }
  }
  timer = setInterval(poll, every)
}

document.querySelectorAll('[data-live-url]').forEach(followLive)
