import { useEffect, useRef, type ReactNode } from 'react';
import { ReadAloud } from '../voice/ReadAloud';

/**
 * One screen: its root carries `data-screen` (tests and the benchmark wait for it) and its heading takes the
 * focus when the screen opens, so a screen reader announces where the person is. `readAloud` puts a
 * "Dengarkan" control under the heading that reads the screen's words aloud.
 */
export function Screen({
  name,
  title,
  children,
  className,
  wide,
  readAloud,
}: {
  name: string;
  title: ReactNode;
  children: ReactNode;
  className?: string;
  wide?: boolean;
  readAloud?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [name]);
  return (
    <div ref={root} className={`screen ${wide ? 'screen-wide' : ''} ${className ?? ''}`} data-screen={name}>
      {readAloud ? (
        // The read-aloud control sits beside the title, so it costs the screen no extra row.
        <div className="screen-title-row">
          <h1 ref={heading} tabIndex={-1} className="screen-title">
            {title}
          </h1>
          <ReadAloud key={name} target={root} />
        </div>
      ) : (
        <h1 ref={heading} tabIndex={-1} className="screen-title">
          {title}
        </h1>
      )}
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
