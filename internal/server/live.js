// The preview's live reload, added to every HTML page `works serve` sends.
// The events are described in reload.go.
(() => {
  "use strict";
  const script = document.currentScript;
  let gen = script ? script.dataset.gen : "";
  const key = "works:scroll:" + location.pathname;

  const store = (k, v) => {
    try {
      if (v === undefined) {
        const got = sessionStorage.getItem(k);
        sessionStorage.removeItem(k);
        return got;
      }
      sessionStorage.setItem(k, v);
    } catch (e) {
      // Storage may be switched off; the page then reloads at the top.
    }
    return null;
  };

  // Put the page back where the reader was before the reload.
  const saved = store(key);
  if (saved) {
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo({ left: x, top: y, behavior: "instant" }); // not the theme's smooth scrolling
    restore();
    addEventListener("load", restore, { once: true });
  }

  const here = () => {
    let p = location.pathname;
    try {
      p = decodeURI(p);
    } catch (e) {
      // Leave a malformed address as it is.
    }
    return p.endsWith("/index.html") ? p.slice(0, -"index.html".length) : p;
  };

  const reload = () => {
    store(key, JSON.stringify([scrollX, scrollY]));
    location.reload();
  };

  const wire = (host) => {
    const button = host.shadowRoot && host.shadowRoot.querySelector("[data-works-hide]");
    if (button) button.addEventListener("click", () => host.remove());
  };
  // A failed build's overlay goes with the next build; a page's own errors
  // stay on it until it is reloaded.
  const hideOverlay = () =>
    document.querySelectorAll("works-overlay").forEach((o) => {
      if (!(o.shadowRoot && o.shadowRoot.querySelector("[data-works-page]"))) o.remove();
    });
  const showOverlay = (html) => {
    hideOverlay();
    const host = document.createElement("works-overlay");
    host.attachShadow({ mode: "open" }).innerHTML = html;
    (document.body || document.documentElement).append(host);
    wire(host);
  };
  document.querySelectorAll("works-overlay").forEach(wire);

  // The warnings panel: hidden with its button or Escape, it stays hidden
  // on this tab until what it says changes (its key).
  const hiddenKey = "works:warnings-hidden";
  const peek = (k) => {
    try {
      return sessionStorage.getItem(k);
    } catch (e) {
      return null;
    }
  };
  const wirePanel = (panel) => {
    if (!panel.shadowRoot) return;
    if (peek(hiddenKey) === panel.dataset.key) {
      panel.remove();
      return;
    }
    const hide = () => {
      store(hiddenKey, panel.dataset.key);
      panel.remove();
    };
    const button = panel.shadowRoot.querySelector("[data-works-dismiss]");
    if (button) button.addEventListener("click", hide);
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") hide();
    });
  };
  document.querySelectorAll("works-warnings").forEach(wirePanel);

  // Load each stylesheet of this site again, dropping the old one only once
  // the new one is in, so the page does not flash unstyled. The page is
  // fetched first for the stylesheets' current addresses and integrity:
  // a bundled stylesheet's name changes with its content.
  const swapCSS = async () => {
    const ours = (root) =>
      [...root.querySelectorAll('link[rel~="stylesheet"]')].filter(
        (l) => new URL(l.getAttribute("href"), location.href).origin === location.origin,
      );
    let fresh = [];
    try {
      const res = await fetch(location.href, { cache: "no-store" });
      fresh = ours(new DOMParser().parseFromString(await res.text(), "text/html"));
    } catch (e) {
      // Keep the addresses the page has.
    }
    const old = ours(document);
    old.forEach((link, i) => {
      const src = fresh.length === old.length ? fresh[i] : null;
      const url = new URL(src ? src.getAttribute("href") : link.getAttribute("href"), location.href);
      url.searchParams.set("works", gen);
      const next = link.cloneNode();
      next.href = url.href;
      if (src && src.integrity) next.integrity = src.integrity;
      else next.removeAttribute("integrity");
      const done = () => link.remove();
      next.addEventListener("load", done, { once: true });
      next.addEventListener("error", done, { once: true });
      link.after(next);
    });
  };

  const events = new EventSource("/_works/events?page=" + encodeURIComponent(location.pathname));
  events.addEventListener("hello", (e) => {
    // Built since this page was sent (or the preview restarted): reload.
    if (String(JSON.parse(e.data).gen) !== gen) reload();
  });
  events.addEventListener("change", (e) => {
    const d = JSON.parse(e.data);
    gen = String(d.gen);
    if (d.all || (d.pages || []).includes(here())) {
      reload();
      return;
    }
    hideOverlay();
    if (d.css) swapCSS();
  });
  events.addEventListener("failed", (e) => showOverlay(JSON.parse(e.data).html));
})();
