// edgecron listen --port 4000 --endpoint ep_… (or --secret whsec_…): a local receiver that checks every
// delivery's signature. A verified one is printed and answered 200; anything else is answered 401 and
// printed as INVALID SIGNATURE, so a forged request is as visible as a real one.
import { createServer, type IncomingMessage } from 'node:http';
import type { Context } from '../context';
import { UsageError } from '../exit';
import { verifyWebhook, WebhookVerificationError } from '../../verify-webhook';

interface Signer {
  /** The endpoint id, or `--secret #n` when the secret was given directly. */
  name: string;
  secret: string;
}

export interface ReceivedDelivery {
  verified: boolean;
  endpoint?: string;
  webhookId?: string;
  timestamp?: string;
  signature?: string;
  reason?: string;
  payload?: unknown;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function check(signers: Signer[], body: Buffer, headers: IncomingMessage['headers']): ReceivedDelivery {
  const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
  const seen = { webhookId: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') };
  let reason = 'no secret to check against';
  for (const signer of signers) {
    try {
      const verified = verifyWebhook({ secret: signer.secret, payload: body, headers });
      return { verified: true, endpoint: signer.name, ...seen, payload: verified.payload };
    } catch (err) {
      reason = err instanceof WebhookVerificationError ? `${err.reason}: ${err.message}` : String(err);
    }
  }
  return { verified: false, ...seen, reason };
}

export async function listen(ctx: Context) {
  const port = ctx.flags.integer('port') ?? 4000;
  const host = ctx.flags.optional('host') ?? '127.0.0.1';
  const endpointIds = ctx.flags.many('endpoint');
  const secrets = ctx.flags.many('secret');
  const seconds = ctx.flags.integer('for');
  ctx.flags.done(0);
  if (!endpointIds.length && !secrets.length) throw new UsageError('give --endpoint <ep_…> (its secret is read with your key) or --secret <whsec_…>; both repeat');
  const signers: Signer[] = secrets.map((secret, i) => ({ name: `--secret #${i + 1}`, secret }));
  for (const id of endpointIds) signers.push({ name: id, secret: (await ctx.client.endpoints.getSecret(id)).secret });

  const received: ReceivedDelivery[] = [];
  const server = createServer((req, res) => {
    // HEAD is no delivery: it answers "listening" so a script can wait for the receiver.
    if (req.method === 'HEAD') return void res.writeHead(200).end();
    void readBody(req).then((body) => {
      const delivery = check(signers, body, req.headers);
      received.push(delivery);
      const at = new Date().toISOString();
      if (delivery.verified) {
        ctx.out.event(`${at}  ${req.method} ${req.url}  verified (${delivery.endpoint})  webhook-id ${delivery.webhookId}  webhook-timestamp ${delivery.timestamp}`);
        ctx.out.event(`    webhook-signature ${delivery.signature}`);
        ctx.out.event(`    ${JSON.stringify(delivery.payload)}`);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } else {
        ctx.out.event(`${at}  ${req.method} ${req.url}  INVALID SIGNATURE (${delivery.reason})  webhook-id ${delivery.webhookId ?? '-'}  answered 401`);
        res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid signature');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new UsageError(`port ${port} on ${host} is in use: pick another with --port`) : err));
    server.listen(port, host, resolve);
  });
  ctx.out.note(`listening on http://${host}:${port}, verifying with ${signers.map((s) => s.name).join(', ')} (Ctrl-C stops)`);
  await Promise.race([ctx.stopped, ...(seconds === undefined ? [] : [new Promise((r) => setTimeout(r, seconds * 1000))])]);
  // close() waits for every open connection: a sender's keep-alive socket (EdgeCron's worker keeps its
  // connections) would hold it open for good, so they are closed at once.
  const closed = new Promise((r) => server.close(r));
  server.closeAllConnections();
  await closed;
  ctx.out.result({ received }, [`${received.filter((d) => d.verified).length} verified, ${received.filter((d) => !d.verified).length} refused`]);
}
