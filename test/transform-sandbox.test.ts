// The transformation sandbox on its own: QuickJS in worker threads, a fresh runtime per call, hard
// time and memory limits, no host access. Every escape is refused or contained while other calls
// keep being answered.
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from '../src/transform/sandbox-pool';
import { createTransformer, type WebhookInput } from '../src/transform/transformer';

const pool = new SandboxPool({ size: 2, timeoutMs: 250, memoryMb: 32 });
const transformer = createTransformer(pool, { payloadBytes: 262_144, maxDepth: 32 });
afterAll(() => pool.close());

const webhook: WebhookInput = {
  method: 'POST', url: 'https://receiver.example/hook', headers: { 'x-team': 'a' },
  payload: { type: 'order.paid', data: { id: 'o1', cents: 1200 } },
  eventType: 'order.paid', endpointId: 'ep_1', webhookId: 'run_1',
};
const NOW = 1_800_000_000_000;
const run = (code: string, key = 'ep_1') => transformer.transform(code, webhook, NOW, key);

describe('a transformation', () => {
  it('reshapes the payload, adds a header and changes the path', async () => {
    const out = await run(`function handler(w) {
      w.payload = { kind: w.payload.type, amount: w.payload.data.cents / 100 };
      w.headers['x-shape'] = 'v2';
      w.url = w.url + '/v2';
      return w;
    }`);
    expect(out).toMatchObject({ kind: 'send', webhook: {
      method: 'POST', url: 'https://receiver.example/hook/v2', headers: { 'x-team': 'a', 'x-shape': 'v2' }, payload: { kind: 'order.paid', amount: 12 },
    } });
  });

  it('cancels when it returns cancel: true', async () => {
    expect(await run('function handler(w) { w.cancel = true; return w }')).toMatchObject({ kind: 'cancel' });
  });

  it('reports a thrown error with its line', async () => {
    const out = await run('function handler(w) {\n  const x = 1;\n  throw new Error("no shape for " + w.eventType);\n}');
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'thrown', message: 'Error: no shape for order.paid', line: 3 } });
  });

  it('reports a syntax error with line and column, compiling only', async () => {
    expect(await transformer.checkSyntax('function handler(w) {\n  return w +* 2\n}')).toMatchObject({ kind: 'syntax', line: 2, column: expect.any(Number) });
    expect(await transformer.checkSyntax('while (true) {}\nfunction handler(w) { return w }')).toBeUndefined();
  });

  it('sees Date.now() as the webhook timestamp, and captures console.log (50 lines of 1 KiB at most)', async () => {
    const out = await run(`function handler(w) {
      console.log('now', Date.now(), new Date().getTime(), { a: 1 });
      for (let i = 0; i < 100; i++) console.log('x'.repeat(5000));
      w.payload = { now: Date.now(), random: typeof Math.random() };
      return w;
    }`);
    expect(out).toMatchObject({ kind: 'send', webhook: { payload: { now: NOW, random: 'number' } } });
    expect(out.logs[0]).toBe(`now ${NOW} ${NOW} {"a":1}`);
    expect(out.logs).toHaveLength(50);
    expect(out.logs.every((l) => Buffer.byteLength(l) <= 1024)).toBe(true);
  });

  it('refuses a result that is not a valid webhook, naming the field', async () => {
    const cases: Array<[string, RegExp]> = [
      ["w.headers['webhook-signature'] = 'v1,forged'", /result\.headers\.webhook-signature/],
      ["w.headers['Content-Type'] = 'text/plain'", /result\.headers\.Content-Type/],
      ["w.method = 'TRACE'", /result\.method/],
      ["w.url = 'ftp://x.example/'", /result\.url/],
      ["w.payload = { s: 'a\\u0000b' }", /result\.payload\.s: must not contain the NUL/],
      ["w.payload = { big: 'x'.repeat(300000) }", /result\.payload: is \d+ bytes/],
      ['let d = {}; w.payload = d; for (let i = 0; i < 40; i++) { d.n = {}; d = d.n }', /nested deeper than 32/],
      ['return 42', /handler must return the webhook object/],
    ];
    for (const [line, message] of cases) {
      const out = await run(`function handler(w) { ${line}; return w }`);
      expect(out, line).toMatchObject({ kind: 'failed' });
      expect(out.kind === 'failed' && out.error.message, line).toMatch(message);
    }
  });
});

