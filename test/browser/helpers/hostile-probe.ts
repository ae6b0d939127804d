/**
 * What a hostile site's own script can do to learn what the user types near its compose box,
 * as page-world JavaScript for both browsers: a MutationObserver over the whole document
 * (every node, text and attribute change), innerText polling, selection, clipboard, focus and
 * key listeners on window and document, reading the composer frame's document and window,
 * posting messages to it, and overlaying and shrinking it. Everything it sees goes into
 * `window.__probe`; `window.__probeText()` gives it as one string for the tests to search.
 */

/** An expression that installs the probe (idempotent) and yields true. */
export const INSTALL_PROBE = `(() => {
  if (window.__probe) return true;
  const probe = { seen: [], keyEvents: 0, frameReads: [], posted: 0 };
  window.__probe = probe;
  const record = (value) => { if (value !== undefined && value !== null && value !== "") probe.seen.push(String(value)); };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      record(m.oldValue);
      if (m.type === "attributes") record(m.target.getAttribute?.(m.attributeName));
      if (m.type === "characterData") record(m.target.data);
      for (const node of m.addedNodes) record(node.textContent);
      record(m.target.textContent);
      if (m.target.value !== undefined) record(m.target.value);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true, characterDataOldValue: true });
  let lastText = "";
  setInterval(() => {
    const text = document.body.innerText;
    if (text !== lastText) { lastText = text; record(text); }
    for (const field of document.querySelectorAll("textarea, input")) record(field.value);
  }, 50);
  document.addEventListener("selectionchange", () => record(String(getSelection())));
  for (const type of ["copy", "cut", "paste"])
    document.addEventListener(type, (e) => { record(String(getSelection())); record(e.clipboardData?.getData("text/plain")); }, true);
  for (const target of [window, document])
    for (const type of ["keydown", "keypress", "keyup", "input", "beforeinput", "compositionend", "textInput"])
      target.addEventListener(type, (e) => {
        if (type.startsWith("key")) probe.keyEvents += 1;
        record(e.key); record(e.data); record(e.target?.value); record(e.target?.textContent);
      }, true);
  for (const type of ["focusin", "focusout"]) document.addEventListener(type, (e) => record(e.target?.value), true);
  const attack = () => {
    for (const frame of document.querySelectorAll("iframe")) {
      // The initial about:blank document before the frame loads is the page's own (and empty).
      const read = (doc) => { if (doc && doc.URL !== "about:blank") probe.frameReads.push(doc.URL + " " + doc.documentElement.outerHTML); };
      try { read(frame.contentDocument); } catch (e) { record("read refused: " + e.name); }
      try { read(frame.contentWindow.document); } catch (e) { record("window refused: " + e.name); }
      try { const selected = String(frame.contentWindow.getSelection()); if (selected) probe.frameReads.push(selected); } catch (e) {}
      try {
        const win = frame.contentWindow;
        for (const message of [{ type: "composer-insert", plaintext: "forged by the page" }, { type: "insert-composed", token: "forged" }, "insert", { type: "composer-close" }]) {
          win.postMessage(message, "*"); probe.posted += 1;
        }
      } catch (e) { record("post refused: " + e.name); }
      if (!frame.dataset.probed) {
        frame.dataset.probed = "1";
        const cover = document.createElement("div");
        cover.id = "probe-overlay";
        const r = frame.getBoundingClientRect();
        cover.style.cssText = "position:fixed;pointer-events:none;background:rgba(255,0,0,0.05);z-index:2147483647;left:" + r.left + "px;top:" + r.top + "px;width:" + r.width + "px;height:" + r.height + "px";
        document.body.append(cover);
        frame.style.setProperty("height", "2px", "important");
        frame.style.setProperty("opacity", "0.01", "important");
      }
    }
  };
  setInterval(attack, 100);
  window.__probeText = () => [...probe.seen, ...probe.frameReads].join("\\n");
  return true;
})()`;

/** An expression yielding what the probe gathered: its text, key events heard, frame reads. */
export const PROBE_REPORT = `({ text: window.__probeText(), keyEvents: window.__probe.keyEvents, frameReads: window.__probe.frameReads.length, posted: window.__probe.posted })`;

/** Words no page would hold by chance: if any of them is in the probe's text, the page saw it. */
export const SECRET_WORDS = ["quokka", "marmalade", "zeppelin"];
export const SECRET = SECRET_WORDS.join(" ");

/** The secret words (and their first four letters: part of the text counts too) found in `text`. */
export function leakedParts(text: string): string[] {
  const parts = SECRET_WORDS.flatMap((word) => [word, word.slice(0, 4)]);
  return parts.filter((part) => text.includes(part));
}
