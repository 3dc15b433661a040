import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { LANG, t, type Key } from './i18n.ts';
import { when } from './time.ts';
import type { ConsoleInfo, Line } from './types.ts';
import { html } from './ui.ts';

const POLL = 1500; // ms

/**
 * The console's chat: a conversation with the bot as the chat `web:status-page`. The transcript
 * is the server's (what was said, the answers, and results and reminders of this chat's tasks as
 * they are posted), polled with the last id seen, so a reload or a second tab shows the same.
 */
export function ChatBox({ info, onActivity }: { info: ConsoleInfo; onActivity: () => void }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Line | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState('');
  const last = useRef<number | null>(null);
  const log = useRef<HTMLDivElement>(null);

  const poll = async () => {
    const after = last.current;
    const j = await api<{ messages: Line[] }>('GET', `/api/chat/messages${after == null ? '' : `?after=${after}`}`);
    if (after !== last.current) return; // another poll got there first
    if (j.messages.length) {
      last.current = j.messages[j.messages.length - 1].id;
      setLines((old) => [...old, ...j.messages].slice(-300));
      if (after != null) onActivity();
    } else if (last.current == null) last.current = 0;
  };

  useEffect(() => {
    poll().catch(() => {});
    const id = setInterval(() => !document.hidden && poll().catch(() => {}), POLL);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  const max = info.maxMessage;
  const send = async (e: Event) => {
    e.preventDefault();
    const said = text.trim();
    if (!said || said.length > max) return;
    setBusy(true);
    setError('');
    try {
      await api('POST', '/api/chat', { text: said, lang: LANG, replyTo: replyTo?.id });
      setText('');
      setReplyTo(null);
      await poll();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 403 ? t('readOnly') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // A click is a tap, as on any platform: the server applies it once and sends the line back as it
  // now reads (status line, no buttons); a second tab's stale button is answered "already closed".
  const tap = async (l: Line, data: string) => {
    setError('');
    try {
      const r = await api<{ toast: string; line: Line }>('POST', '/api/chat/tap', { line: l.id, data });
      setToast(r.toast);
      setLines((old) => old.map((x) => (x.id === r.line.id ? r.line : x)));
      onActivity();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 403 ? t('readOnly') : (err as Error).message);
    }
  };

  return html`<aside id="chat" aria-labelledby="chat-title">
    <h2 id="chat-title">${t('chatBox')}</h2>
    <div id="transcript" ref=${log} role="log" aria-live="polite" aria-label=${t('chatLog')} tabindex="0">
      ${lines.length === 0 ? html`<p class="muted empty">${t('emptyChat')}</p>` : null}
      ${lines.map(
        (l) => html`<div class=${`line ${l.kind}`} data-line=${l.id} data-kind=${l.kind}>
          <div class="who">${l.kind === 'said' ? l.from ?? t('you') : t(`line.${l.kind}` as Key)} · <time datetime=${l.at}>${when(l.at, info.defaultTz)}</time></div>
          <div class="text">${l.text}</div>
          ${l.status ? html`<div class="status">${l.status}</div>` : null}
          ${l.buttons?.length
            ? html`<div class="actions" role="group" aria-label=${t('lineActions')}>${l.buttons.map(
                (row) => html`<div class="row">${row.map((b) => html`<button type="button" class=${b.primary ? 'primary tap' : 'tap'} data-data=${b.data} onClick=${() => tap(l, b.data)}>${b.label}</button>`)}</div>`,
              )}</div>`
            : null}
          ${l.kind === 'reminder' || l.kind === 'result' ? html`<button type="button" class="link reply-to" onClick=${() => setReplyTo(l)}>${t('reply')}</button>` : null}
        </div>`,
      )}
    </div>
    ${replyTo
      ? html`<div class="replying" id="replying">${t('replyingTo', { text: replyTo.text.split('\n')[0].slice(0, 80) })}
          <button type="button" class="link" onClick=${() => setReplyTo(null)}>${t('cancelReply')}</button></div>`
      : null}
    ${error ? html`<p class="msg err" role="alert" id="chat-error">${error}</p>` : null}
    <p class="msg" role="status" id="chat-toast">${toast}</p>
    <form id="chat-form" class="row" onSubmit=${send}>
      <label class="sr-only" for="chat-text">${t('chatBox')}</label>
      <textarea id="chat-text" rows="2" autocomplete="off" placeholder=${t('chatPlaceholder')} value=${text} aria-describedby="chat-count"
        onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown=${(e: KeyboardEvent) => { if (e.key === 'Enter' && !e.shiftKey) send(e); }}></textarea>
      <button class="primary" type="submit" disabled=${busy || text.trim().length > max}>${t('send')}</button>
    </form>
    <div id="chat-count" class=${`sub ${text.length > max ? 'over' : ''}`}>${text.length > max ? t('tooLong', { max }) : t('chars', { n: text.length, max })}</div>
  </aside>`;
}
