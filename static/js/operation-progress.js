/* The progress bar of a background operation (templates/background/operation_detail.html).
 *
 * Asks the operation's status URL (JSON) about once a second and moves the bar, the percentage and the
 * count; once the operation has finished it reloads the page, which then shows the result. Without
 * JavaScript the page refreshes itself instead (a meta refresh inside <noscript>). A status request
 * that fails is retried later and later, so a page left open does not hammer a server in trouble.
 */
(function () {
  "use strict";

  var panel = document.querySelector("[data-operation-status]");
  if (!panel || !window.fetch) {
    return;
  }
  var url = panel.getAttribute("data-operation-status");
  var bar = panel.querySelector("progress");
  var INTERVAL = 1000;
  var failures = 0;

  function field(name) {
    return panel.querySelector('[data-operation-field="' + name + '"]');
  }

  function show(state) {
    if (state.percent === null) {
      bar.removeAttribute("value");
      bar.textContent = "";
      field("percent").textContent = "";
    } else {
      bar.value = state.percent;
      bar.textContent = state.percent + " %";
      field("percent").textContent = state.percent + " %";
    }
    field("progress_text").textContent = state.progress_text;
    var badge = field("status_label");
    badge.textContent = state.status_label;
    badge.classList.toggle("text-bg-primary", state.status === "running");
    badge.classList.toggle("text-bg-secondary", state.status === "queued");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, INTERVAL);
        }
      })
      .catch(function () {
        failures += 1;
        window.setTimeout(poll, Math.min(30000, INTERVAL * Math.pow(2, failures)));
      });
  }

  window.setTimeout(poll, INTERVAL);
})();
