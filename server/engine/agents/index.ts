/** Helper agents: archetypes, one guarded model call, one agent end to end, many in parallel. */
export { ARCHETYPE_NAMES, ARCHETYPES, archetypeInfo, isArchetype, type Archetype, type ArchetypeName } from './archetypes.js';
export { agentGraders, checkAssertions, completion } from './agent-graders.js';
export { BudgetStopError, guardedGenerate, guardedProvider, type CallMeta, type GuardDeps, type GuardedResult } from './guarded-call.js';
export { runAgent, type AgentDeps, type AgentFailure, type AgentFailureKind, type AgentOutcome, type AgentRequest, type AgentSuccess } from './run-agent.js';
export { DEFAULT_CONCURRENCY, MAX_PARALLEL_AGENTS, runParallelAgents, type ParallelOptions, type ParallelResult } from './parallel.js';
