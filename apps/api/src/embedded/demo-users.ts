import type { Role, User, UserDirectory } from '@skillhouse/domain';
import { issueAccessToken } from '../http/access-token.ts';

/** The ids match the examples of the API documents, so their curl lines work as written. */
export const DEMO_USERS: readonly User[] = [
  { id: '64f1a2b3c4d5e6f7a8b9c0d5', role: 'client', displayName: 'Demo Client', blocked: false },
  { id: '64f1a2b3c4d5e6f7a8b9c0d6', role: 'freelancer', displayName: 'Demo Freelancer', blocked: false },
  { id: '64f1a2b3c4d5e6f7a8b9c0aa', role: 'admin', displayName: 'Demo Admin', blocked: false },
];

export const DEMO_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

export async function seedDemoUsers(users: UserDirectory): Promise<void> {
  for (const user of DEMO_USERS) await users.save(user);
}

/** Ready-to-use tokens for the demo users, signed with the (generated) secret. */
export function demoTokens(jwtSecret: string): Record<Role, { id: string; token: string }> {
  const entries = DEMO_USERS.map((user) => [
    user.role,
    {
      id: user.id,
      token: issueAccessToken({ id: user.id, role: user.role, name: user.displayName }, jwtSecret, DEMO_TOKEN_LIFETIME_SECONDS),
    },
  ]);
  return Object.fromEntries(entries) as Record<Role, { id: string; token: string }>;
}
