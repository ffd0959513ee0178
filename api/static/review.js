// Review in the browser (api/templates/entity.html): a token holder confirms or rejects a claim,
// or corrects its mode. The token is typed into the page, kept in this tab's sessionStorage and
// sent only as an Authorization header to this origin's POST /claims/{id}/review: never in a
// URL or a cookie, so another site can neither read it nor make the browser send it (a form
// from elsewhere cannot set the header, and the API answers no cross-origin preflight unless
// told to). The words come from the page's data attributes (data/messages.yaml).
"use strict";
(function () {
  const panel = document.getElementById("review-panel");
  if (!panel) return;
  const base = panel.dataset.base || "";
  const token = document.getElementById("review-token");
  const reviewer = document.getElementById("review-reviewer");
  const status = document.getElementById("review-status");
  panel.hidden = false;
  token.value = sessionStorage.getItem("ansvar-token") || "";
  reviewer.value = sessionStorage.getItem("ansvar-reviewer") || "";
  token.addEventListener("change", () => sessionStorage.setItem("ansvar-token", token.value.trim()));
  reviewer.addEventListener("change", () => sessionStorage.setItem("ansvar-reviewer", reviewer.value.trim()));

  function say(text) {
    status.textContent = text;
  }

  async function decide(form, decision) {
    const claim = form.dataset.claim;
    if (!token.value.trim() || !reviewer.value.trim()) {
      say(panel.dataset.msgNeedToken);
      token.focus();
      return;
    }
    const body = { decision: decision, reviewer: reviewer.value.trim() };
    const comment = form.querySelector("input[name=comment]");
    if (comment && comment.value.trim()) body.comment = comment.value.trim();
    if (decision === "correct") {
      const mode = form.querySelector("select[name=mode]");
      body.corrections = { mode: mode.value };
    }
    say(panel.dataset.msgSending);
    let response;
    try {
      response = await fetch(base + "/claims/" + encodeURIComponent(claim) + "/review", {
        method: "POST",
        credentials: "omit",
        headers: { "Authorization": "Bearer " + token.value.trim(), "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (e) {
      say(panel.dataset.msgFailed);
      return;
    }
    if (!response.ok) {
      let detail = "";
      try {
        detail = (await response.json()).detail || "";
      } catch (e) {
        detail = "";
      }
      say(panel.dataset.msgFailed + " " + detail);
      return;
    }
    const outcome = await response.json();
    const item = document.getElementById("claim-" + claim);
    const state = outcome.claim ? outcome.claim.review : decision;
    item.dataset.review = state;
    item.querySelector(".review-state").textContent = state;
    say(panel.dataset.msgDone + " " + state);
  }

  for (const form of document.querySelectorAll("form.review")) {
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const button = event.submitter;
      decide(form, button ? button.value : "confirm");
    });
  }
})();
