// A minimal OTLP/HTTP (JSON) trace sink on loopback for the traced part: accepts POST /v1/traces,
// counts the spans (by name) and bytes it was sent, keeps nothing else. It stands in for a collector, so the
// figures include the export itself but not what a real collector would do with the spans.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface OtlpSink {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string;
  spans(): number;
  /** Spans per span name, to see which kinds a run makes (and which went missing). */
  spansByName(): Record<string, number>;
  /** Export requests received and their body bytes (as sent, compressed or not). */
  requests(): number;
  bytes(): number;
  close(): Promise<void>;
}

interface ExportBody {
  resourceSpans?: { scopeSpans?: { spans?: { name?: string }[] }[] }[];
}

const spanNames = (body: ExportBody) => (body.resourceSpans ?? []).flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => String(s.name))));

export async function startOtlpSink(): Promise<OtlpSink> {
  let spans = 0;
  const byName = new Map<string, number>();
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      requests++;
      bytes += raw.length;
      try {
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        for (const name of spanNames(JSON.parse(text) as ExportBody)) {
          spans++;
          byName.set(name, (byName.get(name) ?? 0) + 1);
        }
      } catch {
        res.writeHead(400).end(); // not OTLP JSON (protobuf, say): counted as a request, no spans
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => spans,
    spansByName: () => Object.fromEntries([...byName].sort(([a], [b]) => a.localeCompare(b))),
    requests: () => requests,
    bytes: () => bytes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
