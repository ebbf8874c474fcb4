// A fixed set of worker threads running sandboxes off the caller's event loop, at most `size` at
// once. Waiting calls are taken round-robin by key (the endpoint), and one key runs on at most half
// the threads (one, on two cores): an endpoint whose function always runs to its time limit can
// neither queue ahead of other endpoints' deliveries nor keep every core spinning. A thread that
// does not answer within the limit plus a grace period is terminated and replaced.
import { Worker } from 'node:worker_threads';
import type { SandboxAnswer, SandboxJob } from './sandbox-result';

export interface SandboxLimits {
  /** Threads, and so sandboxes running at once (TRANSFORMATION_CONCURRENCY). */
  size: number;
  timeoutMs: number;
  memoryMb: number;
}

interface Pending {
  key: string;
  job: SandboxJob;
  resolve: (answer: SandboxAnswer) => void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  busy?: { id: number; pending: Pending; timer: NodeJS.Timeout };
}

// Beyond the limit QuickJS enforces itself: the time a stuck thread gets before it is killed.
const GRACE_MS = 2000;
const THREAD_URL = new URL('./sandbox-thread.mjs', import.meta.url);

export class SandboxPool {
  private readonly threads: Thread[] = [];
  private readonly queues = new Map<string, Pending[]>();
  private readonly runningByKey = new Map<string, number>();
  private readonly perKey: number;
  private nextId = 1;
  private closed = false;

  constructor(readonly limits: SandboxLimits) {
    this.perKey = Math.max(1, Math.floor(limits.size / 2));
  }

  run(job: SandboxJob, key = ''): Promise<SandboxAnswer> {
    if (this.closed) return Promise.reject(new Error('the sandbox pool is closed'));
    return new Promise((resolve) => {
      const queue = this.queues.get(key) ?? [];
      queue.push({ key, job, resolve });
      // A Map iterates in insertion order: a key re-added after emptying goes to the back.
      this.queues.set(key, queue);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  private pump(): void {
    while (this.queues.size > 0) {
      const next = [...this.queues.entries()].find(([key]) => (this.runningByKey.get(key) ?? 0) < this.perKey);
      if (!next) return; // every waiting key has its share running
      const thread = this.idleThread();
      if (!thread) return;
      const [key, queue] = next;
      const pending = queue.shift()!;
      this.queues.delete(key);
      if (queue.length > 0) this.queues.set(key, queue); // round-robin: to the back of the line
      this.runningByKey.set(key, (this.runningByKey.get(key) ?? 0) + 1);
      this.start(thread, pending);
    }
  }

  private finished(pending: Pending): void {
    const left = (this.runningByKey.get(pending.key) ?? 1) - 1;
    if (left > 0) this.runningByKey.set(pending.key, left);
    else this.runningByKey.delete(pending.key);
  }

  private idleThread(): Thread | undefined {
    const idle = this.threads.find((t) => t.ready && !t.busy);
    if (idle) return idle;
    if (this.threads.length < this.limits.size) this.spawn();
    return undefined;
  }

  private spawn(): void {
    const worker = new Worker(THREAD_URL);
    worker.unref(); // an idle pool never keeps a process alive
    const thread: Thread = { worker, ready: false };
    this.threads.push(thread);
    worker.on('message', (message: { ready?: true; id?: number } & SandboxAnswer) => {
      if (message.ready) {
        thread.ready = true;
        return this.pump();
      }
      if (!thread.busy || thread.busy.id !== message.id) return;
      const { pending, timer } = thread.busy;
      clearTimeout(timer);
      thread.busy = undefined;
      this.finished(pending);
      const { id: _id, ...answer } = message;
      pending.resolve(answer);
      this.pump();
    });
    worker.on('error', () => this.replace(thread, 'the sandbox stopped unexpectedly'));
    worker.on('exit', () => this.replace(thread, 'the sandbox stopped unexpectedly'));
  }

  private start(thread: Thread, pending: Pending): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      void thread.worker.terminate(); // the 'exit' handler answers and replaces it
      this.replace(thread, 'the time limit was reached', 'timeout');
    }, this.limits.timeoutMs + GRACE_MS);
    thread.busy = { id, pending, timer };
    thread.worker.postMessage({ ...pending.job, id, timeoutMs: this.limits.timeoutMs, memoryBytes: this.limits.memoryMb * 1024 * 1024 });
  }

  private replace(thread: Thread, message: string, kind: 'timeout' | 'crash' = 'crash'): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    this.threads.splice(index, 1);
    if (thread.busy) {
      clearTimeout(thread.busy.timer);
      this.finished(thread.busy.pending);
      thread.busy.pending.resolve({ ok: false, error: { kind, message }, logs: [], durationMs: 0 });
      thread.busy = undefined;
    }
    void thread.worker.terminate(); // already ending; terminating twice is harmless
    // A thread that dies before it is ready would die again: answer the waiting calls instead of looping.
    if (!thread.ready) this.failQueued(message);
    if (!this.closed) this.pump();
  }

  private failQueued(message: string): void {
    for (const queue of this.queues.values()) for (const p of queue) p.resolve({ ok: false, error: { kind: 'crash', message }, logs: [], durationMs: 0 });
    this.queues.clear();
  }
}
