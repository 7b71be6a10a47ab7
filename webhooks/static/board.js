// deskbot staff board: response clocks that tick, a ticket list and a conversation that
// refresh themselves, filters that apply on change. Everything works without it, too.
"use strict";

const SOON_SECONDS = 30 * 60;
const LIST_EVERY_MS = 15000;
const CONVERSATION_EVERY_MS = 5000;

function span(seconds) {
  const minutes = Math.floor(Math.abs(seconds) / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

// The server's clock, not the device's: a phone that is a few minutes off must not show a
// breach that has not happened.
let serverOffsetMs = 0;

function tickClocks() {
  const now = Date.now() + serverOffsetMs;
  for (const cell of document.querySelectorAll("[data-due]")) {
    const seconds = (Date.parse(cell.dataset.due) - now) / 1000;
    cell.textContent = seconds >= 0 ? `${span(seconds)} left` : `breached ${span(seconds)} ago`;
    cell.classList.toggle("breached", seconds < 0);
    cell.classList.toggle("soon", seconds >= 0 && seconds < SOON_SECONDS);
  }
}

async function refresh(target, url) {
  const response = await fetch(url, { headers: { "X-Board-Poll": "1" }, credentials: "same-origin" });
  if (response.status === 401) { window.location.reload(); return; }
  if (!response.ok) return;
  const html = await response.text();
  if (target.innerHTML.trim() !== html.trim()) {
    target.innerHTML = html;
    tickClocks();
  }
}

function live(selector, inner, every) {
  const host = document.querySelector(selector);
  if (!host) return;
  const target = inner ? host.querySelector(inner) : host;
  setInterval(() => {
    if (document.visibilityState === "visible") refresh(target, host.dataset.live).catch(() => {});
  }, every);
}

function submitFiltersOnChange() {
  const form = document.querySelector("form.filters");
  if (!form) return;
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => form.requestSubmit());
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const serverNow = Date.parse(document.body.dataset.serverNow || "");
  if (!Number.isNaN(serverNow)) serverOffsetMs = serverNow - Date.now();
  tickClocks();
  setInterval(tickClocks, 1000);
  live("table.tickets[data-live]", "tbody", LIST_EVERY_MS);
  live("ol.conversation[data-live]", null, CONVERSATION_EVERY_MS);
  submitFiltersOnChange();
  document.body.dataset.ready = "true";
});
