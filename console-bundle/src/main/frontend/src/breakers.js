import { html } from 'htm/preact';
import { get, post, can } from './api.js';
import { usePoll } from './poll.js';
import { Confirm, Problem } from './widgets.js';

// GET /admin/breakers: the circuit breaker of each plugin version; an operator resets a plugin's breakers.
export function Breakers() {
  const { data, error, reload } = usePoll(() => get('/admin/breakers'), 3000);
  const plugins = data ? [...new Set(data.map((b) => b.plugin))] : [];
  return html`
    <section>
      <h2>Circuit breakers</h2>
      <${Problem} error=${error} />
      ${data && data.length === 0 && html`<p>No breaker yet: one appears with a plugin version's first call.</p>`}
      ${data && data.length > 0 && html`
        <div class="scroll"><table id="breakers">
          <thead><tr><th>Plugin</th><th>Version</th><th>State</th><th>Failure rate</th><th>Calls</th>
            <th>Failed</th><th>Refused</th><th>Last transition</th></tr></thead>
          <tbody>${data.map((b) => html`
            <tr class="breaker" data-plugin=${b.plugin} data-state=${b.state}>
              <td>${b.plugin}</td><td>${b.version}</td><td><span class=${'state ' + b.state}>${b.state}</span></td>
              <td>${b.failureRate < 0 ? '–' : b.failureRate.toFixed(1) + '%'}</td><td>${b.calls}</td>
              <td>${b.failedCalls}</td><td>${b.notPermittedCalls}</td>
              <td>${b.lastTransition ? new Date(b.lastTransition).toLocaleString() + ' ' + (b.lastChange || '') : ''}</td>
            </tr>`)}</tbody>
        </table></div>
        ${can('operator') && html`<div class="actions">${plugins.map((p) => html`
          <${Confirm} id=${'reset-' + p} label=${'Reset ' + p} question=${`Close every breaker of ${p}?`}
            act=${() => post(`/admin/breakers/${encodeURIComponent(p)}/reset`, {}).then((x) => { reload(); return x; })} />`)}
        </div>`}`}
    </section>`;
}
