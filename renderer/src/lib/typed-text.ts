/**
 * Text a person typed into a dialog and has not sent yet. A field is marked when typed into (the dialog's input
 * event); it counts while it still holds text, so a form that was sent and emptied, or closed, no longer does.
 * Fields filled in by the console itself (a refund's amount) are never marked.
 */
const MARK = 'data-typed';

/** For a dialog's onInput: marks the text field that was typed into. */
export function markTyped(e: { target: EventTarget | null }): void {
  const field = e.target;
  if (field instanceof HTMLTextAreaElement || (field instanceof HTMLInputElement && field.type !== 'checkbox' && field.type !== 'radio')) field.setAttribute(MARK, '');
}

/** Whether `root` holds typed text that leaving it would drop. */
export function holdsTypedText(root: ParentNode): boolean {
  return Array.from(root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[${MARK}]`)).some((field) => field.value.trim() !== '');
}
