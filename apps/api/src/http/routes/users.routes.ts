import { z } from 'zod';
import type { SetUserAccess } from '../../users/user-access.ts';
import { directoryUserDocument } from '../documents.ts';
import { userRoute, type Route } from '../route.ts';
import { directoryUserSchema, objectId, roleSchema } from '../schemas.ts';

const accessBody = z.object({
  blocked: z.boolean(),
  role: roleSchema.optional(),
  displayName: z.string().trim().max(200).optional(),
});

export function userRoutes(setUserAccess: SetUserAccess): Route[] {
  return [
    userRoute({
      method: 'patch',
      path: '/api/admin/users/{userId}',
      summary: 'Block or unblock a user (adds them to the directory if unknown; then role is required)',
      tags: ['users'],
      roles: ['admin'],
      params: z.object({ userId: objectId }),
      body: accessBody,
      success: { status: 200, description: 'The directory entry', schema: z.object({ user: directoryUserSchema }) },
      errors: [400, 415],
      async handle({ actor, params, body }) {
        const user = await setUserAccess.execute({ actor, userId: params.userId, ...body });
        return { body: { user: directoryUserDocument(user) } };
      },
    }),
  ];
}
