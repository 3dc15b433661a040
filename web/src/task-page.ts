import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { Confirm } from './confirm.ts';
import { LANG, t, word } from './i18n.ts';
import { LiveLog } from './live-log.ts';
import { flash } from './notice.ts';
import { RunChart } from './run-chart.ts';
import { span, when } from './time.ts';
import type { Chase, ConsoleInfo, Run, Summary, Task, TaskRef } from './types.ts';
import { Badge, Pager, chatName, html } from './ui.ts';

const RUNS = 10;
const CHASES = 10;
type Say = (text: string, ok?: boolean) => void;

function refusal(e: unknown): string {
  return e instanceof ApiError && e.status === 403 ? t('readOnly') : (e as Error).message;
}

function secs(ms: number): string {
  return ms % 1000 === 0 ? t('seconds', { n: ms / 1000 }) : t('ms', { n: ms });
}

/** Another task named by its number and name, linked; a deleted one by its number only. */
function TaskLink({ task }: { task: TaskRef }) {
  if (task.name == null) return html`<span>${t('taskGone', { id: task.id })}</span>`;
  return html`<a href=${`/tasks/${task.id}?lang=${LANG}`}>#${task.id} ${task.name}</a>`;
}

/** Where a run came from when another task's run started it. */
function parentOf(run: Run) {
  if (run.parentRunId == null) return null;
  if (run.parentTaskId == null) return html`<div class="sub parent">${t('afterRunGone', { run: run.parentRunId })}</div>`;
  return html`<div class="sub parent">${t('afterRun', { run: run.parentRunId })} <a href=${`/tasks/${run.parentTaskId}?lang=${LANG}`}>#${run.parentTaskId}</a></div>`;
}