describe('the sandbox contains escapes', () => {
  it('stops an infinite loop at the time limit while other calls are answered', async () => {
    let ticks = 0; // the caller's event loop keeps turning: the sandboxes run on other threads
    const ticker = setInterval(() => ticks++, 10);
    const loops = [run('function handler(w) { while (true) {} }', 'ep_bad'), run('function handler(w) { for (;;) { JSON.stringify(w) } }', 'ep_bad')];
    const healthy = run('function handler(w) { w.headers.ok = "1"; return w }', 'ep_good');
    expect(await healthy).toMatchObject({ kind: 'send' });
    for (const out of await Promise.all(loops)) expect(out).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
  });

  it('stops a 1 GB allocation at the memory limit', async () => {
    for (const code of ['w.payload = new Uint8Array(1024 * 1024 * 1024)', 'w.payload = new Array(128 * 1024 * 1024).fill(0)', 'w.payload = "x".repeat(512 * 1024 * 1024)']) {
      expect(await run(`function handler(w) { ${code}; return w }`), code).toMatchObject({ kind: 'failed', error: { kind: 'memory' } });
    }
  });

  it('contains an allocation loop that QuickJS is slow to stop: the thread is replaced after the grace period', async () => {
    const bomb = run('function handler(w) { const a = []; for (;;) a.push(new Array(100000).fill(1)) }', 'ep_bomb');
    expect(await run('function handler(w) { return w }', 'ep_other')).toMatchObject({ kind: 'send' });
    const out = await bomb;
    expect(['memory', 'timeout']).toContain(out.kind === 'failed' ? out.error.kind : out.kind);
    expect(await run('function handler(w) { return w }', 'ep_bomb')).toMatchObject({ kind: 'send' });
  });

  it('stops unbounded recursion at the stack limit', async () => {
    expect(await run('function handler(w) { function f() { return f() + 1 } return f() }')).toMatchObject({ kind: 'failed', error: { kind: 'memory' } });
  });

  it('has no require, process, fetch, timers or module loader', async () => {
    const calls = ["require('fs')", 'process.exit()', "fetch('http://127.0.0.1:1/')", 'setTimeout(() => {}, 1)', 'XMLHttpRequest', 'WebAssembly.Module'];
    for (const call of calls) {
      const out = await run(`function handler(w) { ${call}; return w }`);
      expect(out, call).toMatchObject({ kind: 'failed', error: { kind: 'thrown', message: expect.stringMatching(/^ReferenceError: '\w+' is not defined$/) } });
    }
    const dynamicImport = await run('function handler(w) { import("fs").then(() => {}); w.headers.after = "import"; return w }');
    expect(dynamicImport).toMatchObject({ kind: 'send' }); // the import is refused inside; nothing was loaded
    expect(await run('function handler(w) { w.headers.ok = "after"; return w }')).toMatchObject({ kind: 'send' });
  });

  it('starts each call from a clean state: globalThis tampering never reaches the next call', async () => {
    const tamper = `var leaked = 'yes';
      globalThis.stash = 'secret-from-a-previous-call';
      Object.prototype.polluted = true;
      JSON.stringify = () => '{"cancel":true}';
      Date.now = () => 1;
      function handler(w) { return w }`;
    for (let i = 0; i < 4; i++) await run(tamper, 'ep_evil'); // both threads get tampered with
    for (let i = 0; i < 4; i++) {
      const out = await run(`function handler(w) {
        w.payload = { leaked: typeof leaked, stash: typeof globalThis.stash, polluted: ({}).polluted === true, now: Date.now() };
        return w;
      }`);
      expect(out).toMatchObject({ kind: 'send', webhook: { payload: { leaked: 'undefined', stash: 'undefined', polluted: false, now: NOW } } });
    }
  });

  it('answers other calls while the pool is saturated by one endpoint, round-robin by key', async () => {
    let badDone = 0;
    const bad = Array.from({ length: 12 }, () => run('function handler(w) { while (true) {} }', 'ep_loop').then((out) => (badDone++, out)));
    await new Promise((r) => setTimeout(r, 50));
    const good = await run('function handler(w) { return w }', 'ep_light');
    expect(good).toMatchObject({ kind: 'send' });
    // Behind the calls already running (one per thread) and the next in line, not behind all twelve.
    expect(badDone).toBeLessThanOrEqual(4);
    await Promise.all(bad);
  });
});
