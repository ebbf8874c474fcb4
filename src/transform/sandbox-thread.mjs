// One sandbox thread: runs a user's transformation in QuickJS (WebAssembly), one fresh runtime per
// call, so nothing a call leaves behind (globals, prototypes, pending jobs) reaches the next one.
// Plain JavaScript so the thread starts without a TypeScript loader (vitest, tsx and node alike).
// The host gets no bridge into the sandbox beyond console.log: no modules, network, files, timers.
import { parentPort } from 'node:worker_threads';
import { newQuickJSWASMModule, RELEASE_SYNC } from 'quickjs-emscripten';

const MAX_LOG_LINES = 50;
const MAX_LOG_LINE_BYTES = 1024;
const STACK_BYTES = 256 * 1024;

let engine = await newQuickJSWASMModule(RELEASE_SYNC);

// Runs before the user's code: a fixed clock (the delivery's webhook-timestamp) and console.log.
// Anything else a host would add (require, process, fetch, setTimeout) is simply absent.
const prelude = (nowMs) => `(() => {
  const fixed = ${nowMs};
  const RealDate = Date;
  function FixedDate(...args) {
    if (!new.target) return new RealDate(fixed).toString();
    return args.length === 0 ? new RealDate(fixed) : new RealDate(...args);
  }
  FixedDate.prototype = RealDate.prototype;
  FixedDate.now = () => fixed;
  FixedDate.UTC = RealDate.UTC;
  FixedDate.parse = RealDate.parse;
  globalThis.Date = FixedDate;
  const log = (...parts) => __edgecronLog(parts.map((p) => {
    if (typeof p === 'string') return p;
    try { return JSON.stringify(p) ?? String(p); } catch { return String(p); }
  }).join(' '));
  globalThis.console = { log, info: log, warn: log, error: log, debug: log };
})();\n`;

// Calls the handler and hands back JSON, or a reason the result is not a webhook object.
const CALL = `(() => {
  if (typeof handler !== 'function') throw new TypeError('the code must define function handler(webhook)');
  const result = handler(JSON.parse(__edgecronInput));
  if (result === null || typeof result !== 'object' || Array.isArray(result)) throw new TypeError('handler must return the webhook object');
  if (typeof result.then === 'function') throw new TypeError('handler must return the webhook object, not a promise');
  return JSON.stringify(result);
})()`;

/** Line and column of the first frame in the user's code (transformation.js). */
function position(error) {
  const text = `${error?.stack ?? ''}`;
  const match = /transformation\.js:(\d+)(?::(\d+))?/.exec(text);
  if (match) return { line: Number(match[1]), column: match[2] ? Number(match[2]) : undefined };
  return typeof error?.lineNumber === 'number' ? { line: error.lineNumber } : {};
}

function classify(error, timedOut) {
  const name = typeof error?.name === 'string' ? error.name : 'Error';
  const message = typeof error?.message === 'string' ? error.message.slice(0, 500) : String(error).slice(0, 500);
  if (name === 'InternalError' && message === 'interrupted' && timedOut()) return { kind: 'timeout', message: 'the time limit was reached' };
  if (name === 'InternalError' && message === 'out of memory') return { kind: 'memory', message: 'the memory limit was reached' };
  if (name === 'InternalError' && message === 'stack overflow') return { kind: 'memory', message: 'the stack limit was reached' };
  return { kind: name === 'SyntaxError' ? 'syntax' : 'thrown', message: `${name}: ${message}`, ...position(error) };
}

function run(job) {
  const started = performance.now();
  const deadline = started + job.timeoutMs;
  const timedOut = () => performance.now() >= deadline;
  const logs = [];
  const runtime = engine.newRuntime();
  runtime.setMemoryLimit(job.memoryBytes);
  runtime.setMaxStackSize(STACK_BYTES);
  runtime.setInterruptHandler(timedOut);
  runtime.setModuleLoader(() => ({ error: new Error('modules are not available') }));
  const ctx = runtime.newContext();
  let outcome;
  try {
    const logFn = ctx.newFunction('__edgecronLog', (line) => {
      if (logs.length >= MAX_LOG_LINES) return;
      logs.push(Buffer.from(ctx.getString(line)).subarray(0, MAX_LOG_LINE_BYTES).toString());
    });
    ctx.setProp(ctx.global, '__edgecronLog', logFn);
    logFn.dispose();
    const input = ctx.newString(job.input);
    ctx.setProp(ctx.global, '__edgecronInput', input);
    input.dispose();
    ctx.unwrapResult(ctx.evalCode(prelude(job.nowMs), 'prelude.js')).dispose();
    // A check compiles without running: a syntax error is found, nothing of the code executes.
    const steps = job.checkOnly ? [[job.code, 'transformation.js', true]] : [[job.code, 'transformation.js'], [CALL, 'call.js']];
    let output;
    for (const [source, file, compileOnly] of steps) {
      const result = ctx.evalCode(source, file, { compileOnly: Boolean(compileOnly) });
      if (result.error) {
        const error = ctx.dump(result.error);
        result.error.dispose();
        outcome = { ok: false, error: classify(error, timedOut) };
        break;
      }
      output = compileOnly ? null : ctx.dump(result.value);
      result.value.dispose();
    }
    outcome ??= { ok: true, output: job.checkOnly ? null : output };
  } catch (err) {
    outcome = { ok: false, error: classify(err, timedOut) };
  }
  try {
    ctx.dispose();
    runtime.dispose();
  } catch {
    // QuickJS refused to free what the call left (e.g. a dangling import()): this engine is spent.
    outcome.replaceEngine = true;
  }
  return { ...outcome, logs, durationMs: performance.now() - started };
}

parentPort.on('message', async (job) => {
  const { replaceEngine, ...answer } = run(job);
  if (replaceEngine) engine = await newQuickJSWASMModule(RELEASE_SYNC);
  parentPort.postMessage({ id: job.id, ...answer });
});
parentPort.postMessage({ ready: true });
