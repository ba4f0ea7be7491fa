import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog> (focus stays inside, the page behind is inert). Escape counts as `onCancel`.
 */
export function Dialog({
  title,
  children,
  actions,
  onCancel,
  role = 'dialog',
  name,
  className,
}: {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onCancel: () => void;
  role?: 'dialog' | 'alertdialog';
  name: string;
  /** An extra class on the <dialog> (a wider dialog for a picture or a PDF). */
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const cancel = useRef(onCancel);
  useEffect(() => {
    cancel.current = onCancel;
  }, [onCancel]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const onCancelEvent = (event: Event) => {
      event.preventDefault();
      cancel.current();
    };
    dialog.addEventListener('cancel', onCancelEvent);
    return () => {
      dialog.removeEventListener('cancel', onCancelEvent);
      if (dialog.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      role={role}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-dialog={name}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}
