// Lists every route an Express 5 app serves ("GET /v1/endpoints/:id"), by walking its router stack.
import type express from 'express';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
  slash?: boolean;
}

function walk(stack: Layer[], prefix: string, out: string[]) {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) {
        if (method !== '_all') out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`.replace(/(.)\/$/, '$1'));
      }
    } else if (layer.handle?.stack) {
      const mount = layer.slash || typeof layer.rawPath !== 'string' ? '' : layer.rawPath;
      walk(layer.handle.stack, prefix + mount, out);
    }
  }
}

export function listRoutes(app: express.Express): string[] {
  const out: string[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
  return [...new Set(out)].sort();
}
