// /portal: the consumer portal's static files (plain HTML, CSS and JS modules; nothing from a CDN).
// Like the console it calls the public /v1 API, with its portal session's token. It is made to be
// framed by the customer's own app: no X-Frame-Options, and CSP `frame-ancestors` set from
// PORTAL_FRAME_ANCESTORS (default `*`). Everything else it loads must come from this origin.
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Response } from 'express';
import type { PortalSettings } from '../security/api-security';

export const PORTAL_DIR = fileURLToPath(new URL('../../portal/', import.meta.url));

export function portalContentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function portalAssets(settings: PortalSettings): RequestHandler {
  const csp = portalContentSecurityPolicy(settings.frameAncestors);
  const setHeaders = (res: Response) => {
    res.set('cache-control', 'no-cache');
    res.set('content-security-policy', csp);
    // The session token is in the URL fragment; never let a link out of the portal carry the page's URL.
    res.set('referrer-policy', 'no-referrer');
    res.set('x-content-type-options', 'nosniff');
  };
  return express.static(PORTAL_DIR, { index: 'index.html', redirect: true, setHeaders });
}
