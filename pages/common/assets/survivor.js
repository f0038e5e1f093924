// The survivor's safety net in the browser: quick exit, idle reset, thank-you return,
// language direction and focus. Installed once per browser tab by pages/common/safety.py.
//
// The server is the source of truth: it renders a hidden marker (#survivor-state) with
// the screen, the attempt, the settings and the interface texts, and hidden Streamlit
// buttons this script clicks to tell the server what happened (exit, idle, reset).
// Nothing is ever written to localStorage, sessionStorage, IndexedDB or cookies.
(() => {
  if (window.__survivorSafety) return;
  window.__survivorSafety = true;

  const EXIT_ACK_WAIT_MS = 1500; // longest wait for the server to confirm the discard
  const SHIFT_PRESSES = 3;
  const SHIFT_WINDOW_MS = 5000;

  const marker = () => document.getElementById("survivor-state");
  const signal = (key) => document.querySelector(`.st-key-${key} button`);
  const now = () => Date.now();

  // --- a plain white cover, shown at once when leaving or resetting ---------------
  function cover(message) {
    let overlay = document.getElementById("survivor-cover");
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "survivor-cover";
      overlay.setAttribute("role", "status");
      document.body.appendChild(overlay);
    }
    overlay.textContent = message || "";
    overlay.hidden = false;
  }
  function uncover() {
    const overlay = document.getElementById("survivor-cover");
    if (overlay) overlay.hidden = true;
  }

  // --- quick exit (GOV.UK "Exit this page") ---------------------------------------
  let exiting = false;
  function quickExit() {
    const link = document.querySelector(".survivor-exit__button");
    const state = marker();
    if (exiting || !link) return;
    exiting = true;
    const destination = link.href;
    cover(state ? state.dataset.leaving : "");
    document.title = "";
    // Tell the server to discard every unsubmitted answer, then replace this page in
    // history so the browser's Back button does not return to the survey.
    const button = signal("survivor_exit_signal");
    if (button) button.click();
    const started = now();
    (function leaveWhenDiscarded() {
      const current = marker();
      if ((current && current.dataset.exited === "1") || now() - started > EXIT_ACK_WAIT_MS || !button) {
        window.location.replace(destination);
        return;
      }
      setTimeout(leaveWhenDiscarded, 20);
    })();
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest(".survivor-exit__button")) {
      event.preventDefault();
      quickExit();
    }
  }, true);

  let shiftCount = 0;
  let shiftTimer = null;
  let otherKeySinceShift = false;
  function announceShift(remaining) {
    const hint = document.querySelector(".survivor-exit__hint");
    const state = marker();
    if (!hint || !state) return;
    hint.textContent = remaining === 2 ? state.dataset.shiftTwo : remaining === 1 ? state.dataset.shiftOne : "";
  }
  function resetShift() {
    shiftCount = 0;
    clearTimeout(shiftTimer);
    announceShift(0);
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Shift") {
      otherKeySinceShift = false;
      return;
    }
    otherKeySinceShift = true;
    if (shiftCount) resetShift();
    const link = event.target.closest && event.target.closest(".survivor-exit__button");
    if (link && event.key === " ") { // a role="button" link answers Space as well as Enter
      event.preventDefault();
      quickExit();
    }
  }, true);
  document.addEventListener("keyup", (event) => {
    if (event.key !== "Shift" || !marker()) return;
    if (otherKeySinceShift) { resetShift(); return; } // Shift held for a capital letter
    shiftCount += 1;
    clearTimeout(shiftTimer);
    shiftTimer = setTimeout(resetShift, SHIFT_WINDOW_MS);
    if (shiftCount >= SHIFT_PRESSES) { resetShift(); quickExit(); return; }
    announceShift(SHIFT_PRESSES - shiftCount);
  }, true);

  // --- idle: "Are you still there?", then discard -----------------------------------
  let lastActivity = now();
  let phase = "active"; // active | asking | resetting
  let askedAt = 0;
  let requestedAt = 0;
  let resetFrom = null;
  let screenKey = null;

  ["pointerdown", "keydown", "touchstart", "input", "wheel", "scroll"].forEach((type) => {
    window.addEventListener(type, () => { if (phase === "active") lastActivity = now(); },
      { capture: true, passive: true });
  });

  function tick() {
    const state = marker();
    if (!state || exiting) return;
    const data = state.dataset;
    const t = now();
    if (phase === "resetting") {
      if (data.attempt !== resetFrom) { phase = "active"; lastActivity = t; uncover(); return; }
      if (t - requestedAt > 1000) { requestedAt = t; const b = signal("survivor_idle_reset"); if (b) b.click(); }
      return;
    }
    const idleMs = Number(data.idleSeconds) * 1000;
    const graceMs = Number(data.graceSeconds) * 1000;
    if (data.screen === "thanks") {
      if (t - lastActivity >= Number(data.thanksSeconds) * 1000 && t - requestedAt > 1000) {
        requestedAt = t;
        const b = signal("survivor_finish");
        if (b) b.click();
      }
      return;
    }
    if (data.prompt === "1") {
      if (phase !== "asking") {
        phase = "asking";
        askedAt = t;
        const stay = signal("survivor_still_here");
        if (stay) stay.focus();
      }
      if (t - askedAt >= graceMs) startReset(data, t);
      return;
    }
    if (phase === "asking") { phase = "active"; lastActivity = t; } // she said she is still here
    if (data.idle !== "1") { lastActivity = t; return; }
    const quiet = t - lastActivity;
    if (quiet >= idleMs + graceMs) { startReset(data, t); return; } // e.g. the tablet slept
    if (quiet >= idleMs && t - requestedAt > 2000) {
      requestedAt = t;
      const b = signal("survivor_idle_prompt");
      if (b) b.click();
    }
  }
  function startReset(data, t) {
    phase = "resetting";
    resetFrom = data.attempt;
    requestedAt = t;
    cover("");
    const b = signal("survivor_idle_reset");
    if (b) b.click();
  }

  // --- language, direction, groups and focus, whenever the page changes --------------
  function sync() {
    const state = marker();
    const root = document.documentElement;
    if (!state) {
      if (root.dir === "rtl") root.dir = "ltr";
      return;
    }
    const data = state.dataset;
    if (root.lang !== data.lang) root.lang = data.lang;
    if (root.dir !== data.dir) root.dir = data.dir;
    document.querySelectorAll("[class*='st-key-group-']").forEach((group) => {
      const label = group.querySelector(".question-label");
      if (!label || group.getAttribute("role") === "group") return;
      label.id = label.id || `label-${Math.random().toString(36).slice(2)}`;
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", label.id);
    });
    // Streamlit names every progress bar "progress"; name it by its own words ("Part 2 of 5").
    document.querySelectorAll("[data-testid='stProgress']").forEach((progress) => {
      const bar = progress.querySelector("[role='progressbar']");
      const words = progress.innerText.trim();
      if (bar && words && bar.getAttribute("aria-label") !== words) bar.setAttribute("aria-label", words);
    });
    // The page draws #survivor-screen-end after a screen's content: when its key changes,
    // a new screen is complete. Start at its top and give its heading focus, so a screen
    // reader announces it and keyboard users continue from there.
    const ends = document.querySelectorAll(".survivor-screen-end");
    if (ends.length !== 1) return; // mid-render: the previous screen's marker is still there
    const key = ends[0].dataset.key;
    if (key === screenKey) return;
    const first = screenKey === null;
    screenKey = key;
    lastActivity = now();
    if (!first) {
      const heading = document.querySelector("[data-testid='stMain'] h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
      const main = document.querySelector("[data-testid='stMain']");
      if (main) main.scrollTop = 0;
    }
    // Says which screen is ready to use (scrolled to its top, heading focused): until then a
    // tap aimed from the old scroll position could land on another control.
    root.dataset.survivorScreen = key;
  }

  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; sync(); });
  }).observe(document.body, { childList: true, subtree: true });
  sync();
  setInterval(tick, 250);
})();
