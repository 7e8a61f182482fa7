/**
 * What the panel's IntersectionObserver says of its frame. Where the browser has IntersectionObserver
 * v2 (Chrome), `isVisible` says whether the frame is really seen: on screen, not covered, faded or
 * transformed by the page. Where it has only v1 (Firefox), the entry still says whether the frame is
 * on screen at all, but nothing of covering: the controls are then left as they are.
 */
export interface PanelVisibility {
  /** The panel may count as shown (its suggestions asked for and recorded as shown). */
  inView: boolean;
  /** The controls are held (click-jacking); null: this browser cannot tell. */
  covered: boolean | null;
  /** In view but covered by the page: the panel says so. */
  obscured: boolean;
}

export function visibilityOf(entry: Pick<IntersectionObserverEntry, 'isIntersecting'> & { isVisible?: boolean }): PanelVisibility {
  if (entry.isVisible === undefined) return { inView: entry.isIntersecting, covered: null, obscured: false };
  return { inView: entry.isVisible, covered: !entry.isVisible, obscured: !entry.isVisible && entry.isIntersecting };
}
