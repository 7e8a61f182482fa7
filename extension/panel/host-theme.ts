/**
 * Whether the helpdesk page around the panel is light or dark, from what the page actually
 * paints (its background colour's luminance), not only from the OS setting: a helpdesk in its
 * own dark theme on a light OS, or the reverse, still gets a panel that reads well on it.
 */
export type HostTheme = 'light' | 'dark';

const parseRgb = (css: string): [number, number, number, number] | null => {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(css);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
};

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance(r: number, g: number, b: number): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The first opaque background among body and html; the page's color-scheme when both are transparent. */
export function hostTheme(doc: Document = document): HostTheme {
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const rgb = parseRgb(getComputedStyle(el).backgroundColor);
    if (rgb && rgb[3] > 0.5) return luminance(rgb[0], rgb[1], rgb[2]) < 0.3 ? 'dark' : 'light';
  }
  const scheme = getComputedStyle(doc.documentElement).colorScheme;
  if (/\bdark\b/.test(scheme) && !/\blight\b/.test(scheme)) return 'dark';
  if (/\bdark\b/.test(scheme)) return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  return 'light';
}

/**
 * Calls `onChange` when the page's theme may have changed: a class or style on html/body
 * (how helpdesks switch themes) or the OS setting. Checks are coalesced to one per frame.
 */
export function watchHostTheme(onChange: (theme: HostTheme) => void): () => void {
  let queued = 0;
  const check = () => {
    if (queued) return;
    queued = requestAnimationFrame(() => {
      queued = 0;
      onChange(hostTheme());
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', check);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', check);
    cancelAnimationFrame(queued);
  };
}
