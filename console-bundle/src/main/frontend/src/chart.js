import { html } from 'htm/preact';

const W = 300;
const H = 90;
const PAD = 4;

// A line over the last 15 minutes (x: time, y: value from 0 to the peak or the threshold), drawn as SVG;
// `threshold` draws a dashed line (the canary's automatic-rollback error rate).
export function Chart({ title, unit, samples, value, threshold, windowMs, now, cls }) {
  const points = samples.map((s) => [s.t, value(s)]).filter((p) => Number.isFinite(p[1]));
  const peak = points.reduce((m, p) => Math.max(m, p[1]), 0);
  const top = Math.max(peak, threshold || 0, unit === '%' ? 5 : 1) * 1.1;
  const x = (t) => PAD + ((t - (now - windowMs)) / windowMs) * (W - 2 * PAD);
  const y = (v) => H - PAD - (v / top) * (H - 2 * PAD);
  const line = points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = points.length ? points[points.length - 1][1] : null;
  return html`
    <figure class=${'chart ' + (cls || '')} data-peak=${peak} data-points=${points.length}>
      <figcaption>${title}
        <span class="last">${last === null ? '–' : fmt(last) + ' ' + unit}</span>
        <span class="peak">peak ${fmt(peak)} ${unit}</span></figcaption>
      <svg viewBox=${`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label=${title}>
        <rect class="frame" x="0" y="0" width=${W} height=${H} />
        ${threshold != null && html`
          <line class="threshold" x1=${PAD} x2=${W - PAD} y1=${y(threshold)} y2=${y(threshold)}>
            <title>automatic rollback above ${threshold}%</title></line>`}
        ${points.length > 1 && html`<polyline class="series" points=${line} />`}
        ${points.map(([t, v]) => html`<circle class="dot" cx=${x(t)} cy=${y(v)} r="2" />`)}
      </svg>
      <div class="axis"><span>−15 min</span><span>now</span></div>
      ${threshold != null && html`<span class="threshold-label">rollback above ${threshold}%</span>`}
    </figure>`;
}

function fmt(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
