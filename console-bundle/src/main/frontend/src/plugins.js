import { html } from 'htm/preact';
import { get } from './api.js';
import { usePoll } from './poll.js';
import { Problem } from './widgets.js';

// GET /admin/plugins: every plugin instance, its state and why it is not ACTIVE.
export function Plugins() {
  const { data, error } = usePoll(() => get('/admin/plugins'), 3000);
  return html`
    <section>
      <h2>Plugins</h2>
      <${Problem} error=${error} />
      ${data && html`
      <div class="scroll">
        <table id="plugins">
          <thead><tr><th>Plugin</th><th>Version</th><th>State</th><th>Priority</th><th>Requires</th>
            <th>Why not active</th><th>Started</th></tr></thead>
          <tbody>
            ${data.map((p) => html`
              <tr class="plugin" data-name=${p.name} data-state=${p.state}>
                <td>${p.name}</td><td>${p.version}</td>
                <td><span class=${'state ' + p.state}>${p.state}</span></td>
                <td>${p.priority}</td><td>${(p.requires || []).join(', ')}</td>
                <td>${why(p)}</td>
                <td>${p.startedAt ? new Date(p.startedAt).toLocaleString() : ''}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>`}
    </section>`;
}

function why(p) {
  if (p.state === 'ACTIVE') {
    return '';
  }
  if (p.failure) {
    return p.failure;
  }
  if (p.waitingFor && p.waitingFor.length) {
    return 'waiting for ' + p.waitingFor.join(', ');
  }
  return p.state.toLowerCase();
}
