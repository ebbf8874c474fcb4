// One address in front of several servers on loopback (the Temporal hosts' frontends, API replicas),
// as a load balancer or Docker's service DNS is in production: each new connection goes to the next
// server that accepts it. When a server dies its connections drop, clients reconnect, and the
// balancer passes them to one that is still up.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  address: string;
  close(): Promise<void>;
}

export async function startTcpBalancer(port: number, upstreams: () => number[]): Promise<TcpBalancer> {
  let next = 0;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  /** Tries the servers in turn from the next one, giving up when none accepts. */
  const dial = (client: Socket, tries: number) => {
    const ports = upstreams();
    if (tries >= ports.length || client.destroyed) return void client.destroy();
    const port = ports[next++ % ports.length];
    const upstream = connect({ host: '127.0.0.1', port });
    track(upstream);
    let connected = false;
    upstream.on('error', () => (connected ? client.destroy() : dial(client, tries + 1)));
    upstream.once('connect', () => {
      connected = true;
      client.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    client.on('error', () => client.destroy());
    dial(client, 0);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
