import type { Page } from '@playwright/test';

/** The smallest target a finger on an old touch screen (or a shaky mouse hand) hits reliably: 44×44 CSS px. */
export const MIN_TARGET_PX = 44;

export interface SmallTarget {
  /** A short description: tag, role, id/class and its text. */
  what: string;
  width: number;
  height: number;
}

/**
 * Every clickable target now visible on the page that is smaller than `min`×`min` CSS px. Clickable:
 * buttons, links, form controls, summary, elements with a button/link/tab/checkbox/radio/menuitem role, and
 * anything focusable by Tab. A checkbox or radio counts with its label when it has one (the label is part of
 * its target). Hidden, disabled-and-invisible and zero-size elements are not targets.
 */
export async function smallTargets(page: Page, min = MIN_TARGET_PX): Promise<SmallTarget[]> {
  return page.evaluate((limit) => {
    const selector = [
      'button',
      'a[href]',
      'input:not([type=hidden])',
      'select',
      'textarea',
      'summary',
      '[role=button]',
      '[role=link]',
      '[role=tab]',
      '[role=checkbox]',
      '[role=radio]',
      '[role=menuitem]',
      '[tabindex]:not([tabindex="-1"])',
    ].join(',');
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).join('.')}`
          : '';
      const role = el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : '';
      const text = (el.getAttribute('aria-label') ?? el.textContent ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls}${role} "${text}"`;
    };
    const found: { what: string; width: number; height: number }[] = [];
    for (const el of document.querySelectorAll(selector)) {
      if (!visible(el)) continue;
      // Screen-reader-only helpers (clipped to 1 px) are not targets anyone points at.
      if (el.closest('.visually-hidden')) continue;
      let box = el.getBoundingClientRect();
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
        if (label) box = label.getBoundingClientRect();
      }
      // An element inside a bigger target (an icon in a button) is that target.
      if (el.parentElement?.closest(selector)) continue;
      const width = Math.round(box.width * 10) / 10;
      const height = Math.round(box.height * 10) / 10;
      if (width < limit || height < limit) found.push({ what: describe(el), width, height });
    }
    return found;
  }, min);
}
