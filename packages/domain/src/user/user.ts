export const ROLES = ['client', 'freelancer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Someone this service knows: users sign in elsewhere; this directory fills references and blocks. */
export interface User {
  readonly id: string;
  readonly role: Role;
  readonly displayName: string;
  readonly blocked: boolean;
}

/** Who is asking, as the identity service vouched for them (the JWT's `id` and `role`). */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
}

/** Recovery and webhooks act as the system, not as a user. */
export const SYSTEM_ACTOR_ID = 'system';
