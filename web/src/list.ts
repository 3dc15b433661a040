import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, qs } from './api.ts';
import { LANG, t, word } from './i18n.ts';
import { when, whenShort } from './time.ts';
import type { ConsoleInfo, Task } from './types.ts';
import { Badge, Pager, chatName, html, platformName } from './ui.ts';

const PAGE = 20;
const KEYS = ['text', 'chat', 'platform', 'status', 'owner', 'mode'] as const;
type Filters = Record<(typeof KEYS)[number], string>;

function filtersFromUrl(): { f: Filters; offset: number } {
  const p = new URLSearchParams(location.search);
  const f = Object.fromEntries(KEYS.map((k) => [k, p.get(k) ?? ''])) as Filters;
  return { f, offset: Math.max(0, Number(p.get('offset')) || 0) };
}

/** The task list: search, filters and paging, kept in the address so a view can be shared. */
export function TaskList({ info, say, refresh = 0 }: { info: ConsoleInfo; say: (text: string, ok?: boolean) => void; refresh?: number }) {
  const start = filtersFromUrl();
  const [f, setF] = useState<Filters>(start.f);
  const [offset, setOffset] = useState(start.offset);
  const [page, setPage] = useState<{ tasks: Task[]; total: number } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const zh = LANG === 'zh';
  const admin = info.role === 'admin';

  useEffect(() => {
    history.replaceState(null, '', `/${qs({ ...f, offset: offset || undefined, lang: LANG })}`);
    let alive = true;
    const load = () =>
      api<{ tasks: Task[]; total: number }>('GET', `/api/tasks${qs({ ...f, limit: PAGE, offset })}`).then(
        (j) => alive && setPage(j),
        (e: Error) => alive && say(e.message, false),
      );
    load();
    const id = setInterval(() => !document.hidden && load(), 5000);
    return () => {
      alive = false;
      clearInterval(id);
    };
    // `refresh` moves when the chat box did something: the list follows the chat at once.
  }, [JSON.stringify(f), offset, refresh, tick]);

  // Run now and pause/resume in the row, as xxl-job and Cronicle offer them.
  const act = (task: Task, verb: 'run' | 'pause' | 'resume') => async () => {
    setBusy(task.id);
    try {
      await api('POST', `/api/tasks/${task.id}/${verb}`);
      say(verb === 'run' ? t('queued') : verb === 'pause' ? t('paused') : t('resumed'), true);
      setTick((n) => n + 1);
    } catch (e) {
      say(e instanceof ApiError && e.status === 403 ? t('readOnly') : (e as Error).message, false);
    } finally {
      setBusy(null);
    }
  };
  const cols = admin ? (['name', 'chat', 'schedule', 'status', 'nextRun', 'lastResult', 'actions'] as const) : (['name', 'chat', 'schedule', 'status', 'nextRun', 'lastResult'] as const);

  const set = (k: keyof Filters) => (e: Event) => {
    setF({ ...f, [k]: (e.target as HTMLInputElement).value });
    setOffset(0);
  };
  const select = (k: keyof Filters, label: string, all: string, options: [string, string][]) => html`
    <div class="field">
      <label for=${`f-${k}`}>${label}</label>
      <select id=${`f-${k}`} value=${f[k]} onChange=${set(k)}>
        <option value="">${all}</option>
        ${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
      </select>
    </div>`;

  return html`<section aria-labelledby="tasks-title">
    <h2 id="tasks-title">${t('tasks')}${page ? ` (${page.total})` : ''}</h2>
    <form class="filters card" id="filters" role="search" aria-label=${t('filters')} onSubmit=${(e: Event) => e.preventDefault()}>
      <div class="field grow">
        <label for="f-text">${t('search')}</label>
        <input id="f-text" type="search" placeholder=${t('searchPlaceholder')} value=${f.text} onInput=${set('text')} />
      </div>
      ${select('chat', t('chat'), t('allChats'), info.chats.map((c) => [`${c.platform}:${c.chatId}`, `${chatName(c, zh)} (${c.tasks})`]))}
      ${select('platform', t('platform'), t('allPlatforms'), [...info.platforms.map((p): [string, string] => [p, platformName(p, zh)]), ['api', t('apiOnly')]])}
      ${select('status', t('status'), t('allStatuses'), ['active', 'paused', 'finished'].map((s) => [s, word('st', s)]))}
      ${select('owner', t('owner'), t('allOwners'), info.owners.map((o) => [o.id, o.name === o.id ? o.name : `${o.name} (${o.id})`]))}
      ${select('mode', t('mode'), t('allModes'), ['message', 'command', 'message+command'].map((m) => [m, word('mode', m)]))}
      <button type="button" id="clear-filters" onClick=${() => { setF(Object.fromEntries(KEYS.map((k) => [k, ''])) as Filters); setOffset(0); }}>${t('clearFilters')}</button>
    </form>
    ${!page
      ? html`<p class="muted">${t('loading')}</p>`
      : page.tasks.length === 0
        ? html`<p class="card muted" id="empty">${t('noTasks')}</p>`
        : html`<table class="tasks">
            <caption class="sr-only">${t('tasks')}</caption>
            <thead><tr>${cols.map((k) => html`<th scope="col">${t(k)}</th>`)}</tr></thead>
            <tbody>
              ${page.tasks.map(
                (task) => html`<tr data-id=${task.id}>
                  <td data-k=${t('name')}><a href=${`/tasks/${task.id}?lang=${LANG}`}>#${task.id} ${task.name}</a>${task.owner ? html`<div class="sub">${t('owner')}: ${task.owner.name}</div>` : null}</td>
                  <td data-k=${t('chat')}>${chatName(task.chat, zh)}</td>
                  <td data-k=${t('schedule')}>${task.description[LANG]}<div class="sub">${task.schedule.text} · ${word('mode', task.mode)}</div></td>
                  <td data-k=${t('status')}><${Badge} kind="st" value=${task.status} /></td>
                  <td data-k=${t('nextRun')}>${task.status === 'active' ? html`<span title=${when(task.nextRunAt, task.schedule.tz)}>${whenShort(task.nextRunAt, task.schedule.tz)}</span>` : '—'}</td>
                  <td data-k=${t('lastResult')} class="last-result">${task.lastRun ? html`<${Badge} kind="run" value=${task.lastRun.status} /> <span class="sub">${whenShort(task.lastRun.finishedAt ?? task.lastRun.scheduledFor, task.schedule.tz)}</span>` : '—'}</td>
                  ${admin
                    ? html`<td data-k=${t('actions')} class="row-actions">
                        <button type="button" class="run-now" disabled=${busy === task.id} aria-label=${`${t('runNow')} #${task.id}`} onClick=${act(task, 'run')}>${t('runNow')}</button>
                        ${task.status === 'finished'
                          ? null
                          : html`<button type="button" class="toggle" data-state=${task.status} disabled=${busy === task.id} aria-label=${`${t(task.status === 'paused' ? 'resume' : 'pause')} #${task.id}`} onClick=${act(task, task.status === 'paused' ? 'resume' : 'pause')}>${t(task.status === 'paused' ? 'resume' : 'pause')}</button>`}
                      </td>`
                    : null}
                </tr>`,
              )}
            </tbody>
          </table>`}
    ${page ? html`<${Pager} id="tasks-pager" total=${page.total} limit=${PAGE} offset=${offset} go=${setOffset} />` : null}
  </section>`;
}
