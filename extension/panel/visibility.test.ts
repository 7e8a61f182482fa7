/** The observer's entry, read the same way in Chrome (IntersectionObserver v2) and Firefox (v1 only). */
import { describe, expect, it } from 'vitest';
import { visibilityOf } from './visibility';

describe('the panel frame seen', () => {
  it('with v2: in view only when really visible; covered, and said so, when on screen under something', () => {
    expect(visibilityOf({ isIntersecting: true, isVisible: true })).toEqual({ inView: true, covered: false, obscured: false });
    expect(visibilityOf({ isIntersecting: true, isVisible: false })).toEqual({ inView: false, covered: true, obscured: true });
    expect(visibilityOf({ isIntersecting: false, isVisible: false })).toEqual({ inView: false, covered: true, obscured: false });
  });

  it('with v1 only (Firefox): off screen is not in view, so suggestions are not asked or counted shown there; covering is unknown', () => {
    expect(visibilityOf({ isIntersecting: false })).toEqual({ inView: false, covered: null, obscured: false });
    expect(visibilityOf({ isIntersecting: true })).toEqual({ inView: true, covered: null, obscured: false });
  });
});
