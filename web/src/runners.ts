import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { Confirm } from './confirm.ts';
import { t } from './i18n.ts';
import { ago, when } from './time.ts';
import type { ConsoleInfo, Runner } from './types.ts';
import { Badge, html } from './ui.ts';

type Say = (text: string, ok?: boolean) => void;
type Added = { name: string; labels: string[]; token: string };

function refusal(e: unknown): string {
  return e instanceof ApiError && e.status === 403 ? t('readOnly') : (e as Error).message;
}

/** The command that starts a runner against this server. */
function startCommand(token: string): string {
  return `npx chatcron runner --server ${location.origin} --token ${token}`;
}

/**
 * Copies text; without the Clipboard API (a page over plain HTTP that is not localhost) it
 * selects the field and asks the browser to copy the selection.
 */
async function copy(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** A read-only field with a Copy button and a word on how the copy went. */
function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'' | 'ok' | 'no'>('');
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <div class="row copy">
      <input id=${id} readonly value=${value} ref=${ref} spellcheck=${false} autocomplete="off" onFocus=${(e: Event) => (e.target as HTMLInputElement).select()} />
      <button type="button" id=${`${id}-copy`} aria-describedby=${`${id}-state`} onClick=${async () => setState((await copy(value, ref.current)) ? 'ok' : 'no')}>${t('copy')}</button>
    </div>
    <span class=${`sub ${state === 'no' ? 'bad' : ''}`} id=${`${id}-state`} role="status">${state === 'ok' ? t('copied') : state === 'no' ? t('copyFailed') : ''}</span>
  </div>`;
}

/** The token of a runner just added: shown this once, with how to start the runner. */
function NewToken({ added, onDone }: { added: Added; onDone: () => void }) {
  const title = useRef<HTMLHeadingElement>(null);
  // Focus moves here so that a screen reader announces the token panel, not just the table.
  useEffect(() => title.current?.focus(), [added.token]);
  return html`<section class="card token-once" id="new-token" aria-labelledby="new-token-title">
    <h3 id="new-token-title" tabindex="-1" ref=${title}>${t('runnerAdded', { name: added.name })}</h3>
    <p class="msg warn" id="token-once-note"><strong>${t('tokenOnce')}</strong></p>
    <${CopyField} id="runner-token" label=${t('runnerToken')} value=${added.token} />
    <${CopyField} id="runner-command" label=${t('startRunner')} value=${startCommand(added.token)} />
    <div class="actions"><button type="button" class="primary" id="token-done" onClick=${onDone}>${t('tokenDone')}</button></div>
  </section>`;
}

/** The runners: state, labels, version, last heartbeat; add one (token shown once) and revoke. */
export function RunnersPage({ info, say }: { info: ConsoleInfo; say: Say }) {
  const [list, setList] = useState<Runner[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [labels, setLabels] = useState('');
  const [formError, setFormError] = useState<{ text: string; field?: string } | null>(null);
  const [added, setAdded] = useState<Added | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const admin = info.role === 'admin';
  const tz = info.defaultTz;

  useEffect(() => {
    document.title = `${t('runners')} · chatcron`;
    let alive = true;
    const load = () =>
      api<{ runners: Runner[] }>('GET', '/api/runners').then(
        (j) => {
          if (!alive) return;
          setList(j.runners);
          setLoadError(null);
        },
        (e: Error) => alive && setLoadError(refusal(e)),
      );
    load();
    // States and "ago" move with time: a runner goes offline without anyone touching it.
    const iv = setInterval(() => !document.hidden && load(), 5000);
    return () => {
      alive = false;
      clearInterval(iv);
    };
  }, [tick]);

  const add = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    setBusy(true);
    try {
      const made = await api<Added>('POST', '/api/runners', { name: name.trim(), labels: labels.split(/[\s,，]+/).map((l) => l.trim()).filter(Boolean) });
      setAdded(made);
      setName('');
      setLabels('');
      setTick((n) => n + 1);
    } catch (err) {
      const a = err as ApiError;
      setFormError({ text: refusal(a), field: a.field });
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (who: string) => {
    setAsking(null);
    try {
      await api('POST', `/api/runners/${encodeURIComponent(who)}/revoke`);
      // Revoked at once on the server: show it so now, not at the next poll.
      setList((l) => l && l.map((r) => (r.name === who ? { ...r, state: 'revoked' } : r)));
      say(t('runnerRevoked', { name: who }), true);
      setTick((n) => n + 1);
    } catch (err) {
      say(refusal(err), false);
    }
  };
  const bad = (f: string) => (formError?.field === f ? 'true' : undefined);
  const example = html`<code class="cmd" id="start-example">${startCommand('TOKEN')}</code>`;

  return html`<section aria-labelledby="runners-title">
      <h2 id="runners-title">${t('runners')}${list ? ` (${list.length})` : ''}</h2>
      <p class="muted">${t('runnersIntro')}</p>
      ${added ? html`<${NewToken} added=${added} onDone=${() => setAdded(null)} />` : null}
      ${loadError
        ? html`<p class="msg err" role="alert" id="runners-error">${loadError}</p>`
        : !list
          ? html`<p class="muted">${t('loading')}</p>`
          : list.length === 0
            ? html`<div class="card" id="no-runners"><p class="muted">${t('noRunners')}</p>${example}</div>`
            : html`<table class="runners" id="runners">
                <caption class="sr-only">${t('runners')}</caption>
                <thead><tr>${(['name', 'labels', 'state', 'version', 'lastHeartbeat'] as const).map((k) => html`<th scope="col">${t(k)}</th>`)}${admin ? html`<th scope="col"><span class="sr-only">${t('actionsCol')}</span></th>` : null}</tr></thead>
                <tbody>
                  ${list.map(
                    (r) => html`<tr data-runner=${r.name}>
                      <td data-k=${t('name')}><strong>${r.name}</strong></td>
                      <td data-k=${t('labels')}>${r.labels.length ? r.labels.map((l) => html`<code class="label">${l}</code> `) : '—'}</td>
                      <td data-k=${t('state')}><${Badge} kind="rs" value=${r.state} /></td>
                      <td data-k=${t('version')}>${r.version ?? '—'}${r.host ? html`<div class="sub">${t('host')}: ${r.host}</div>` : null}</td>
                      <td data-k=${t('lastHeartbeat')}>${r.lastSeenAt
                        ? html`<time datetime=${r.lastSeenAt} class="ago">${ago(r.lastSeenAt)}</time><div class="sub when">${when(r.lastSeenAt, tz)}</div>`
                        : html`<span class="ago">${t('never')}</span>`}</td>
                      ${admin
                        ? html`<td data-k=${t('actionsCol')}>${r.state !== 'revoked'
                            ? html`<button type="button" class="danger revoke" aria-label=${`${t('revoke')} ${r.name}`} onClick=${() => setAsking(r.name)}>${t('revoke')}</button>`
                            : null}</td>`
                        : null}
                    </tr>`,
                  )}
                </tbody>
              </table>`}
    </section>
    ${admin
      ? html`<form class="card" id="runner-form" onSubmit=${add} novalidate aria-labelledby="runner-form-title">
          <h2 id="runner-form-title">${t('addRunner')}</h2>
          ${formError ? html`<p class="msg err" role="alert" id="runner-form-error">${formError.text}</p>` : null}
          <div class="grid2">
            <div class="field">
              <label for="r-name">${t('runnerName')}</label>
              <input id="r-name" name="name" required maxlength="100" autocomplete="off" value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} aria-invalid=${bad('name')} />
            </div>
            <div class="field">
              <label for="r-labels">${t('labels')}</label>
              <input id="r-labels" name="labels" autocomplete="off" value=${labels} onInput=${(e: Event) => setLabels((e.target as HTMLInputElement).value)} aria-describedby="r-labels-help" aria-invalid=${bad('labels')} />
              <div class="sub" id="r-labels-help">${t('labelsHelp')}</div>
            </div>
          </div>
          <div class="actions"><button type="submit" class="primary" id="add-runner" disabled=${busy}>${t('addRunnerBtn')}</button></div>
        </form>`
      : html`<p class="card muted" id="runners-admin-only">${t('adminOnlyRunners')}</p>`}
    ${asking ? html`<${Confirm} text=${t('confirmRevoke', { name: asking })} yes=${t('revoke')} onYes=${() => revoke(asking)} onNo=${() => setAsking(null)} />` : null}`;
}
