/**
 * Where focus lands when a screen opens (after login, a function key or the navigation) and the screen did not
 * take it itself: its [data-autofocus] control, else its first field, else its heading. A screen that loads its
 * controls after an answer gets them focused when they appear (watched for up to `waitMs`); focus the person has
 * moved meanwhile (a click, a Tab, a queue card that took it) is never taken back.
 */
const FIELDS = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])';

function target(main: HTMLElement): HTMLElement | null {
  return main.querySelector<HTMLElement>('[data-autofocus]') ?? main.querySelector<HTMLElement>(FIELDS);
}

/** Nothing worth keeping has focus: nothing, the page itself, or the navigation button just pressed. */
function focusIsFree(): boolean {
  const el = document.activeElement;
  if (document.querySelector('dialog[open]')) return false;
  return el === null || el === document.body || el.closest('.nav') !== null;
}

export function focusScreen(main: HTMLElement, waitMs = 1_500): () => void {
  const heading = main.querySelector<HTMLElement>('h1');
  const place = (): boolean => {
    if (!focusIsFree()) return true;
    const field = target(main);
    if (field) {
      field.focus();
      return true;
    }
    return false;
  };
  if (place()) return () => undefined;
  // No field yet: the heading meanwhile, so a screen reader says where we are and Tab starts from the screen.
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
  const observer = new MutationObserver(() => {
    if (document.activeElement !== heading && !focusIsFree()) return observer.disconnect();
    const field = target(main);
    if (field) {
      field.focus();
      observer.disconnect();
    }
  });
  observer.observe(main, { childList: true, subtree: true });
  const timer = setTimeout(() => observer.disconnect(), waitMs);
  return () => {
    clearTimeout(timer);
    observer.disconnect();
  };
}
