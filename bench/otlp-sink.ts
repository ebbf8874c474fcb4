// A minimal OTLP/HTTP (JSON) trace sink on loopback, standing in for a collector: the bench's traced
// part counts what it receives, the tracing test follows one trace across processes in it. It keeps
// every span flattened, and the raw export bodies to check what left a process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

export interface OtlpSink {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url: string;
  spans: ExportedSpan[];
  /** Export bodies as text (decompressed). */
  bodies: string[];
  /** Spans per span name, to see which kinds a run makes (and which went missing). */
  spansByName(): Record<string, number>;
  /** Export requests received and their body bytes (as sent, compressed or not). */
  requests(): number;
  bytes(): number;
  close(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type KeyValue = { key: string; value: AnyValue };
interface ExportBody {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { spans?: { name: string; traceId: string; spanId: string; parentSpanId?: string; attributes?: KeyValue[] }[] }[];
  }[];
}

const valueOf = (v: AnyValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue));
const attributesOf = (kvs: KeyValue[] = []) => Object.fromEntries(kvs.map((kv) => [kv.key, valueOf(kv.value)]));

function flatten(body: ExportBody): ExportedSpan[] {
  return (body.resourceSpans ?? []).flatMap((rs) => {
    const service = String(attributesOf(rs.resource?.attributes)['service.name']);
    return (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        service,
        name: s.name,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || undefined,
        attributes: attributesOf(s.attributes),
      })),
    );
  });
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const spans: ExportedSpan[] = [];
  const bodies: string[] = [];
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
        spans.push(...flatten(JSON.parse(text) as ExportBody));
        bodies.push(text);
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
    spans,
    bodies,
    spansByName: () => {
      const byName = new Map<string, number>();
      for (const s of spans) byName.set(s.name, (byName.get(s.name) ?? 0) + 1);
      return Object.fromEntries([...byName].sort(([a], [b]) => a.localeCompare(b)));
    },
    requests: () => requests,
    bytes: () => bytes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
