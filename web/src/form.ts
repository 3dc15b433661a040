import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, qs } from './api.ts';
import { actionInput, BLANK, fromTask, jitterOf, num, pastOnce, runnerChoices, scheduleFields, zoneOf, type ActionKind, type Kind, type State } from './form-state.ts';
import { LANG, t, word, type Key } from './i18n.ts';
import { flash } from './notice.ts';
import { when } from './time.ts';
import type { ConsoleInfo, Preview, Runner, Task } from './types.ts';
import { chatName, html } from './ui.ts';

type Say = (text: string, ok?: boolean) => void;

/** Create or edit a task: every field a task has, and a live reading of its schedule in its zone. */
export function TaskForm({ id, info, say }: { id: number | null; info: ConsoleInfo; say: Say }) {
  const [s, setS] = useState<State>(BLANK);
  const [orig, setOrig] = useState<Task | null>(null);
  const [preview, setPreview] = useState<{ ok: true; p: Preview } | { ok: false; error: string } | null>(null);
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [loaded, setLoaded] = useState(id == null);
  const [labels, setLabels] = useState<string[]>([]);
  const errorBox = useRef<HTMLParagraphElement>(null);

  // After a failed submit the error is where the reader looks next: focused, and scrolled to.
  useEffect(() => {
    const el = errorBox.current;
    if (!error || !el) return;
    el.focus();
    el.scrollIntoView({ block: 'center' });
  }, [error]);

  // Suggestions only: a label no runner has yet is still accepted (its runs wait for one).
  useEffect(() => {
    api<{ runners: Runner[] }>('GET', '/api/runners').then((j) => setLabels(runnerChoices(j.runners)), () => {});
  }, []);

  useEffect(() => {
    if (id == null) return;
    api<Task>('GET', `/api/tasks/${id}`).then((x) => {
      setOrig(x);
      setS(fromTask(x));
      setLoaded(true);
    }, (e: Error) => say(e.message, false));
  }, [id]);

  // The preview follows the typing; a short pause first, so that each keystroke is not a request.
  useEffect(() => {
    if (!loaded) return;
    if (!s.expr.trim()) return setPreview(null);
    const zone = zoneOf(s, info.zones, info.defaultTz);
    const timer = setTimeout(() => {
      const past = pastOnce(s, zone, Date.now());
      if (past) return setPreview({ ok: false, error: t('pastAt', { at: when(past, zone) }) });
      // Exactly what the save sends (scheduleFields), so the server reads both the same way.
      const q = { ...scheduleFields(s, zone), chat: s.chat || undefined, count: 5 };
      api<Preview>('GET', `/api/preview${qs(q)}`).then((p) => setPreview({ ok: true, p }), (e: Error) => setPreview({ ok: false, error: e.message }));
    }, 250);
    return () => clearTimeout(timer);
  }, [loaded, s.kind, s.expr, s.tz, s.chat, s.startAt, s.endAt, s.maxRuns]);

  if (!loaded) return html`<p class="muted">${t('loading')}</p>`;
  const tz = zoneOf(s, info.zones, info.defaultTz);
  const set = (k: keyof State) => (e: Event) => {
    const el = e.target as HTMLInputElement;
    setS({ ...s, [k]: el.type === 'checkbox' ? el.checked : el.value });
  };
  const bad = (f: string) => (error?.field && (error.field === f || error.field.startsWith(`${f}.`)) ? 'true' : undefined);
  const field = (k: keyof State, label: Key, attrs: Record<string, unknown> = {}, apiField: string = k) => html`
    <div class="field">
      <label for=${`t-${k}`}>${t(label)}</label>
      <input id=${`t-${k}`} name=${k} value=${s[k] as string} onInput=${set(k)} aria-invalid=${bad(apiField)} ...${attrs} />
    </div>`;
  const choice = (k: keyof State, label: Key, prefix: string, values: string[]) => html`
    <div class="field">
      <label for=${`t-${k}`}>${t(label)}</label>
      <select id=${`t-${k}`} name=${k} value=${s[k] as string} onChange=${set(k)}>${values.map((v) => html`<option value=${v}>${word(prefix, v)}</option>`)}</select>
    </div>`;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const scheduleChanged = !orig || fromTask(orig).expr !== s.expr || fromTask(orig).kind !== s.kind || orig.schedule.tz !== tz || fromTask(orig).startAt !== s.startAt || fromTask(orig).endAt !== s.endAt || fromTask(orig).maxRuns !== s.maxRuns;
    const body: Record<string, unknown> = {
      name: s.name.trim() || undefined,
      content: s.content,
      mode: s.mode,
      misfire: s.misfire,
      misfireGraceMs: Math.round(Number(s.misfireGrace) * 1000),
      overlap: s.overlap,
      overlapMax: num(s.overlapMax),
      retries: num(s.retries),
      backoffMs: Math.round(Number(s.backoff) * 1000),
      timeoutMs: Math.round(Number(s.timeout) * 1000),
      notifyUrls: s.notifyUrls.split('\n').map((u) => u.trim()).filter(Boolean),
      chase: s.chaseOn ? { every: s.chaseEvery.trim(), max: num(s.chaseMax), until: s.chaseUntil || undefined, closeOnNext: s.chaseCloseOnNext } : null,
      owner: s.ownerId.trim() ? { id: s.ownerId.trim(), name: s.ownerName.trim() || s.ownerId.trim() } : null,
      closers: s.closers,
    };
    Object.assign(body, actionInput(s, !!orig));
    // On a new task an empty field is left out; on an edit it clears the value.
    const cleared = orig ? null : undefined;
    body.jitter = jitterOf(s.jitter) ?? cleared;
    body.then = num(s.thenTask) ?? cleared;
    body.onFailure = num(s.onFailureTask) ?? cleared;
    if (scheduleChanged) {
      const past = pastOnce(s, tz, Date.now());
      if (past) return setError({ text: t('pastAt', { at: when(past, tz) }), field: 'at' });
      for (const [k, v] of Object.entries(scheduleFields(s, tz))) if (v !== undefined) body[k] = v;
    }
    if (!orig) {
      const [platform, ...rest] = s.chat.split(':');
      body.chat = s.chat ? { platform, chatId: rest.join(':') } : null;
      if (body.chase === null) delete body.chase;
      if (body.owner === null) delete body.owner;
    } else body.version = orig.version;
    try {
      const saved = await api<Task>(orig ? 'PATCH' : 'POST', orig ? `/api/tasks/${orig.id}` : '/api/tasks', body);
      flash.put({ text: orig ? t('saved') : t('created', { id: saved.id }), ok: true });
      location.assign(`/tasks/${saved.id}?lang=${LANG}`);
    } catch (err) {
      const a = err as ApiError;
      setError({ text: a.status === 403 ? t('readOnly') : a.message, field: a.field });
      say(a.status === 403 ? t('readOnly') : a.message, false);
    }
  };

  // The configured names, and the task's own if it is no longer configured (saving then says so).
  const connections = [...new Set([...info.connections, ...(s.connection ? [s.connection] : [])])];
  const exprLabel: Record<Kind, Key> = { text: 'whenText', cron: 'cronExpr', every: 'everyExpr', once: 'atExpr' };
  const chats = [['web:status-page', t('consoleChat')], ...info.chats.filter((c) => !(c.platform === 'web' && c.chatId === 'status-page')).map((c) => [`${c.platform}:${c.chatId}`, chatName(c, LANG === 'zh')]), ['', t('apiOnly')]];

  return html`<p><a href=${orig ? `/tasks/${orig.id}?lang=${LANG}` : `/?lang=${LANG}`}>${t('back')}</a></p>
    <form class="card task-form" id="task-form" onSubmit=${submit} novalidate aria-labelledby="form-title">
      <h2 id="form-title">${orig ? t('editTitle', { id: orig.id }) : t('newTask')}</h2>
      ${error ? html`<p class="msg err" role="alert" aria-live="assertive" id="form-error" tabindex="-1" ref=${errorBox}>${error.text}</p>` : null}
      <fieldset>
        <legend>${t('schedule')}</legend>
        <div class="kinds" role="radiogroup" aria-label=${t('kind')}>
          ${(['text', 'cron', 'every', 'once'] as Kind[]).map(
            (k) => html`<label class="radio"><input type="radio" name="kind" id=${`kind-${k}`} value=${k} checked=${s.kind === k} onChange=${() => setS({ ...s, kind: k, expr: '' })} /> ${t(`kind.${k}` as Key)}</label>`,
          )}
        </div>
        <div class="field">
          <label for="t-expr">${t(exprLabel[s.kind])}</label>
          <input id="t-expr" name="expr" type=${s.kind === 'once' ? 'datetime-local' : 'text'} value=${s.expr} onInput=${set('expr')} aria-describedby="preview" aria-invalid=${bad('schedule') ?? bad('text') ?? bad(s.kind === 'once' ? 'at' : s.kind)} autocomplete="off" />
          ${s.kind === 'text' ? html`<div class="sub">${t('whenTextHelp')}</div>` : null}
        </div>
        ${field('tz', 'zone', { placeholder: zoneOf({ ...s, tz: '' }, info.zones, info.defaultTz), list: 'zones' })}
        <datalist id="zones">${['Asia/Shanghai', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'].map((z) => html`<option value=${z} />`)}</datalist>
        <div id="preview" class="preview" aria-live="polite">
          <strong>${t('preview')}</strong>
          ${!preview
            ? html`<p class="muted">${t('previewEmpty')}</p>`
            : preview.ok
              ? html`<p id="preview-reading">${preview.p.description[LANG]}</p>
                  <p class="sub">${t('previewIn', { tz: preview.p.tz })}</p>
                  <ol id="preview-next">${preview.p.next.map((n) => html`<li>${when(n, preview.p.tz)}</li>`)}</ol>`
              : html`<p class="msg err" id="preview-error">${preview.error}</p>`}
        </div>
        ${orig ? html`<p class="sub">${t('changeScheduleHint')}</p>` : null}
        <div class="grid3">
          ${field('startAt', 'startAt', { type: 'datetime-local' })}
          ${field('endAt', 'endAt', { type: 'datetime-local' })}
          ${field('maxRuns', 'maxRuns', { type: 'number', min: 1, inputmode: 'numeric' })}
        </div>
        <p class="sub" id="window-zone">${t('windowIn', { tz })}</p>
      </fieldset>
      <fieldset>
        <legend>${t('content')}</legend>
        ${field('name', 'name')}
        <div class="field">
          <label for="t-content">${t('content')}</label>
          <textarea id="t-content" name="content" rows="3" maxlength="4000" value=${s.content} onInput=${set('content')} aria-invalid=${bad('content')}></textarea>
        </div>
        <div class="field">
          <label for="t-chat">${t('chat')}</label>
          <select id="t-chat" name="chat" value=${s.chat} onChange=${set('chat')} disabled=${!!orig}>${chats.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>
        </div>
        <div class="grid2">${field('ownerId', 'ownerId', {}, 'owner')}${field('ownerName', 'ownerName', {}, 'owner')}</div>
      </fieldset>
      <fieldset>
        <legend>${t('action')}</legend>
        ${choice('mode', 'mode', 'mode', ['message', 'command', 'message+command'])}
        ${s.mode !== 'message' && (info.connections.length > 0 || s.actionKind === 'sql')
          ? html`<div class="kinds" role="radiogroup" aria-label=${t('actionKind')}>
              ${(['command', 'sql'] as ActionKind[]).map(
                (k) => html`<label class="radio"><input type="radio" name="actionKind" id=${`runs-${k}`} value=${k} checked=${s.actionKind === k} onChange=${() => setS({ ...s, actionKind: k })} /> ${t(`what.${k}` as Key)}</label>`,
              )}
            </div>`
          : null}
        ${s.mode !== 'message' && s.actionKind === 'sql'
          ? html`<div class="field">
                <label for="t-sql">${t('sqlStatement')}</label>
                <textarea id="t-sql" name="sql" rows="4" maxlength="20000" spellcheck="false" value=${s.sql} onInput=${set('sql')} aria-describedby="sql-help" aria-invalid=${bad('sql')}></textarea>
                <div class="sub" id="sql-help">${t('sqlHelp')}</div>
              </div>
              <div class="field">
                <label for="t-connection">${t('connection')}</label>
                <select id="t-connection" name="connection" value=${s.connection} onChange=${set('connection')} aria-invalid=${bad('connection')}>
                  <option value="">—</option>
                  ${connections.map((c) => html`<option value=${c}>${c}</option>`)}
                </select>
              </div>`
          : null}
        ${s.mode !== 'message' && s.actionKind !== 'sql'
          ? html`<div class="field">
                <label for="t-runOn">${t('runOn')}</label>
                <input id="t-runOn" name="runOn" value=${s.runOn} onInput=${set('runOn')} list="runner-labels" placeholder=${t('thisServer')} autocomplete="off" aria-describedby="run-on-help" aria-invalid=${bad('runOn')} />
                <datalist id="runner-labels">${labels.map((l) => html`<option value=${l} />`)}</datalist>
                <div class="sub" id="run-on-help">${t('runOnHelp')}</div>
              </div>
              ${s.runOn.trim()
                ? html`<div class="field">
                      <label for="t-action">${t('runnerAction')}</label>
                      <input id="t-action" name="action" value=${s.action} onInput=${set('action')} list="action-names" autocomplete="off" aria-describedby="runner-action-help" aria-invalid=${bad('action')} />
                      <datalist id="action-names">${info.actions.map((a) => html`<option value=${a} />`)}</datalist>
                      <div class="sub" id="runner-action-help">${t('runnerNoCommand')}</div>
                    </div>`
                : html`<div class="field">
                      <label for="t-action">${t('action')}</label>
                      <select id="t-action" name="action" value=${s.action} onChange=${set('action')} aria-invalid=${bad('action')}>
                        <option value="">—</option>
                        ${info.actions.map((a) => html`<option value=${a}>${a}</option>`)}
                      </select>
                    </div>
                    <div class="field">
                      <label for="t-command">${t('command')}</label>
                      <textarea id="t-command" name="command" rows="2" value=${s.command} onInput=${set('command')} disabled=${!!s.action} aria-invalid=${bad('command')}></textarea>
                    </div>`}`
          : null}
      </fieldset>
      <fieldset>
        <legend>${t('policies')}</legend>
        <div class="grid3">
          ${choice('misfire', 'misfire', 'misfire', ['skip', 'once', 'all'])}
          ${field('misfireGrace', 'misfireGrace', { type: 'number', min: 0 }, 'misfireGraceMs')}
          ${choice('overlap', 'overlap', 'overlap', ['skip', 'queue', 'parallel'])}
          ${field('overlapMax', 'overlapMax', { type: 'number', min: 1, max: 100 })}
          ${field('retries', 'retries', { type: 'number', min: 0, max: 20 })}
          ${field('backoff', 'backoff', { type: 'number', min: 0 }, 'backoffMs')}
          ${field('timeout', 'timeout', { type: 'number', min: 0.1 }, 'timeoutMs')}
        </div>
        <div class="field">
          <label for="t-notifyUrls">${t('notifyUrls')}</label>
          <textarea id="t-notifyUrls" name="notifyUrls" rows="2" value=${s.notifyUrls} onInput=${set('notifyUrls')} aria-describedby="notify-help" aria-invalid=${bad('notifyUrls')}></textarea>
          <div class="sub" id="notify-help">${t('notifyHelp')}</div>
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('chainLegend')}</legend>
        <div class="grid3">
          ${field('jitter', 'jitter', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'aria-describedby': 'jitter-help' })}
          ${field('thenTask', 'thenTask', { type: 'number', min: 1, inputmode: 'numeric', 'aria-describedby': 'chain-help' }, 'then')}
          ${field('onFailureTask', 'onFailureTask', { type: 'number', min: 1, inputmode: 'numeric', 'aria-describedby': 'chain-help' }, 'onFailure')}
        </div>
        <div class="sub" id="jitter-help">${t('jitterHelp')}</div>
        <div class="sub" id="chain-help">${t('chainHelp')}</div>
      </fieldset>
      <fieldset>
        <legend>${t('chase')}</legend>
        <label class="check"><input type="checkbox" id="t-chaseOn" checked=${s.chaseOn} onChange=${set('chaseOn')} /> ${t('chaseOn')}</label>
        ${s.chaseOn
          ? html`<div class="grid3">
              ${field('chaseEvery', 'chaseEvery', {}, 'chase.every')}
              ${field('chaseMax', 'chaseMax', { type: 'number', min: 1 }, 'chase.max')}
              ${field('chaseUntil', 'chaseUntil', { type: 'time' }, 'chase.until')}
            </div>
            <label class="check"><input type="checkbox" id="t-chaseCloseOnNext" checked=${s.chaseCloseOnNext} onChange=${set('chaseCloseOnNext')} /> ${t('chaseCloseOnNext')}</label>`
          : null}
        <div class="field">
          <label for="t-closers">${t('closers')}</label>
          <select id="t-closers" name="closers" value=${s.closers} onChange=${set('closers')} aria-describedby="closers-help" aria-invalid=${bad('closers')}>
            ${['anyone', 'owner', 'admins'].map((v) => html`<option value=${v}>${word('closers', v)}</option>`)}
          </select>
          <div class="sub" id="closers-help">${t('closersHint')}</div>
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" id="save">${orig ? t('save') : t('createBtn')}</button>
        <a class="button" href=${orig ? `/tasks/${orig.id}?lang=${LANG}` : `/?lang=${LANG}`}>${t('cancel')}</a>
      </div>
    </form>`;
}
