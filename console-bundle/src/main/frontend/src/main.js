import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { session, logout } from './api.js';
import { Login } from './login.js';
import { Plugins } from './plugins.js';
import { Releases } from './releases.js';
import { Traffic } from './traffic.js';
import { Breakers } from './breakers.js';
import { Health } from './health.js';
import { Log } from './log.js';
import { Config } from './config.js';
import './console.css';

// The pages, by the hash of the URL (#plugins, #releases, ...): the server serves one index.html.
const PAGES = [
  ['plugins', 'Plugins', Plugins],
  ['releases', 'Releases', Releases],
  ['traffic', 'Traffic', Traffic],
  ['breakers', 'Breakers', Breakers],
  ['health', 'Health', Health],
  ['log', 'Log', Log],
  ['config', 'Configuration', Config],
];

function currentPage() {
  const name = (location.hash || '#plugins').slice(1);
  return PAGES.find((p) => p[0] === name) || PAGES[0];
}

function App() {
  const [s, setSession] = useState(session());
  const [page, setPage] = useState(currentPage());
  useEffect(() => {
    const onSession = () => setSession(session());
    const onHash = () => setPage(currentPage());
    window.addEventListener('keel-session', onSession);
    window.addEventListener('hashchange', onHash);
    return () => {
      window.removeEventListener('keel-session', onSession);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);
  if (!s) {
    return html`<${Login} />`;
  }
  const [name, , Page] = page;
  return html`
    <header class="top">
      <span class="brand">Keel</span>
      <nav>
        ${PAGES.map(([n, label]) => html`
          <a href=${'#' + n} class=${n === name ? 'on' : ''} id=${'nav-' + n}>${label}</a>`)}
      </nav>
      <span class="who" id="who">${s.user} · ${s.roles.filter((r) => ['admin', 'operator', 'viewer'].includes(r))
        .join(', ')}</span>
      <button class="link" id="logout" onClick=${logout}>Log out</button>
    </header>
    <main><${Page} /></main>`;
}

render(html`<${App} />`, document.getElementById('app'));
