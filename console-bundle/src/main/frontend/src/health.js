import { html } from 'htm/preact';
import { health } from './api.js';
import { usePoll } from './poll.js';
import { Problem } from './widgets.js';

// GET /health with the token: UP or DOWN, each plugin, what start-up waits for, the failing checks.
export function Health() {
  const { data, error } = usePoll(health, 3000);
  return html`
    <section>
      <h2>Health</h2>
      <${Problem} error=${error} />
      ${data && html`
        <p id="health-status" class=${'state ' + (data.status === 'UP' ? 'ACTIVE' : 'FAILED')}>${data.status}</p>
        ${data.failing && html`<ul class="failing">${data.failing.map((f) => html`
          <li><b>${f.kind} ${f.name}</b>: ${f.reason}</li>`)}</ul>`}
        ${data.pending && html`<p>Waiting for: ${data.pending.join(', ')}</p>`}
        <div class="scroll"><table>
          <thead><tr><th>Plugin</th><th>Version</th><th>State</th><th>Why</th></tr></thead>
          <tbody>${(data.plugins || []).map((p) => html`
            <tr><td>${p.name}</td><td>${p.version}</td><td><span class=${'state ' + p.state}>${p.state}</span></td>
              <td>${p.failure || (p.waitingFor ? 'waiting for ' + p.waitingFor.join(', ') : '')}</td></tr>`)}</tbody>
        </table></div>`}
    </section>`;
}
