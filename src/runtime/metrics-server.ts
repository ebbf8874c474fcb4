// A bare /metrics listener for a worker running on its own (the API serves /metrics itself).
import { createServer, type Server } from 'node:http';
import { registry } from '../metrics/metrics';

export async function startMetricsServer(host: string, port: number): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
