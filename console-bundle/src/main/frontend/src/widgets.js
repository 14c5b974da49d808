import { useState } from 'preact/hooks';
import { html } from 'htm/preact';

export function Problem({ error }) {
  return error ? html`<p class="error" role="alert">${error.message}</p>` : null;
}

// A button that asks before it acts: the question and Confirm / Cancel in place (no window.confirm, so
// it reads the same on a phone); `act` returns a promise, whose failure is shown beside the button.
export function Confirm({ id, label, question, act, danger }) {
  const [asking, setAsking] = useState(false);
  const [state, setState] = useState({ busy: false, error: null, done: null });
  const go = async () => {
    setState({ busy: true, error: null, done: null });
    try {
      const r = await act();
      setState({ busy: false, error: null, done: r && r.result ? r.result : 'done' });
    } catch (e) {
      setState({ busy: false, error: e, done: null });
    }
    setAsking(false);
  };
  return html`
    <span class="confirm">
      ${asking
        ? html`<span class="ask" role="alertdialog">${question}
            <button id=${id + '-confirm'} class=${danger ? 'danger' : ''} disabled=${state.busy}
              onClick=${go}>Confirm</button>
            <button id=${id + '-cancel'} class="link" onClick=${() => setAsking(false)}>Cancel</button></span>`
        : html`<button id=${id} class=${danger ? 'danger' : ''} onClick=${() => setAsking(true)}>${label}</button>`}
      ${state.busy && html`<span class="busy">working…</span>`}
      ${state.done && html`<span class="done" id=${id + '-done'}>${state.done}</span>`}
      ${state.error && html`<span class="error" id=${id + '-error'} role="alert">${state.error.message}</span>`}
    </span>`;
}
