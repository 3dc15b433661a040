export { RunnerHub, RunnerRefusal, runnerHeartbeatMs, type RunnerHubOptions, type RunnerIdentity, type RunnerJob, type RunnerResult } from './hub.ts';
export { RunnerSweep } from './sweep.ts';
export { addRunner, revokeRunner, listRunners, checkLabels, type RunnerView } from './registry.ts';
export { newRunnerToken, parseRunnerToken } from './tokens.ts';
export { RunnerAgent, AgentRefused, type AgentOptions } from './agent.ts';
