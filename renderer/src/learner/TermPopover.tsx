import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** A glossary term the learner tapped, and the button they tapped. */
export interface OpenTerm {
  term: string;
  definition: string;
  anchor: HTMLElement;
}

const GAP = 8;

/** Next to the term (below it, or above when there is no room), always inside the window. */
function place(popover: HTMLElement, anchor: HTMLElement): void {
  const rect = anchor.getBoundingClientRect();
  const width = popover.offsetWidth;
  const height = popover.offsetHeight;
  const left = Math.max(GAP, Math.min(rect.left, window.innerWidth - width - GAP));
  let top = rect.bottom + GAP;
  if (top + height > window.innerHeight - GAP) top = Math.max(GAP, rect.top - height - GAP);
  popover.style.left = `${Math.round(left)}px`;
  popover.style.top = `${Math.round(top)}px`;
}

/**
 * What a glossary term means, in a small popover beside it (the browser's popover: Escape or a tap elsewhere
 * closes it). Focus moves to its close button and back to the term afterwards, so it works by keyboard too.
 */
export function TermPopover({ open, onClose }: { open: OpenTerm | null; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useLayoutEffect(() => {
    const popover = ref.current;
    if (!popover || !open) return;
    const { anchor } = open;
    popover.showPopover();
    place(popover, anchor);
    anchor.setAttribute('aria-expanded', 'true');
    popover.querySelector<HTMLButtonElement>('.term-popover-close')?.focus();
    const onToggle = (event: Event) => {
      if ((event as ToggleEvent).newState !== 'closed') return;
      // Back to the term unless the learner tapped something else (that keeps the focus).
      const active = document.activeElement;
      if (!active || active === document.body || popover.contains(active)) anchor.focus();
      close.current();
    };
    // The popover follows its term when the page scrolls, and closes once the term leaves the window.
    const onScroll = () => {
      const rect = anchor.getBoundingClientRect();
      if (rect.bottom < 0 || rect.top > window.innerHeight) popover.hidePopover();
      else place(popover, anchor);
    };
    popover.addEventListener('toggle', onToggle);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      popover.removeEventListener('toggle', onToggle);
      window.removeEventListener('scroll', onScroll);
      anchor.setAttribute('aria-expanded', 'false');
      if (popover.matches(':popover-open')) popover.hidePopover();
    };
  }, [open]);

  return (
    <div
      ref={ref}
      popover="auto"
      className="term-popover"
      role="dialog"
      aria-labelledby={titleId}
      data-term-popover=""
    >
      <p id={titleId} className="term-popover-title">
        {open?.term}
      </p>
      <p className="term-popover-text">{open?.definition}</p>
      <button
        type="button"
        className="btn btn-secondary btn-small term-popover-close"
        onClick={() => ref.current?.hidePopover()}
      >
        {t('common.close')}
      </button>
    </div>
  );
}
