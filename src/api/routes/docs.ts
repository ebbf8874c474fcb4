// GET /openapi.json (built once from the operation registry) and GET /docs, a static page whose
// script renders that document. Everything is served from here: no CDN.
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { buildOpenApiDocument } from '../openapi/document';

const PAGE_DIR = fileURLToPath(new URL('../docs-page/', import.meta.url));

export function docsRoutes(): Router {
  const r = Router();
  let document: object | undefined;
  r.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument();
    res.json(document);
  });
  r.get('/docs', (_req, res) => {
    res.sendFile('index.html', { root: PAGE_DIR });
  });
  // The page's script and style (middleware, not routes: they are not API calls).
  r.use('/docs/assets', express.static(PAGE_DIR, { index: false }));
  return r;
}
