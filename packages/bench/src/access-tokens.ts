import jwt from 'jsonwebtoken';

export type Role = 'client' | 'freelancer' | 'admin';

/** A bearer token as the identity service signs them, with the display name the API records on first sight. */
export function accessToken(user: { readonly id: string; readonly role: Role; readonly name: string }, jwtSecret: string): string {
  return jwt.sign({ id: user.id, role: user.role, name: user.name }, jwtSecret, { algorithm: 'HS256', expiresIn: 60 * 60 * 4 });
}
