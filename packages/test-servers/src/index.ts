export { startFerretDb } from './ferretdb.ts';
export { startStripeMock } from './stripe-mock.ts';
export { freePort } from './free-port.ts';
export type { RunningServer } from './server-process.ts';
export { startRecordingProxy, type RecordedRequest, type RecordingProxy } from './recording-proxy.ts';
export { CHROMIUM_PATH } from './browser-setup.ts';
