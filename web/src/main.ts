import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, token, whenUnauthorized } from './api.ts';
import { ChatBox } from './chat-box.ts';
import { TaskForm } from './form.ts';
import { LANG, t } from './i18n.ts';
import { TaskList } from './list.ts';
import { Notice, flash, type Toast } from './notice.ts';
import { RunnersPage } from './runners.ts';
import { TaskPage } from './task-page.ts';
import type { ConsoleInfo } from './types.ts';
import { html } from './ui.ts';

type Route = { view: 'list' } | { view: 'task'; id: number } | { view: 'new' } | { view: 'edit'; id: number } | { view: 'runners' };

function routeOf(path: string): Route {
  const m = /^\/tasks\/(\d+)(\/edit)?\/?$/.exec(path);
  if (m) return m[2] ? { view: 'edit', id: Number(m[1]) } : { view: 'task', id: Number(m[1]) };
  if (/^\/tasks\/new\/?$/.test(path)) return { view: 'new' };
  if (/^\/runners\/?$/.test(path)) return { view: 'runners' };
  return { view: 'list' };
}

function TokenPrompt({ refused, onSaved }: { refused: boolean; onSaved: () => void }) {
  const [value, setValue] = useState('');
  return html`<section class="card" aria-labelledby="token-title">
    <h2 id="token-title">${t('tokenTitle')}</h2>
    ${refused ? html`<p class="msg err" role="alert">${t('badToken')}</p>` : null}
    <p class="muted" id="token-help">${t('tokenHelp')}</p>
    <form class="row" id="token-form" onSubmit=${(e: Event) => {
      e.preventDefault();
      if (!value.trim()) return;
      token.set(value.trim());
      onSaved();
    }}>
      <label class="sr-only" for="token">${t('tokenTitle')}</label>
      <input type="password" id="token" autocomplete="off" aria-describedby="token-help" value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
      <button class="primary" type="submit">${t('tokenSave')}</button>
    </form>
  </section>`;
}

function App() {
  const route = routeOf(location.pathname);
  const [auth, setAuth] = useState<'ok' | 'ask' | 'refused'>(token.get() ? 'ok' : 'ask');
  const [info, setInfo] = useState<ConsoleInfo | null>(null);
  const [toast, setToast] = useState<Toast | null>(flash.take());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    whenUnauthorized(() => {
      const had = token.get() != null;
      token.clear();
      setAuth(had ? 'refused' : 'ask');
    });
  }, []);
  useEffect(() => {
    if (auth !== 'ok') return;
    api<ConsoleInfo>('GET', '/api/console').then(setInfo, () => {});
  }, [auth, tick]);

  const say = (text: string, ok = true) => text && setToast({ text, ok });
  const other = LANG === 'zh' ? 'en' : 'zh';
  const here = `${location.pathname}?lang=${other}`;
  let body;
  if (auth !== 'ok') body = html`<${TokenPrompt} refused=${auth === 'refused'} onSaved=${() => setAuth('ok')} />`;
  else if (!info) body = html`<p class="muted">${t('loading')}</p>`;
  else if (route.view === 'list') body = html`<${TaskList} info=${info} say=${say} refresh=${tick} />`;
  else if (route.view === 'runners') body = html`<${RunnersPage} info=${info} say=${say} />`;
  else if (route.view === 'task') body = html`<${TaskPage} id=${route.id} info=${info} say=${say} refresh=${tick} />`;
  else body = html`<${TaskForm} id=${route.view === 'edit' ? route.id : null} info=${info} say=${say} />`;

  return html`
    <a class="skip" href="#main">${LANG === 'zh' ? '跳到正文' : 'Skip to content'}</a>
    <header class="top">
      <h1><a href=${`/?lang=${LANG}`}>${t('title')}</a></h1>
      <nav aria-label=${t('title')}>
        <a href=${`/?lang=${LANG}`} aria-current=${route.view === 'list' ? 'page' : undefined}>${t('tasks')}</a>
        <a id="nav-runners" href=${`/runners?lang=${LANG}`} aria-current=${route.view === 'runners' ? 'page' : undefined}>${t('runners')}</a>
        ${info?.role === 'admin' ? html`<a id="new-task" href=${`/tasks/new?lang=${LANG}`} aria-current=${route.view === 'new' ? 'page' : undefined}>${t('newTask')}</a>` : null}
        <a id="lang-switch" href=${here} lang=${other}>${t('language')}</a>
        <button type="button" id="change-token" onClick=${() => { token.clear(); setAuth('ask'); }}>${t('token')}</button>
      </nav>
    </header>
    <div class="layout">
      <main id="main" tabindex="-1">
        <${Notice} toast=${toast} clear=${() => setToast(null)} />
        ${info?.role === 'read' ? html`<p class="msg warn">${t('readOnly')}</p>` : null}
        ${body}
      </main>
      ${auth === 'ok' && info ? html`<${ChatBox} info=${info} onActivity=${() => setTick((n) => n + 1)} />` : null}
    </div>
    <footer class="foot muted">${t('zoneRule', { tz: info?.defaultTz ?? '…' })}</footer>`;
}

const root = document.getElementById('app')!;
// The shell's "Loading…" is plain HTML: Preact would keep it beside the app, so it goes first.
root.textContent = '';
render(html`<${App} />`, root);
