import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { get, post, can } from './api.js';
import { Problem } from './widgets.js';

// GET /admin/config (the PIDs) and /admin/config/<pid> (each key with its Metatype name, description,
// type and default); an operator saves changed keys with POST /admin/config/<pid>, and each value the
// definition refuses comes back in the problem's "errors", shown next to its field.
export function Config() {
  const [pids, setPids] = useState(null);
  const [pid, setPid] = useState('');
  const [error, setError] = useState(null);
  useEffect(() => {
    get('/admin/config').then(setPids, setError);
  }, []);
  return html`
    <section>
      <h2>Configuration</h2>
      <${Problem} error=${error} />
      <label>PID
        <select id="config-pid" value=${pid} onChange=${(e) => setPid(e.currentTarget.value)}>
          <option value="">choose a PID…</option>
          ${pids && pids.map((p) => html`<option value=${p.pid}>${p.pid}${p.name ? ' – ' + p.name : ''}</option>`)}
        </select>
      </label>
      ${pid && html`<${Pid} key=${pid} pid=${pid} />`}
    </section>`;
}

function Pid({ pid }) {
  const [config, setConfig] = useState(null);
  const [error, setError] = useState(null);
  const [edits, setEdits] = useState({});
  const [errors, setErrors] = useState({});
  const [saved, setSaved] = useState(null);
  const load = () => get(`/admin/config/${encodeURIComponent(pid)}`).then(setConfig, setError);
  useEffect(() => { load(); }, [pid]);
  const save = async (e) => {
    e.preventDefault();
    setErrors({});
    setSaved(null);
    setError(null);
    try {
      const r = await post(`/admin/config/${encodeURIComponent(pid)}`, { values: edits });
      setSaved(`saved to ${r.file}`);
      setEdits({});
      load();
    } catch (err) {
      if (err.problem && err.problem.errors) {
        setErrors(err.problem.errors);
      } else {
        setError(err);
      }
    }
  };
  if (!config) {
    return html`<${Problem} error=${error} />`;
  }
  const editable = can('operator');
  return html`
    <form class="card config" id="config-form" data-pid=${pid} onSubmit=${save}>
      <h3>${config.name || pid} <small>${pid}${config.definedBy ? ' · ' + config.definedBy : ''}</small></h3>
      ${config.description && html`<p class="hint">${config.description}</p>`}
      ${config.attributes.map((a) => html`
        <div class=${'field' + (errors[a.key] ? ' invalid' : '')} data-key=${a.key}>
          <label for=${'config-' + a.key}>${a.name} <code>${a.key}</code></label>
          ${a.options && a.options.length > 0
            ? html`<select id=${'config-' + a.key} disabled=${!editable}
                value=${edits[a.key] ?? a.value ?? a.default ?? ''}
                onChange=${(e) => setEdits({ ...edits, [a.key]: e.currentTarget.value })}>
                ${a.options.map((o) => html`<option value=${o}>${o}</option>`)}</select>`
            : html`<input id=${'config-' + a.key} type=${a.secret ? 'password' : 'text'} readonly=${!editable}
                value=${edits[a.key] ?? (a.secret ? '' : a.value ?? '')} placeholder=${a.secret && a.value ? a.value
                  : a.default ?? ''}
                onInput=${(e) => setEdits({ ...edits, [a.key]: e.currentTarget.value })} />`}
          ${errors[a.key] && html`<p class="error field-error" id=${'config-error-' + a.key}
            role="alert">${errors[a.key]}</p>`}
          <p class="hint">${a.description || ''}${a.type ? ` (${a.type}` : ''}${a.default ? `, default ${a.default}`
            : ''}${a.type ? ')' : ''}</p>
        </div>`)}
      ${config.rejections.length > 0 && html`<ul class="error">${config.rejections.map((r) => html`
        <li>rejected ${r.key}=${r.value}: ${r.reason}</li>`)}</ul>`}
      ${editable && html`<button type="submit" id="config-save" disabled=${Object.keys(edits).length === 0}>Save</button>`}
      ${saved && html`<span class="done" id="config-saved">${saved}</span>`}
      <${Problem} error=${error} />
    </form>`;
}
