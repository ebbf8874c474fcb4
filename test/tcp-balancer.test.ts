// The balanced address in front of the Temporal hosts' frontends and the API replicas: connections
// spread over the servers, and when one dies new connections go to the others.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../src/stack/free-port';
import { startTcpBalancer, type TcpBalancer } from '../src/stack/tcp-balancer';

const servers: Server[] = [];
let balancer: TcpBalancer | undefined;
afterAll(async () => {
  await balancer?.close();
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function namedServer(name: string): Promise<number> {
  const server = createServer((_req, res) => res.writeHead(200, { connection: 'close' }).end(name));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

const get = async (address: string) => (await fetch(`http://${address}/`, { headers: { connection: 'close' } })).text();

it('spreads new connections over the servers and skips one that stopped listening', async () => {
  const ports = [await namedServer('a'), await namedServer('b')];
  balancer = await startTcpBalancer(await freePort(), () => ports);
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await get(balancer.address));
  expect(new Set(answers)).toEqual(new Set(['a', 'b']));

  servers[0].closeAllConnections();
  await new Promise((r) => servers[0].close(r)); // "a" is gone; the balancer still lists it
  const after = [];
  for (let i = 0; i < 4; i++) after.push(await get(balancer.address));
  expect(after).toEqual(['b', 'b', 'b', 'b']);
});
