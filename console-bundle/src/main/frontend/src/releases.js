import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { get, post, can } from './api.js';
import { usePoll } from './poll.js';
import { Confirm, Problem } from './widgets.js';

// GET /admin/releases: each plugin's versions side by side; the operator's canary, promote and rollback
// and the admin's install are POSTs to /admin, the same kernel service as the shell's, audited there.
export function Releases() {
  const releases = usePoll(() => get('/admin/releases'), 3000);
  return html`
    <section>
      <h2>Releases</h2>
      <${Problem} error=${releases.error} />
      ${releases.data && releases.data.map((r) => html`
        <${Release} key=${r.plugin} release=${r} reload=${releases.reload} />`)}
      ${can('admin') && html`<${Install} reload=${releases.reload} />`}
    </section>`;
}

function short(version) {
  return version.split('.').slice(0, 3).join('.');
}

function Release({ release, reload }) {
  const r = release;
  const stable = r.versions.find((v) => v.role === 'stable');
  const candidates = r.versions.filter((v) => v.state === 'ACTIVE' && v !== stable);
  const done = (p) => p.then((x) => { reload(); return x; });
  return html`
    <article class="card release" data-plugin=${r.plugin}>
      <h3>${r.plugin} ${r.canary && html`<small>canary ${r.canary} at ${r.weight}%</small>`}</h3>
      <div class="scroll">
        <table class="versions">
          <thead><tr><th>Version</th><th>Bundle</th><th>State</th><th>Role</th><th>Weight</th>
            <th>Requests</th><th>Errors</th></tr></thead>
          <tbody>
            ${r.versions.map((v) => html`
              <tr class="version" data-version=${short(v.version)} data-role=${v.role}>
                <td title=${v.version}>${short(v.version)}</td><td>${v.bundleId}</td><td>${v.state}</td>
                <td><span class=${'role ' + v.role}>${v.role}</span></td>
                <td class="weight">${v.weight}%</td><td>${v.requests}</td><td>${v.errors}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      ${can('operator') && html`
        <div class="actions">
          ${candidates.length > 0 && html`<${Canary} release=${r} candidates=${candidates} done=${done} />`}
          ${r.canary && html`
            <${Confirm} id=${'promote-' + r.plugin} label="Promote"
              question=${`Send all of ${r.plugin} to ${r.canary} and remove the other versions?`}
              act=${() => done(post(`/admin/releases/${encodeURIComponent(r.plugin)}/promote`, {}))} />
            <${Confirm} id=${'rollback-' + r.plugin} label="Roll back" danger=${true}
              question=${`Take ${r.plugin} ${r.canary} out of the traffic and uninstall it?`}
              act=${() => done(post(`/admin/releases/${encodeURIComponent(r.plugin)}/rollback`, {}))} />`}
        </div>`}
    </article>`;
}

function Canary({ release, candidates, done }) {
  const r = release;
  const [version, setVersion] = useState(r.canary || short(candidates[candidates.length - 1].version));
  const [weight, setWeight] = useState(r.canary ? r.weight : 0);
  const id = 'canary-' + r.plugin;
  return html`
    <div class="canary">
      <label>Canary
        <select id=${id + '-version'} value=${version} onChange=${(e) => setVersion(e.currentTarget.value)}>
          ${candidates.map((v) => html`<option value=${short(v.version)}>${short(v.version)}</option>`)}
        </select>
      </label>
      <label class="slider">Weight
        <input type="range" id=${id + '-weight'} min="0" max="100" step="1" value=${weight}
          onInput=${(e) => setWeight(Number(e.currentTarget.value))} />
        <output id=${id + '-weight-value'}>${weight}%</output>
      </label>
      <${Confirm} id=${id + '-set'} label="Set canary"
        question=${`Send ${weight}% of ${r.plugin} to ${version}?`}
        act=${() => done(post(`/admin/releases/${encodeURIComponent(r.plugin)}/canary`, { version, weight }))} />
    </div>`;
}

function Install({ reload }) {
  const jars = usePoll(() => get('/admin/artifacts'), 10000);
  return html`
    <article class="card install">
      <h3>Install a plugin</h3>
      <p class="hint">Jars in <code>examples/</code> and <code>deploy/</code> of the Keel home.</p>
      <${Problem} error=${jars.error} />
      <ul class="jars">
        ${jars.data && jars.data.jars.map((j) => html`
          <li data-jar=${j.location}>
            <code>${j.location}</code>
            <${Confirm} id=${'install-' + j.location.replace(/[^a-zA-Z0-9]+/g, '-')} label="Install"
              question=${`Install ${j.location}?`}
              act=${() => post('/admin/plugins/install', { location: j.location }).then((x) => { reload(); return x; })} />
          </li>`)}
      </ul>
    </article>`;
}
