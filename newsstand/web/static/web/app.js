"use strict";
// Newsstand's one page script, none of it needed to read: dates in the reader's own time zone
// and relative ("3 hours ago"), the service worker, and keeping saved articles for offline.
(function () {
  const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const UNITS = [
    ["year", 31536000],
    ["month", 2592000],
    ["week", 604800],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const SYNC_EVERY_MS = 30000;

  function ago(moment) {
    const seconds = (moment.getTime() - Date.now()) / 1000;
    // Under a minute, or a date a feed put in the future, reads "just now" (as on the server).
    if (seconds > -60) return "just now";
    for (const [unit, size] of UNITS) {
      if (-seconds >= size) return relative.format(Math.round(seconds / size), unit);
    }
    return "just now";
  }

  // <time data-style="relative"> shows "3 hours ago" with the local date as its tooltip; any
  // other <time datetime> shows the local date and time.
  function localiseTimes() {
    for (const element of document.querySelectorAll("time[datetime]")) {
      const moment = new Date(element.dateTime);
      if (Number.isNaN(moment.getTime()) || !element.dateTime.includes("T")) continue;
      if (element.dataset.style === "relative") {
        element.textContent = ago(moment);
        element.title = absolute.format(moment);
      } else {
        element.textContent = absolute.format(moment);
      }
    }
  }

  // True when a worker controls the page and got the message (none does on the first visit).
  function tellWorker(message) {
    if (!(navigator.serviceWorker && navigator.serviceWorker.controller)) return false;
    navigator.serviceWorker.controller.postMessage(message);
    return true;
  }

  // The readers' list is the truth; refreshed at most every 30 s as the reader moves around,
  // and at once after signing in or out (<body data-signed-in>), so a reader's saved articles
  // are kept as soon as they sign in, and gone from the device as soon as they sign out.
  function syncSaved() {
    const reader = document.body.hasAttribute("data-signed-in") ? "in" : "out";
    const [lastReader, last] = (sessionStorage.getItem("newsstand-saved-sync") || "").split(" ");
    if (lastReader === reader && Date.now() - Number(last || 0) < SYNC_EVERY_MS) return;
    if (lastReader === "in" && reader === "out") tellWorker({ type: "forget-recent" });
    if (tellWorker({ type: "sync-saved" })) {
      sessionStorage.setItem("newsstand-saved-sync", reader + " " + String(Date.now()));
    }
  }

  // A page may announce a save at once: a form with data-offline-save="<article path>", or
  // document.dispatchEvent(new CustomEvent("newsstand:saved", {detail: {url, saved}})).
  document.addEventListener("submit", (event) => {
    const url = event.target.dataset && event.target.dataset.offlineSave;
    if (!url) return;
    const action = event.target.querySelector("input[name=action]");
    tellWorker({ type: action && action.value === "remove" ? "unsave" : "save", url });
  });
  document.addEventListener("newsstand:saved", (event) => {
    const detail = event.detail || {};
    if (typeof detail.url === "string") tellWorker({ type: detail.saved === false ? "unsave" : "save", url: detail.url });
  });

  // Browsers that can install the app say so with beforeinstallprompt; only then the footer's
  // "Install the app" button shows.
  const installButton = document.querySelector("[data-install]");
  let installPrompt = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    installPrompt = event;
    if (installButton) installButton.hidden = false;
  });
  if (installButton) {
    installButton.addEventListener("click", () => {
      if (!installPrompt) return;
      installPrompt.prompt();
      installPrompt = null;
      installButton.hidden = true;
    });
  }

  localiseTimes();
  setInterval(localiseTimes, 60000);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(() => navigator.serviceWorker.ready).then(syncSaved, () => {});
  }
})();
