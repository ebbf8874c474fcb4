// Every workflow the worker registers. Deterministic code only: see eslint.config.js.
export { taskRunWorkflow } from './task-run.workflow';
export { deadLetterWorkflow } from './dead-letter.workflow';
export { deadLetterReplayWorkflow } from './dead-letter-replay.workflow';