function RunRow({ run, tz }: { run: Run; tz: string }) {
  const [out, setOut] = useState<Run | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = async () => {
    if (!out) setOut(await api<Run>('GET', `/api/runs/${run.id}`));
    setOpen(!open);
  };
  const text = out ? [out.message, out.error, out.output].filter(Boolean).join('\n\n') : '';
  return html`<tr class="run" data-run=${run.id}>
      <td data-k=${t('scheduled')}>${when(run.scheduledFor, tz)}</td>
      <td data-k=${t('trigger')}>${word('trigger', run.trigger)}${run.attempt > 1 ? ` #${run.attempt}` : ''}${parentOf(run)}</td>
      <td data-k=${t('result')}><${Badge} kind="run" value=${run.status} />${run.exitCode != null ? html` <span class="sub">${t('exit', { code: run.exitCode })}</span>` : null}${run.runner ? html`<div class="sub runner">${t('onRunner', { name: run.runner })}</div>` : null}</td>
      <td data-k=${t('duration')}>${span(run.durationMs)}</td>
      <td data-k=${t('output')}>
        <span class="sub clip">${(run.error || run.message || '').slice(0, 120)}</span>
        <button type="button" class="link show-output" aria-expanded=${open} onClick=${toggle}>${open ? t('hideOutput') : t('showOutput')}</button>
      </td>
    </tr>
    ${open ? html`<tr class="out"><td colspan="5"><pre tabindex="0" aria-label=${t('output')}>${text || t('noOutput')}</pre></td></tr>` : null}`;
}

/** One task: what it is, when it fires next (in its zone), its controls, paged history and chases. */
export function TaskPage({ id, info, say, refresh }: { id: number; info: ConsoleInfo; say: Say; refresh: number }) {
  const [task, setTask] = useState<Task | null>(null);
  const [sum, setSum] = useState<Summary | null>(null);
  const [runs, setRuns] = useState<{ runs: Run[]; total: number } | null>(null);
  const [chases, setChases] = useState<{ chases: Chase[]; total: number } | null>(null);
  const [runOffset, setRunOffset] = useState(0);
  const [chaseOffset, setChaseOffset] = useState(0);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const zh = LANG === 'zh';

  useEffect(() => {
    let alive = true;
    const load = () =>
      Promise.all([
        api<Task>('GET', `/api/tasks/${id}`),
        api<Summary>('GET', `/api/tasks/${id}/summary`),
        api<{ runs: Run[]; total: number }>('GET', `/api/tasks/${id}/runs?limit=${RUNS}&offset=${runOffset}`),
        api<{ chases: Chase[]; total: number }>('GET', `/api/tasks/${id}/chases?limit=${CHASES}&offset=${chaseOffset}`),
      ]).then(
        ([a, b, c, d]) => {
          if (!alive) return;
          setTask(a);
          setSum(b);
          setRuns(c);
          setChases(d);
          document.title = `${a.name} · chatcron`;
        },
        (e: Error) => alive && say(e.message, false),
      );
    load();
    const iv = setInterval(() => !document.hidden && !document.querySelector('tr.out') && load(), 5000);
    return () => {
      alive = false;
      clearInterval(iv);
    };
  }, [id, runOffset, chaseOffset, tick, refresh]);

  if (!task || !sum || !runs || !chases) return html`<p class="muted">${t('loading')}</p>`;
  const tz = task.schedule.tz;

  const act = (verb: 'pause' | 'resume' | 'run' | 'done', ok: string | ((j: any) => string)) => async () => {
    setBusy(true);
    try {
      const j = await api('POST', `/api/tasks/${id}/${verb}`);
      say(typeof ok === 'string' ? ok : ok(j), true);
      setTick((n) => n + 1);
    } catch (e) {
      say(refusal(e), false);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setAsking(false);
    try {
      await api('DELETE', `/api/tasks/${id}`);
      flash.put({ text: t('deleted', { id }), ok: true });
      location.assign(`/?lang=${LANG}`);
    } catch (e) {
      say(refusal(e), false);
    }
  };
  const p = task.policies;
  const a = task.action;
  // The run in progress (or about to start), newest first: its log is followed live.
  const live = task.mode === 'message' ? undefined : runs.runs.find((r) => r.status === 'running' || r.status === 'queued');
  const sql = a && 'sql' in a ? a : null;
  const action = !a || 'sql' in a ? null : 'name' in a ? a.name : a.argv.join(' ');

  return html`<p><a href=${`/?lang=${LANG}`}>${t('back')}</a></p>
    <section class="card" id="task" aria-labelledby="task-title">
      <h2 id="task-title">#${task.id} ${task.name} <${Badge} kind="st" value=${task.status} /></h2>
      <div class="actions" id="controls">
        ${info.role === 'admin' ? html`<a class="button" id="edit" href=${`/tasks/${id}/edit?lang=${LANG}`}>${t('edit')}</a>` : null}
        ${sum.can.pause ? html`<button type="button" id="pause" disabled=${busy} onClick=${act('pause', t('paused'))}>${t('pause')}</button>` : null}
        ${sum.can.resume ? html`<button type="button" id="resume" disabled=${busy} onClick=${act('resume', t('resumed'))}>${t('resume')}</button>` : null}
        <button type="button" id="run" class="primary" disabled=${busy} onClick=${act('run', t('queued'))}>${t('runNow')}</button>
        <button type="button" id="delete" class="danger" onClick=${() => setAsking(true)}>${t('delete')}</button>
      </div>
      <dl>
        <dt>${t('schedule')}</dt><dd>${task.description[LANG]}<div class="muted">${task.schedule.text}</div></dd>
        <dt>${t('zone')}</dt><dd id="zone">${tz}</dd>
        <dt>${t('upcoming')}</dt>
        <dd>${task.status === 'paused'
          ? html`<span id="upcoming-none">${t('pausedNoUpcoming')}</span>`
          : sum.upcoming.length
            ? html`<ol id="upcoming">${sum.upcoming.map((u) => html`<li>${when(u, tz)}</li>`)}</ol>`
            : html`<span id="upcoming-none">${t('noUpcoming')}</span>`}</dd>
        <dt>${t('chat')}</dt><dd>${chatName(task.chat, zh)}</dd>
        <dt>${t('content')}</dt><dd class="pre">${task.content || '—'}</dd>
        <dt>${t('mode')}</dt><dd>${word('mode', task.mode)}${action ? html` · <code>${action}</code>` : null}</dd>
        ${sql
          ? html`<dt>${t('sqlShort')}</dt>
              <dd id="sql"><span id="sql-on">${t('sqlOn', { connection: sql.connection })}</span><pre id="sql-statement" tabindex="0" aria-label=${t('sqlStatement')}>${sql.sql}</pre></dd>`
          : null}
        ${task.mode !== 'message' ? html`<dt>${t('runOnShort')}</dt><dd id="run-on">${task.runOn ? html`<code>${task.runOn}</code> <span class="sub">(${t('runnerLabel')})</span>` : t('thisServer')}</dd>` : null}
        ${task.jitterMs ? html`<dt>${t('jitterShort')}</dt><dd id="jitter">${t('upTo', { d: secs(task.jitterMs) })}</dd>` : null}
        ${sum.chain.then ? html`<dt>${t('thenShort')}</dt><dd id="then"><${TaskLink} task=${sum.chain.then} /></dd>` : null}
        ${sum.chain.onFailure ? html`<dt>${t('onFailureShort')}</dt><dd id="on-failure"><${TaskLink} task=${sum.chain.onFailure} /></dd>` : null}
        ${sum.chain.from.length
          ? html`<dt>${t('startedBy')}</dt><dd><ul class="urls" id="started-by">${sum.chain.from.map((f) => html`<li><${TaskLink} task=${f} /> <span class="sub">(${t(f.on === 'then' ? 'whenSucceeds' : 'whenFails')})</span></li>`)}</ul></dd>`
          : null}
        ${task.owner ? html`<dt>${t('owner')}</dt><dd>${task.owner.name}</dd>` : null}
        ${task.window.startAt || task.window.endAt || task.window.maxRuns
          ? html`<dt>${t('window')}</dt><dd>${[task.window.startAt && `${t('startAt')} ${when(task.window.startAt, tz)}`, task.window.endAt && `${t('endAt')} ${when(task.window.endAt, tz)}`, task.window.maxRuns && `${t('maxRuns')} ${task.window.maxRuns}`].filter(Boolean).join(' · ')}</dd>`
          : null}
        <dt>${t('policies')}</dt>
        <dd>${t('misfire')}: ${word('misfire', p.misfire)} · ${t('overlap')}: ${word('overlap', p.overlap)} · ${t('retries')}: ${p.retries} · ${t('timeout')}: ${secs(p.timeoutMs)}</dd>
        ${task.notifyUrls.length ? html`<dt>${t('notifyUrls')}</dt><dd><ul class="urls">${task.notifyUrls.map((u) => html`<li>${u}</li>`)}</ul></dd>` : null}
        <dt>${t('closers')}</dt><dd id="closers">${word('closers', task.closers ?? 'anyone')}</dd>
        ${task.chase ? html`<dt>${t('chase')}</dt><dd>${t('chaseEvery')} ${secs(task.chase.everyMs)}${task.chase.maxCount ? ` · ${t('chaseMax')} ${task.chase.maxCount}` : ''}${task.chase.until ? ` · ${t('chaseUntil')} ${task.chase.until}` : ''}</dd>` : null}
        <dt>${t('runs')}</dt><dd id="run-counts">${t('runsCount', sum.runs)}</dd>
        <dt>${t('created_')}</dt><dd>${when(task.createdAt, tz)} · ${t('createdBy')} ${task.createdBy}</dd>
      </dl>
    </section>
    ${live ? html`<${LiveLog} key=${live.id} run=${live} admin=${info.role === 'admin'} say=${say} ended=${() => setTick((n) => n + 1)} />` : null}
    <section class="card" id="stats" aria-labelledby="stats-title">
      <h2 id="stats-title">${t('stats')}</h2>
      <${RunChart} stats=${sum.stats} tz=${tz} />
    </section>
    <section aria-labelledby="chases-title">
      <h2 id="chases-title">${t('chases')} (${chases.total})</h2>
      ${chases.chases.length === 0
        ? html`<p class="card muted">${t('noChases')}</p>`
        : html`<ul class="card chases" id="chases">
            ${chases.chases.map(
              (c) => html`<li data-chase=${c.id}>
                <span class="chase-text"><${Badge} kind="chase" value=${c.open ? 'open' : 'closed'} /> ${when(c.scheduledFor, tz)} · ${t('reminders', { n: c.count })} · ${c.open
                  ? t('nextReminder', { at: when(c.nextChaseAt, tz) })
                  : c.closedBy
                    ? t('closedBy', { at: when(c.closedAt, tz), by: c.closedBy })
                    : t('closedReason', { at: when(c.closedAt, tz), reason: word('reason', c.closeReason ?? '') })}</span>
                ${c.open ? html`<button type="button" class="primary mark-done" disabled=${busy} onClick=${act('done', (j: { closedBy: string }) => t('markedDone', { by: j.closedBy }))}>${t('markDone')}</button>` : null}
              </li>`,
            )}
          </ul>`}
      <${Pager} id="chases-pager" total=${chases.total} limit=${CHASES} offset=${chaseOffset} go=${setChaseOffset} />
    </section>
    <section aria-labelledby="history-title">
      <h2 id="history-title">${t('history')} (${runs.total})</h2>
      ${runs.runs.length === 0
        ? html`<p class="card muted">${t('noRuns')}</p>`
        : html`<table class="runs" id="runs">
            <caption class="sr-only">${t('history')}</caption>
            <thead><tr>${(['scheduled', 'trigger', 'result', 'duration', 'output'] as const).map((k) => html`<th scope="col">${t(k)}</th>`)}</tr></thead>
            <tbody>${runs.runs.map((r) => html`<${RunRow} key=${r.id} run=${r} tz=${tz} />`)}</tbody>
          </table>`}
      <${Pager} id="runs-pager" total=${runs.total} limit=${RUNS} offset=${runOffset} go=${setRunOffset} />
    </section>
    ${asking ? html`<${Confirm} text=${t('confirmDelete', { id, name: task.name })} yes=${t('delete')} onYes=${remove} onNo=${() => setAsking(false)} />` : null}`;
}
