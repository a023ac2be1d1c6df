import { useId, useRef, type ReactNode } from "react";

/**
 * A button for what cannot be undone, asked twice: it opens a dialog that says what will happen,
 * with "keep" (focused first) and the confirming button.
 */
export function ConfirmButton({
  label,
  title,
  children,
  keepLabel,
  confirmLabel,
  onConfirm,
  disabled = false,
  className,
  testId,
  dialogTestId,
}: {
  label: string;
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  testId?: string;
  dialogTestId: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
        data-testid={testId}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} data-testid={dialogTestId}>
        <h2 id={titleId}>{title}</h2>
        <p className="muted">{children}</p>
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={() => dialog.current?.close()}>
            {keepLabel}
          </button>
          <button
            type="button"
            className="danger solid"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
