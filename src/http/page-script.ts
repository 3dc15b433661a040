// The status page's script, sent inline. Plain ES2017, no build step. Every piece of data is
// put into the page with textContent (via h()), never as HTML, so task names and outputs cannot
// inject markup. It is a string, so it contains no backticks.

/** The status page's inline script. */
export const PAGE_JS = String.raw`
(function () {
  'use strict';
  var T = JSON.parse(document.getElementById('i18n').textContent);
  var LANG = document.documentElement.lang === 'zh' ? 'zh' : 'en';
  var KEY = 'chatcron.token';
  var view = document.getElementById('view');
  var note = document.getElementById('note');
  var timer = null;

  function h(tag, attrs) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] == null || attrs[k] === false) continue;
      if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k]);
      else el.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      (Array.isArray(c) ? c : [c]).forEach(function (x) { el.appendChild(typeof x === 'object' ? x : document.createTextNode(String(x))); });
    }
    return el;
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function t(k) { return T[k] || k; }
  function badge(kind, v) { return h('span', { 'class': 'badge b-' + v, 'data-status': v }, t(kind + '.' + v)); }
  function when(iso) {
    if (!iso) return t('never');
    var d = new Date(iso);
    var s = d.toLocaleString(LANG === 'zh' ? 'zh-CN' : 'en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    var sec = Math.round((d.getTime() - Date.now()) / 1000);
    var rel = typeof Intl.RelativeTimeFormat === 'function' ? rtf(sec) : '';
    return rel ? s + ' (' + rel + ')' : s;
  }
  function rtf(sec) {
    var f = new Intl.RelativeTimeFormat(LANG, { numeric: 'auto' });
    var a = Math.abs(sec);
    if (a < 60) return f.format(sec, 'second');
    if (a < 3600) return f.format(Math.round(sec / 60), 'minute');
    if (a < 86400) return f.format(Math.round(sec / 3600), 'hour');
    return f.format(Math.round(sec / 86400), 'day');
  }
  function say(text, ok) {
    clear(note);
    if (text) note.appendChild(h('div', { 'class': 'msg ' + (ok ? 'ok' : 'err'), role: 'status' }, text));
  }

  function askToken(refused) {
    stop();
    sessionStorage.removeItem(KEY);
    clear(view);
    var input = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'Bearer token' });
    view.appendChild(h('div', { 'class': 'card' },
      h('h2', null, t('tokenTitle')),
      refused ? h('div', { 'class': 'msg err' }, t('badToken')) : null,
      h('p', { 'class': 'muted' }, t('tokenHelp')),
      h('form', { 'class': 'row', id: 'token-form', onsubmit: function (e) {
        e.preventDefault();
        if (!input.value.trim()) return;
        sessionStorage.setItem(KEY, input.value.trim());
        route();
      } }, input, h('button', { 'class': 'primary', type: 'submit' }, t('tokenSave')))));
    input.focus();
  }

  function api(method, path, body) {
    var token = sessionStorage.getItem(KEY);
    if (!token) { askToken(false); return Promise.reject(new Error('no token')); }
    var headers = { Authorization: 'Bearer ' + token, 'Accept-Language': LANG };
    if (body) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (res) {
      if (res.status === 401) { askToken(true); throw new Error('unauthorized'); }
      return res.json().catch(function () { return {}; }).then(function (j) {
        if (!res.ok) throw new Error(j.error || ('HTTP ' + res.status));
        return j;
      });
    });
  }

  function stop() { if (timer) clearTimeout(timer); timer = null; }
  function every(fn) {
    stop();
    timer = setTimeout(function () {
      if (document.hidden) { every(fn); return; }
      Promise.resolve(fn()).catch(function (err) { if (err.message !== 'unauthorized' && err.message !== 'no token') { say(err.message); every(fn); } });
    }, 5000);
  }

  function chatName(c) { return c ? c.platform + ':' + c.chatId : t('none'); }

  function showList() {
    return api('GET', '/api/tasks?limit=500').then(function (j) {
      clear(view);
      view.appendChild(h('h2', null, t('tasks') + ' (' + j.tasks.length + ')'));
      if (!j.tasks.length) { view.appendChild(h('p', { 'class': 'card muted', id: 'empty' }, t('noTasks'))); every(showList); return; }
      var rows = j.tasks.map(function (task) {
        return h('tr', { 'data-id': task.id },
          h('td', { 'data-k': t('name') }, h('a', { href: '/tasks/' + task.id + '?lang=' + LANG }, '#' + task.id + ' ' + task.name)),
          h('td', { 'data-k': t('chat') }, chatName(task.chat)),
          h('td', { 'data-k': t('schedule') }, task.description[LANG], h('div', { 'class': 'sub' }, task.schedule.text)),
          h('td', { 'data-k': t('status') }, badge('st', task.status)),
          h('td', { 'data-k': t('nextRun') }, task.status === 'active' ? when(task.nextRunAt) : t('never')),
          h('td', { 'data-k': t('lastResult') }, task.lastRun ? [badge('run', task.lastRun.status), ' ', h('span', { 'class': 'sub' }, when(task.lastRun.finishedAt || task.lastRun.scheduledFor))] : t('never')));
      });
      view.appendChild(h('table', { 'class': 'tasks' },
        h('thead', null, h('tr', null, ['name', 'chat', 'schedule', 'status', 'nextRun', 'lastResult'].map(function (k) { return h('th', null, t(k)); }))),
        h('tbody', null, rows)));
      every(showList);
    });
  }

  function act(id, verb) {
    return function (e) {
      e.target.disabled = true;
      api('POST', '/api/tasks/' + id + '/' + verb).then(function () {
        say(verb === 'run' ? t('queued') : t('updated'), true);
        return showTask(id);
      }).catch(function (err) { say(err.message); e.target.disabled = false; });
    };
  }

  function showOutput(run, row) {
    var next = row.nextSibling;
    if (next && next.className === 'out') { next.parentNode.removeChild(next); return; }
    api('GET', '/api/runs/' + run.id).then(function (r) {
      var text = [r.message, r.error, r.output].filter(Boolean).join('\n\n') || '—';
      row.parentNode.insertBefore(h('tr', { 'class': 'out' }, h('td', { colspan: 5 }, h('pre', null, text))), row.nextSibling);
    }).catch(function (err) { say(err.message); });
  }

  function showTask(id) {
    return Promise.all([api('GET', '/api/tasks/' + id), api('GET', '/api/tasks/' + id + '/runs?limit=20'), api('GET', '/api/tasks/' + id + '/chases')]).then(function (all) {
      var task = all[0], hist = all[1], chases = all[2].chases;
      clear(view);
      document.title = task.name + ' · chatcron';
      view.appendChild(h('p', null, h('a', { href: '/?lang=' + LANG }, t('back'))));
      view.appendChild(h('div', { 'class': 'card', id: 'task' },
        h('h2', null, '#' + task.id + ' ' + task.name + ' ', badge('st', task.status)),
        h('dl', null,
          h('dt', null, t('schedule')), h('dd', null, task.description[LANG], h('div', { 'class': 'muted' }, task.schedule.text + ' · ' + task.schedule.tz)),
          h('dt', null, t('nextRun')), h('dd', null, task.status === 'active' ? when(task.nextRunAt) : t('never')),
          h('dt', null, t('chat')), h('dd', null, chatName(task.chat)),
          h('dt', null, t('content')), h('dd', null, task.content || '—'),
          h('dt', null, t('mode')), h('dd', null, task.mode + (task.action ? ' · ' + (task.action.name || task.action.argv.join(' ')) : '')),
          task.owner ? [h('dt', null, t('owner')), h('dd', null, task.owner.name)] : null,
          h('dt', null, t('runs')), h('dd', null, String(task.runCount))),
        h('div', { 'class': 'actions' },
          task.status === 'active' ? h('button', { id: 'pause', onclick: act(id, 'pause') }, t('pause')) : null,
          task.status !== 'active' ? h('button', { id: 'resume', onclick: act(id, 'resume') }, t('resume')) : null,
          h('button', { id: 'run', 'class': 'primary', onclick: act(id, 'run') }, t('runNow')))));
      view.appendChild(h('h2', null, t('history') + ' (' + hist.total + ')'));
      if (!hist.runs.length) view.appendChild(h('p', { 'class': 'card muted' }, t('noRuns')));
      else view.appendChild(h('table', { 'class': 'runs', id: 'runs' },
        h('thead', null, h('tr', null, h('th', null, t('scheduled')), h('th', { 'class': 'opt' }, t('trigger')), h('th', null, t('result')), h('th', { 'class': 'opt' }, t('duration')), h('th', null, t('output')))),
        h('tbody', null, hist.runs.map(function (r) {
          var row = h('tr', { 'class': 'run', 'data-run': r.id },
            h('td', null, when(r.scheduledFor)),
            h('td', { 'class': 'opt' }, r.trigger + (r.attempt > 1 ? ' #' + r.attempt : '')),
            h('td', null, badge('run', r.status), r.exitCode != null ? h('span', { 'class': 'sub' }, ' exit ' + r.exitCode) : null),
            h('td', { 'class': 'opt' }, r.durationMs != null ? r.durationMs + ' ms' : '—'),
            h('td', null, h('span', { 'class': 'sub' }, (r.error || r.message || '').slice(0, 80) || '▸')));
          row.addEventListener('click', function () { showOutput(r, row); });
          return row;
        }))));
      view.appendChild(h('h2', null, t('chases')));
      if (!chases.length) view.appendChild(h('p', { 'class': 'card muted' }, t('noChases')));
      else view.appendChild(h('div', { 'class': 'card', id: 'chases' }, chases.map(function (c) {
        return h('div', null, badge('chase', c.open ? 'open' : 'closed'), ' ', when(c.scheduledFor), ' · ', c.count + ' ' + t('reminders'),
          c.open ? ' · ' + t('nextReminder') + ' ' + when(c.nextChaseAt) : ' · ' + (c.closeReason || '') + (c.closedBy ? ' (' + c.closedBy + ')' : ''));
      })));
      // Refreshing re-renders the history; wait while someone reads an opened output.
      var refresh = function () { if (document.querySelector('tr.out')) every(refresh); else showTask(id); };
      every(refresh);
    });
  }

  function route() {
    say('');
    var m = /^\/tasks\/(\d+)\/?$/.exec(location.pathname);
    var p = m ? showTask(Number(m[1])) : showList();
    p.catch(function (err) { if (err.message !== 'unauthorized' && err.message !== 'no token') say(err.message); });
  }

  T['chase.open'] = T.open; T['chase.closed'] = T.closed;
  document.getElementById('change-token').addEventListener('click', function () { askToken(false); });
  var form = document.getElementById('chat-form');
  var replies = document.getElementById('replies');
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('chat-text');
    var text = input.value.trim();
    if (!text) return;
    var btn = form.querySelector('button');
    btn.disabled = true;
    api('POST', '/api/chat', { text: text, lang: LANG }).then(function (j) {
      clear(replies);
      j.replies.forEach(function (r) { replies.appendChild(h('div', { 'class': 'reply' }, r.text)); });
      input.value = '';
      route();
    }).catch(function (err) {
      clear(replies);
      replies.appendChild(h('div', { 'class': 'reply msg err' }, err.message));
    }).then(function () { btn.disabled = false; });
  });
  route();
})();
`;
