import { t, word } from './i18n.ts';
import { span, when } from './time.ts';
import type { Summary } from './types.ts';
import { html } from './ui.ts';

const W = 300;
const H = 80;

/**
 * Success rate and duration over the task's latest runs: one bar per run, its height the run's
 * duration, its colour (and its title, for those who cannot tell colours apart) the result.
 * SVG attributes only: the CSP allows no inline style.
 */
export function RunChart({ stats, tz }: { stats: Summary['stats']; tz: string }) {
  if (!stats || stats.points.length === 0) return html`<p class="muted" id="chart-empty">${t('noStats')}</p>`;
  const max = Math.max(1, ...stats.points.map((p) => p.durationMs ?? 0));
  const n = stats.points.length;
  const slot = W / Math.max(n, 10);
  const rate = stats.successRate == null ? '—' : `${Math.round(stats.successRate * 100)}%`;
  const label = t('chartLabel', { n, rate, avg: span(stats.avgDurationMs), max: span(max) });
  return html`<figure class="chart" id="run-chart">
    <svg viewBox=${`0 0 ${W} ${H}`} width="100%" height=${H} role="img" aria-label=${label} preserveAspectRatio="none">
      <line x1="0" y1=${H - 0.5} x2=${W} y2=${H - 0.5} class="axis" />
      ${stats.points.map((p, i) => {
        const h = Math.max(2, ((p.durationMs ?? 0) / max) * (H - 4));
        return html`<rect class=${`bar r-${p.status}`} data-status=${p.status} x=${i * slot + 1} y=${H - h} width=${Math.max(1, slot - 2)} height=${h}>
          <title>${`#${p.id} ${when(p.at, tz)} · ${word('run', p.status)} · ${span(p.durationMs)}`}</title>
        </rect>`;
      })}
    </svg>
    <figcaption id="chart-caption">${t('successRate')}: <strong id="success-rate">${rate}</strong> (${stats.succeeded}/${stats.finished}) · ${t('avgDuration')}: <span id="avg-duration">${span(stats.avgDurationMs)}</span> · ${t('longest')}: ${span(max)}</figcaption>
  </figure>`;
}
