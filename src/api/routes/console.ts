// /console: the web console's static files (plain HTML, CSS and JS modules; nothing from a CDN).
// Middleware, not API routes: the console calls the public /v1 API with the user's key like any client.
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';

export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

export function consoleAssets(): RequestHandler {
  // `/console` redirects to `/console/`, which serves index.html; no-cache so an upgrade shows at once.
  return express.static(CONSOLE_DIR, { index: 'index.html', redirect: true, setHeaders: (res) => res.set('cache-control', 'no-cache') });
}
