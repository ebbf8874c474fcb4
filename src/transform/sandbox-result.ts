// What one sandbox call answers: the handler's result as JSON, or why there is none.
export type SandboxErrorKind = 'syntax' | 'thrown' | 'timeout' | 'memory' | 'crash' | 'invalid';

export interface SandboxError {
  kind: SandboxErrorKind;
  message: string;
  /** Where in the user's code, when QuickJS says. */
  line?: number;
  column?: number;
}

/** The error's message with where it happened in the user's code, when known. */
export function describeSandboxError(error: SandboxError): string {
  const where = error.line ? ` (line ${error.line}${error.column ? `, column ${error.column}` : ''})` : '';
  return `${error.message}${where}`;
}

interface Common {
  /** console.log lines (at most 50 of 1 KiB); only the test call returns them. */
  logs: string[];
  durationMs: number;
}

export type SandboxAnswer = (Common & { ok: true; output: string | null }) | (Common & { ok: false; error: SandboxError });

export interface SandboxJob {
  code: string;
  /** The webhook, as JSON. */
  input: string;
  /** What Date.now() answers inside: the delivery's webhook-timestamp. */
  nowMs: number;
  /** Only compile and run the top level (a syntax check on create or PATCH). */
  checkOnly?: boolean;
}
