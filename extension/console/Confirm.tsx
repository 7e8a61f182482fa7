import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal yes/no: focus goes to Cancel (the harmless answer), Escape or Cancel says no, the caller
 * puts focus back. `danger` marks an action that cannot be taken back.
 */
export function Confirm({
  title,
  body,
  confirmLabel,
  onClose,
  danger = confirmLabel === 'Deactivate',
}: {
  title: string;
  body: string;
  confirmLabel: string;
  onClose: (ok: boolean) => void;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    d.showModal();
    const cancel = (e: Event) => (e.preventDefault(), onClose(false));
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, []);
  return (
    <dialog ref={ref} class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body">
      <h3 id="confirm-title">{title}</h3>
      <p id="confirm-body">{body}</p>
      <div class="row end">
        <button type="button" class="secondary" autofocus onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" class={danger ? 'danger' : ''} onClick={() => onClose(true)}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
