import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { t } from './i18n.ts';
import type { Run } from './types.ts';
import { Badge, html } from './ui.ts';

/** How often the page reads a running run's output (the replica running it flushes every ~500 ms). */
const POLL_MS = 500;

interface Output {
  id: number;
  status: string;
  running: boolean;
  output: string | null;
  stopRequestedBy: string | null;
}

/**
 * The live log of a run in progress, as xxl-job and Cronicle show it: its output so far, read
 * every half second from the API (any replica answers: the one running it writes it to the
 * database), kept scrolled to the end unless the reader scrolled up, with a Stop button.
 */
export function LiveLog({ run, admin, say, ended }: { run: Run; admin: boolean; say: (text: string, ok?: boolean) => void; ended: () => void }) {
  const [out, setOut] = useState<Output | null>(null);
  const [stopping, setStopping] = useState(false);
  const pre = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const o = await api<Output>('GET', `/api/runs/${run.id}/output`);
        if (!alive) return;
        setOut(o);
        // Finished (or ended while queued): the page reloads its history, which drops this panel.
        if (o.status !== 'running' && o.status !== 'queued') return ended();
      } catch (e) {
        if (alive) say((e as Error).message, false);
      }
      if (alive) timer = setTimeout(poll, document.hidden ? POLL_MS * 4 : POLL_MS);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [run.id]);

  // Follow the end of the log, as a terminal does, unless the reader has scrolled up to read.
  useEffect(() => {
    const el = pre.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 40) el.scrollTop = el.scrollHeight;
  }, [out?.output]);

  const stop = async () => {
    setStopping(true);
    try {
      const r = await api<{ state: string; stoppedBy: string }>('POST', `/api/runs/${run.id}/stop`);
      say(t(r.state === 'stopped' ? 'stoppedNow' : 'stoppingBy', { id: run.id, by: r.stoppedBy }), true);
    } catch (e) {
      setStopping(false);
      say(e instanceof ApiError && e.status === 403 ? t('readOnly') : (e as Error).message, false);
    }
  };
  const asked = stopping || out?.stopRequestedBy != null;
  const status = out?.status ?? run.status;
  return html`<section class="card live" id="live" aria-labelledby="live-title" data-run=${run.id}>
    <h2 id="live-title">${t('liveLog', { id: run.id })} <${Badge} kind="run" value=${status} /></h2>
    <pre id="live-output" ref=${pre} tabindex="0" role="log" aria-live="off" aria-label=${t('liveLog', { id: run.id })}>${out ? out.output || t('noOutputYet') : t('loading')}</pre>
    <div class="actions">
      ${admin ? html`<button type="button" id="stop-run" class="danger" disabled=${asked} onClick=${stop}>${asked ? t('stopping') : t('stopRun')}</button>` : null}
      ${out?.stopRequestedBy ? html`<span class="sub" id="stop-asked">${t('stopAskedBy', { by: out.stopRequestedBy })}</span>` : null}
    </div>
  </section>`;
}
