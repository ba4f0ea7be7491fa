import { useEffect, useRef, type ReactNode } from 'react';

/**
 * One screen: its root carries `data-screen` (tests and the benchmark wait for it) and its heading takes the
 * focus when the screen opens, so a screen reader announces where the person is.
 */
export function Screen({
  name,
  title,
  children,
  className,
  wide,
}: {
  name: string;
  title: ReactNode;
  children: ReactNode;
  className?: string;
  wide?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [name]);
  return (
    <div className={`screen ${wide ? 'screen-wide' : ''} ${className ?? ''}`} data-screen={name}>
      <h1 ref={heading} tabIndex={-1} className="screen-title">
        {title}
      </h1>
      {children}
    </div>
  );
}

/** While a screen's data loads: a polite status, no data-screen of the final screen yet. */
export function Loading({ name, label }: { name: string; label: string }) {
  return (
    <div className="screen" data-screen={`${name}-loading`}>
      <p role="status" className="loading">
        {label}
      </p>
    </div>
  );
}
