// Every workflow the worker registers. Deterministic code only: see eslint.config.js.
export { taskRunWorkflow } from './task-run.workflow';
export { scheduledFireWorkflow } from './scheduled-fire.workflow';
export { eventFanoutWorkflow, eventFanoutPagesWorkflow } from './event-fanout.workflow';
export { deadLetterWorkflow } from './dead-letter.workflow';
export { deadLetterReplayWorkflow } from './dead-letter-replay.workflow';
export { keySequencerWorkflow } from './key-sequencer.workflow';
export { retentionPurgeWorkflow } from './retention-purge.workflow';
