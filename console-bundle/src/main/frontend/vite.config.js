import { defineConfig } from 'vite';

// Built by console-bundle's pom (exec-maven-plugin, the machine's own node/npm) into the bundle's
// resources: served at /console by dev.keel.console.internal.ConsoleServlet, with a CSP that allows
// scripts and styles from 'self' only, so the build must emit no inline script or style.
export default defineConfig({
  base: '/console/',
  build: {
    outDir: process.env.KEEL_CONSOLE_OUT || 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
  },
});
