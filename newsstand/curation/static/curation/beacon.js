/* Reading beacon: tells the site how long a signed-in reader spent on an article and how far
   down it they scrolled, so their For-you list learns from it. Loaded deferred; sends with
   navigator.sendBeacon when the page is hidden or left, so it never holds the page up. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon || !window.URLSearchParams) return;
  var url = script.dataset.url, article = script.dataset.article, csrf = script.dataset.csrf;
  var body = document.querySelector(".article") || document.body;
  var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
  var spent = 0, deepest = 0, lastSent = "";

  function measure() {
    var box = body.getBoundingClientRect();
    var seen = window.innerHeight - box.top;
    var depth = box.height > 0 ? seen / box.height : 1;
    deepest = Math.max(deepest, Math.min(Math.max(depth, 0), 1));
  }

  function send() {
    if (visibleSince !== null) {
      spent += Date.now() - visibleSince;
      visibleSince = null;
    }
    var seconds = Math.min(Math.round(spent / 1000), 86400);
    var report = seconds + ":" + deepest.toFixed(2);
    if (report === lastSent) return;
    lastSent = report;
    var data = new URLSearchParams();
    data.set("csrfmiddlewaretoken", csrf);
    data.set("article", article);
    data.set("seconds", String(seconds));
    data.set("depth", deepest.toFixed(2));
    navigator.sendBeacon(url, data);
  }

  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; measure(); });
  }, { passive: true });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send();
    else visibleSince = Date.now();
  });
  window.addEventListener("pagehide", send);
  measure();
})();
