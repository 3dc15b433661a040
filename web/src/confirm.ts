import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n.ts';
import { html } from './ui.ts';

/** A modal question (the browser's <dialog>: focus kept inside, Escape cancels). */
export function Confirm({ text, yes, onYes, onNo }: { text: string; yes: string; onYes: () => void; onNo: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    const cancel = (e: Event) => {
      e.preventDefault();
      onNo();
    };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, []);
  return html`<dialog ref=${ref} id="confirm" aria-labelledby="confirm-text">
    <p id="confirm-text">${text}</p>
    <div class="actions">
      <button type="button" id="confirm-no" onClick=${onNo}>${t('cancel')}</button>
      <button type="button" id="confirm-yes" class="danger" onClick=${onYes}>${yes}</button>
    </div>
  </dialog>`;
}
