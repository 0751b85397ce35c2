import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { markTyped } from '../lib/typed-text';

/**
 * A modal on the native <dialog>: focus moves inside, Esc closes it (the browser's cancel event), focus returns to
 * where it was. The first [data-autofocus] element, else the first field, gets focus. Fields typed into are marked,
 * so a function key pressed here asks before dropping them (Console).
 */
export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const before = document.activeElement as HTMLElement | null;
    el.showModal();
    const first =
      el.querySelector<HTMLElement>('[data-autofocus]') ?? el.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-x)');
    first?.focus();
    const onCancel = (e: Event): void => {
      e.preventDefault();
      closeRef.current();
    };
    el.addEventListener('cancel', onCancel);
    return () => {
      el.removeEventListener('cancel', onCancel);
      el.close();
      before?.focus?.();
    };
  }, []);
  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby="dialog-title" onInput={markTyped}>
      <header className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="dialog-x" onClick={onClose} aria-label={t('action.close')}>
          {t('action.closeEsc')}
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
