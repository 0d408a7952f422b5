/**
 * What fault tests add to an API's environment: recovery that runs every second on operations a
 * second old and retries a second after a failure (so a test sees it finish what a fault left
 * open), and bounds on the waits that keep an outage short to observe.
 */
export const FAULT_TEST_SETTINGS: Readonly<Record<string, string>> = {
  RECOVERY_INTERVAL_MS: '1000',
  RECOVERY_GRACE_MS: '1000',
  RECOVERY_RETRY_DELAY_MS: '1000',
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: '2000',
  MONGODB_CONNECT_TIMEOUT_MS: '2000',
  MONGODB_SOCKET_TIMEOUT_MS: '5000',
  STRIPE_TIMEOUT_MS: '1000',
};
