// A webhook receiver for trying EdgeCron locally: prints each delivery and answers 200.
// `npm run demo:receiver` (port 4000, or RECEIVER_PORT). Set RECEIVER_STATUS=500 to see retries.
import { createServer } from 'node:http';

const port = Number(process.env.RECEIVER_PORT ?? 4000);
const status = Number(process.env.RECEIVER_STATUS ?? 200);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    console.log(`${new Date().toISOString()} ${req.method} ${req.url} webhook-id=${req.headers['webhook-id']} → ${status}  ${body.slice(0, 200)}`);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ received: status < 300 }));
  });
}).listen(port, '127.0.0.1', () => console.log(`demo receiver on http://127.0.0.1:${port}/ answering ${status}`));
