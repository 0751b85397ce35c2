/**
 * The building blocks of the contract: how a call is declared (input, output, who may make it) and the small
 * schemas every capability's calls share. Each capability declares its calls and events in its own file in this
 * folder; contract.ts assembles them into the one table the transports, the core and the console read.
 */
import { z } from 'zod';

export const ROLES = ['attendant', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an id is 1-40 lower-case letters, digits or dashes');
export const epochMs = z.int().min(0).max(8_640_000_000_000_000);
export const reason = z.string().trim().min(3, 'give a reason of at least 3 characters').max(200);
export const minor = z.int().min(0).max(100_000_000_00);
export const none = z.strictObject({});
export const ok = z.strictObject({ ok: z.literal(true) });

/** Who may call what. 'public' is only what a booth shows before anyone logs in. */
export type Access = Role | 'public';
export interface CallDef<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
}
export const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access): CallDef<I, O> => ({
  input,
  output,
  access,
});

const ROLE_RANK: Record<Role, number> = { attendant: 1, supervisor: 2, admin: 3 };
export function roleAllows(role: Role, access: Access): boolean {
  return access === 'public' || ROLE_RANK[role] >= ROLE_RANK[access];
}
