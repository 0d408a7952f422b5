export { startFerretDb, startRestartableFerretDb, type RestartableFerretDb, type RunningFerretDb } from './ferretdb.ts';
export { startStripeMock } from './stripe-mock.ts';
export { freePort } from './free-port.ts';
export { inheritedBasics } from './process-environment.ts';
export { nodeFlagsOf, startScriptOf } from './start-script.ts';
export { stripeTestId } from './stripe-ids.ts';
export type { KillableServer, RunningServer } from './server-process.ts';
export { startRecordingProxy, type RecordedRequest, type RecordingProxy } from './recording-proxy.ts';
export {
  startFaultProxy,
  stripeRefundsMade,
  type FaultMode,
  type FaultProxy,
  type ProxiedRequest,
  type StripeRefundMade,
} from './fault-proxy.ts';
export { CHROMIUM_PATH } from './browser-setup.ts';
