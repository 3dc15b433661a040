import { useEffect } from 'preact/hooks';
import { html } from './ui.ts';

/** A short message after an action; never shown empty. */
export interface Toast {
  text: string;
  ok: boolean;
}

const FLASH = 'chatcron.flash';

/** A toast that survives one page load (after create or delete, the page changes). */
export const flash = {
  put: (toast: Toast) => sessionStorage.setItem(FLASH, JSON.stringify(toast)),
  take(): Toast | null {
    const raw = sessionStorage.getItem(FLASH);
    sessionStorage.removeItem(FLASH);
    try {
      const v = raw ? (JSON.parse(raw) as Toast) : null;
      return v && v.text ? v : null;
    } catch {
      return null;
    }
  },
};

/** The toast region: polite for news, an alert for errors. */
export function Notice({ toast, clear }: { toast: Toast | null; clear: () => void }) {
  useEffect(() => {
    if (!toast?.ok) return;
    const id = setTimeout(clear, 8000);
    return () => clearTimeout(id);
  }, [toast]);
  return html`<div id="note" aria-live="polite">
    ${toast?.text ? html`<div class=${`msg ${toast.ok ? 'ok' : 'err'}`} role=${toast.ok ? 'status' : 'alert'}>${toast.text}</div>` : null}
  </div>`;
}
