/** The status page's stylesheet: one column on phones, a table on wider screens. */
export const PAGE_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--mute:#667085;--line:#e4e7ec;--ok:#067647;--okbg:#dcfae6;--bad:#b42318;--badbg:#fee4e2;--warn:#b54708;--warnbg:#fef0c7;--info:#175cd3;--infobg:#d1e9ff;--acc:#3e4ccf}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;background:var(--bg);color:var(--ink)}
header{display:flex;align-items:center;gap:12px;padding:10px 16px;background:var(--card);border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
header h1{font-size:17px;margin:0;flex:1}
header h1 a{color:inherit;text-decoration:none}
header nav{display:flex;gap:8px;align-items:center;font-size:14px}
a{color:var(--acc)}
main{max-width:1100px;margin:0 auto;padding:16px 16px 24px;min-height:calc(100vh - 140px)}
h2{font-size:16px;margin:18px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;margin-bottom:12px}
.card h2{margin-top:0}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden}
th,td{text-align:left;padding:9px 10px;border-bottom:1px solid var(--line);vertical-align:top;font-size:14px}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--mute);background:#fafbfc}
tr:last-child td{border-bottom:0}
td .sub{color:var(--mute);font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;background:#eef0f3;color:var(--mute)}
.b-succeeded,.b-active{background:var(--okbg);color:var(--ok)}
.b-failed,.b-timed_out,.b-interrupted{background:var(--badbg);color:var(--bad)}
.b-paused,.b-skipped,.b-queued{background:var(--warnbg);color:var(--warn)}
.b-running,.b-open{background:var(--infobg);color:var(--info)}
button{font:inherit;border:1px solid var(--line);background:var(--card);border-radius:8px;padding:7px 14px;cursor:pointer;color:var(--ink)}
button.primary{background:var(--acc);border-color:var(--acc);color:#fff}
button:disabled{opacity:.5;cursor:default}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:10px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:8px 0 0}
dt{color:var(--mute)}dd{margin:0;word-break:break-word}
pre{white-space:pre-wrap;word-break:break-word;background:#0f172a;color:#e2e8f0;padding:10px;border-radius:8px;font-size:12.5px;max-height:320px;overflow:auto;margin:6px 0 0}
.muted{color:var(--mute)}
.msg{padding:8px 12px;border-radius:8px;margin-bottom:10px}
.msg.err{background:var(--badbg);color:var(--bad)}
.msg.ok{background:var(--okbg);color:var(--ok)}
input[type=text],input[type=password]{font:inherit;flex:1;min-width:0;padding:8px 10px;border:1px solid var(--line);border-radius:8px}
form.row{display:flex;gap:8px}
#chat{position:sticky;bottom:0;background:var(--card);border-top:1px solid var(--line);padding:10px 16px calc(10px + env(safe-area-inset-bottom))}
#chat .inner{max-width:1100px;margin:0 auto}
#replies{max-height:110px;overflow:auto;font-size:13px;white-space:pre-wrap;margin-bottom:6px}
#replies:empty{display:none}
tr.run{cursor:pointer}
@media (max-width:700px){
  table.tasks thead{display:none}
  table.tasks,table.tasks tbody,table.tasks tr,table.tasks td{display:block;width:100%}
  table.tasks{background:none;border:0}
  table.tasks tr{background:var(--card);border:1px solid var(--line);border-radius:10px;margin-bottom:10px;padding:6px 4px}
  table.tasks td{border:0;padding:3px 10px 3px 100px;position:relative;min-height:26px}
  table.tasks td[data-k]::before{content:attr(data-k);position:absolute;left:10px;top:5px;width:84px;color:var(--mute);font-size:12px}
  table.runs .opt{display:none}
  main{padding:12px 10px 16px}
}
`;
