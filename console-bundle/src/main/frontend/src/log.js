import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { get } from './api.js';
import { usePoll } from './poll.js';
import { Problem } from './widgets.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

// GET /admin/log?level=&lines=: the last records of the kernel's log at a level or more severe.
export function Log() {
  const [level, setLevel] = useState('INFO');
  const { data, error } = usePoll(() => get(`/admin/log?level=${level}&lines=300`), 3000, [level]);
  return html`
    <section>
      <h2>Log</h2>
      <label>Level
        <select id="log-level" value=${level} onChange=${(e) => setLevel(e.currentTarget.value)}>
          ${LEVELS.map((l) => html`<option value=${l}>${l} and above</option>`)}
        </select>
      </label>
      <${Problem} error=${error} />
      <ol class="log" id="log">
        ${data && data.slice().reverse().map((r) => html`
          <li class=${'record ' + r.level} data-level=${r.level}>
            <time>${new Date(r.time).toLocaleTimeString()}</time> <b>${r.level}</b>
            <span class="source">[${r.source}]</span> <span class="message">${r.message}</span>
            ${r.exception && html`<div class="exception">${r.exception}</div>`}
          </li>`)}
      </ol>
    </section>`;
}
