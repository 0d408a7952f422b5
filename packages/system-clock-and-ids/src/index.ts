/**
 * @skillhouse/system-clock-and-ids: the Clock and IdGenerator ports on the running system, for the
 * API and for any adapter set that needs real time and fresh ids. Outside the domain, which must not
 * read the time or draw random bytes itself.
 */
export { SystemClock } from './system-clock.ts';
export { RandomObjectIds } from './random-object-ids.ts';
