/**
 * The hostile page script of hostile-page.test.ts, as page source text (a page script has no
 * helper of ours), and what it reports.
 */

export interface HostileReport {
  /** Every piece of text the script could reach that contains one of the markers. */
  found: string[];
  /** Token-like values in what the page can read (storage, cookies, messages). */
  tokens: string[];
  /** What each attempt answered: an error name, undefined, or "sent". */
  attempts: Record<string, string>;
  /** Buttons the script found in the panel and pressed. */
  pressed: number;
  /** Messages the page received while attacking. */
  received: string[];
}

/**
 * The attacker, as page source text (a page script has no helper of ours). `markers` are strings
 * only the panel shows (read from the panel's own frame by the test, never from the page).
 */
export const HOSTILE = (extensionId: string, markers: string[]) => `(async () => {
  const extensionId = ${JSON.stringify(extensionId)};
  const markers = ${JSON.stringify(markers)};
  const report = { found: [], tokens: [], attempts: {}, pressed: 0, received: [] };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const note = (what, fn) => { try { const v = fn(); report.attempts[what] = v === undefined ? 'undefined' : String(v).slice(0, 80); } catch (e) { report.attempts[what] = 'threw ' + (e && e.name); } };
  const noteAsync = async (what, fn) => { try { const v = await fn(); report.attempts[what] = v === undefined ? 'undefined' : String(v).slice(0, 80); } catch (e) { report.attempts[what] = 'threw ' + (e && e.name); } };
  const TOKEN = /eyJ[\\w-]{8,}\\.[\\w-]{8,}|lw_[A-Za-z0-9_-]{16,}|[A-Za-z0-9_-]{40,}/;
  const scan = (where, text) => {
    if (!text) return;
    for (const m of markers) if (text.includes(m)) report.found.push(where + ': ' + m);
    const t = TOKEN.exec(text);
    if (t && !/^[0-9a-f]{32}$/.test(t[0])) report.tokens.push(where + ': ' + t[0].slice(0, 12) + '…');
  };
  const ownForgeries = new Set();
  addEventListener('message', (e) => { try { const s = JSON.stringify(e.data); if (ownForgeries.has(s)) return; report.received.push(s.slice(0, 200)); scan('message', s); } catch {} }, true);

  // 1. Read the panel: the document, every open shadow root, every frame's document.
  const roots = [];
  const walk = (root) => {
    roots.push(root);
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
        note('contentDocument of ' + (el.getAttribute('data-leeway-panel') !== null ? 'panel frame' : 'a frame'), () => { const d = el.contentDocument; if (d) walk(d); return d ? 'readable' : null; });
        note('contentWindow.document of a frame', () => el.contentWindow.document.body.innerHTML.length);
      }
    }
  };
  walk(document);
  for (const r of roots) scan('dom', (r.documentElement || r).innerHTML ?? '');
  scan('innerText', document.body.innerText);
  const frame = document.querySelector('iframe[data-leeway-panel]');
  note('panel frame src', () => frame && frame.src);
  note('panel frame name', () => frame && frame.contentWindow && frame.contentWindow.name);
  note('panel frame location', () => frame && frame.contentWindow.location.href);
  note('panel frame length', () => frame && frame.contentWindow.length);

  // 2. Press its buttons: in any panel reachable in the page; focus + keys on the frame.
  for (const r of roots) {
    const panel = r.querySelector && r.querySelector('.panel');
    if (!panel) continue;
    for (const btn of panel.querySelectorAll('button, [role=button], a, input[type=submit]')) {
      report.pressed++;
      btn.click();
      btn.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      btn.focus();
      for (const key of ['Enter', ' ']) btn.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    }
  }
  if (frame) {
    frame.focus();
    for (const key of ['Tab', 'Enter', ' ', 'ArrowDown', 'Enter']) {
      for (const target of [frame, document.activeElement, document]) {
        target && target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        target && target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, composed: true }));
      }
    }
    const box = frame.getBoundingClientRect();
    for (const el of [frame, document.elementFromPoint(box.left + 20, box.top + 20)]) el && el.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left + 20, clientY: box.top + 20 }));
  }

  // 3. Message the extension: forged panel and reader messages to the frame and to the page's
  //    content script; the extension's runtime by id; the panel page embedded by us; fetched.
  const key = 'zendesk@acme.zendesk.com:101';
  const forged = [
    { leewayPanelNonce: 'guessed' },
    { type: 'hello', nonce: 'guessed' },
    { type: 'reveal', key, customerId: 'x', field: 'email' },
    { type: 'reveal', key: 'zendesk:101', customerId: 'x', field: 'phone' },
    { type: 'grant', key, body: { kind: 'refund', amountCents: 5000, currency: 'USD', reason: 'hostile' } },
    { type: 'resolve', key, body: { outcome: 'resolved', note: 'hostile' } },
    { type: 'draft', key },
    { type: 'view', view: { seq: 9999, ticket: { key: 'zendesk:102', id: '102' }, reading: { state: 'read', requester: { email: 'marco.rossi@example.com', name: 'Marco Rossi' }, missing: [] } } },
    { type: 'toggle' },
  ];
  for (const m of forged) ownForgeries.add(JSON.stringify(m));
  for (const m of forged) {
    note('window.postMessage ' + (m.type || 'nonce'), () => { window.postMessage(m, '*'); return 'sent'; });
    if (frame) note('frame.postMessage ' + (m.type || 'nonce'), () => { frame.contentWindow.postMessage(m, '*'); return 'sent'; });
    document.dispatchEvent(new CustomEvent('leeway', { detail: m }));
  }
  note('chrome.runtime', () => typeof (window.chrome && window.chrome.runtime));
  await noteAsync('runtime.sendMessage(extension id)', () => new Promise((res, rej) => { try { window.chrome.runtime.sendMessage(extensionId, { type: 'access-token' }, (r) => res(JSON.stringify(r))); } catch (e) { rej(e); } setTimeout(() => res('no answer'), 1000); }));
  await noteAsync('runtime.connect(extension id)', async () => { const p = window.chrome.runtime.connect(extensionId, { name: 'leeway-panel' }); p.postMessage({ type: 'hello', nonce: 'guessed' }); return 'connected'; });
  await noteAsync('fetch panel.html', async () => (await fetch('chrome-extension://' + extensionId + '/panel.html')).status);
  // The panel page embedded by the attacker: at the extension id's address, and at the frame's own
  // (per-session) address, which the page can read off the panel's iframe.
  const embeds = [['hostile-embed', 'chrome-extension://' + extensionId + '/panel.html'], ['hostile-embed-dynamic', frame && frame.src]];
  for (const [id, src] of embeds) {
    if (!src) continue;
    const embed = document.createElement('iframe');
    embed.id = id;
    embed.src = src;
    embed.style.cssText = 'position:fixed;left:0;top:0;width:340px;height:400px';
    document.body.append(embed);
  }
  await sleep(2000);
  for (const [id] of embeds) {
    const embed = document.getElementById(id);
    if (embed) note(id + ' contentDocument', () => { const d = embed.contentDocument; if (d) scan('embedded', d.documentElement.innerHTML); return d ? 'readable' : null; });
  }

  // 4. Read storage: everything a page can reach on its origin.
  for (const k of Object.keys(localStorage)) scan('localStorage ' + k, k + '=' + localStorage.getItem(k));
  for (const k of Object.keys(sessionStorage)) scan('sessionStorage ' + k, k + '=' + sessionStorage.getItem(k));
  scan('cookie', document.cookie);
  note('chrome.storage', () => typeof (window.chrome && window.chrome.storage));
  await noteAsync('indexedDB', async () => (await indexedDB.databases()).map((d) => d.name).join(','));
  await noteAsync('caches', async () => (await caches.keys()).join(','));
  await sleep(500);
  // Whatever arrived meanwhile, and the page as it is now.
  for (const r of roots) scan('dom after', (r.documentElement || r).innerHTML ?? '');
  return report;
})()`;
