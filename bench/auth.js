// @ts-check
/**
 * The `persist-mysql-auth` server (issue 10's speed target): Persist over MySQL with `persist.auth`
 * and a role whose row filter applies to every entity the queries read, each a claim-valued
 * condition pushed into the SQL (`empNo <> ?`) that every row passes, so that the answers stay the
 * reference's. Every request carries the same JWT, as a frontend's session would: the server
 * verifies it once, then finds it in its cache of verified tokens.
 */
import { SignJWT } from 'jose';

/** The HS256 secret of the benchmark's tokens (a benchmark, not a deployment: it may be public). */
export const BENCH_JWT_SECRET = 'persist-benchmark-secret-0123456789abcdef';

/** `persist.auth` of the auth server. */
export const BENCH_AUTH = { jwt: { secret: BENCH_JWT_SECRET, issuer: 'https://bench.persist', audience: 'bench' } };

/** A condition on the key that every row passes: `<key> <> <the claim 'blocked'>`. */
const filtered = (/** @type {string} */ key) => ({ where: { [key]: { ne: { claim: 'blocked' } } } });

/**
 * `persist.permissions` of the auth server: the role `reader` reads everything through a row
 * filter, inserts order items (M1), departments with their employees (M2) and updates employees (M3).
 */
export const BENCH_PERMISSIONS = {
  Employee: { reader: { select: filtered('empNo'), insert: {}, update: {} } },
  Department: { reader: { select: filtered('deptNo'), insert: {} } },
  Workspace: { reader: { select: filtered('workspaceId') } },
  Building: { reader: { select: filtered('buildingCode') } },
  OrderItem: { reader: { select: filtered('orderId'), insert: {} } },
};

const token = await new SignJWT({ sub: 'bench', roles: ['reader'], blocked: '-' })
  .setProtectedHeader({ alg: 'HS256' })
  .setIssuer(BENCH_AUTH.jwt.issuer)
  .setAudience(BENCH_AUTH.jwt.audience)
  .setIssuedAt()
  .setExpirationTime('12h')
  .sign(new TextEncoder().encode(BENCH_JWT_SECRET));

/** The headers every request to the auth server carries. */
export const BENCH_AUTH_HEADERS = { authorization: `Bearer ${token}` };
