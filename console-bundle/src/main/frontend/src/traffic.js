import { html } from 'htm/preact';
import { get } from './api.js';
import { usePoll } from './poll.js';
import { Chart } from './chart.js';
import { Problem } from './widgets.js';

// GET /admin/traffic: the kernel's samples of the routed requests per plugin version (the last 15
// minutes), polled every 5 s: requests/s, error rate and p99 latency; on the canary's error rate the
// automatic-rollback threshold of keel.release.
export function Traffic() {
  const { data, error } = usePoll(() => get('/admin/traffic'), 5000);
  return html`
    <section>
      <h2>Traffic <small>last 15 minutes</small></h2>
      <${Problem} error=${error} />
      ${data && data.plugins.length === 0 && html`<p>No plugin has served a request yet.</p>`}
      ${data && data.plugins.map((p) => html`
        <article class="card traffic" data-plugin=${p.plugin}>
          <h3>${p.plugin} ${p.canary && html`<small>canary ${p.canary}</small>`}</h3>
          <div class="versions-charts">
            ${p.versions.map((v) => html`
              <div class="version-charts" data-version=${v.version.split('.').slice(0, 3).join('.')}
                data-role=${v.role}>
                <h4>${v.version} <span class=${'role ' + v.role}>${v.role}</span></h4>
                <${Chart} cls="rps" title="requests/s" unit="req/s" samples=${v.samples} value=${(s) => s.rps}
                  windowMs=${data.windowS * 1000} now=${data.now} />
                <${Chart} cls="errors" title="error rate" unit="%" samples=${v.samples}
                  value=${(s) => s.errorRate} windowMs=${data.windowS * 1000} now=${data.now}
                  threshold=${v.role === 'canary' && data.rollbackEnabled ? data.rollbackErrorRate : null} />
                <${Chart} cls="p99" title="p99 latency" unit="ms" samples=${v.samples} value=${(s) => s.p99Ms}
                  windowMs=${data.windowS * 1000} now=${data.now} />
              </div>`)}
          </div>
        </article>`)}
    </section>`;
}
