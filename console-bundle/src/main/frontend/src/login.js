import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { login } from './api.js';

// The login form: POST /auth/token with the operator's name and password (etc/keel.users).
export function Login() {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await login(form.username.value, form.password.value);
    } catch (err) {
      setError(err.status === 401 ? 'Wrong user name or password.' : err.message);
      setBusy(false);
    }
  };
  return html`
    <form class="login card" id="login" onSubmit=${submit}>
      <h1>Keel console</h1>
      <label>User <input name="username" id="username" autocomplete="username" required /></label>
      <label>Password <input name="password" id="password" type="password" autocomplete="current-password"
        required /></label>
      ${error && html`<p class="error" id="login-error" role="alert">${error}</p>`}
      <button type="submit" id="login-submit" disabled=${busy}>Log in</button>
    </form>`;
}
