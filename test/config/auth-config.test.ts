/** `persist.auth` in codegen.yml: the shape read, `${VAR}` secrets, and every problem named by its YAML path without showing a secret. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/persist-config.js';

const SECRET = 'a'.repeat(32);

function auth(yaml: string, env: Record<string, string> = {}): unknown {
  return parseConfig(`persist:\n  auth:\n${yaml.replace(/^/gm, '    ')}\n`, 'codegen.yml', env).auth;
}

function refusal(yaml: string, env: Record<string, string> = {}): string {
  try {
    auth(yaml, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).code).toBe('CONFIG_INVALID');
    return (e as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(yaml)} to be refused`);
}

describe('persist.auth', () => {
  it('is absent unless given: such a server is for development', () => {
    expect(parseConfig('persist:\n  model: m.bal\n', 'codegen.yml').auth).toBeUndefined();
  });

  it('reads a secret, its claims and the roles', () => {
    expect(
      auth(
        `jwt:\n  secret: \${JWT_SECRET}\n  issuer: https://id.example.com/\n  audience: shop\n  clockToleranceSeconds: 30\nanonymousRole: anonymous\nadminSecret: \${ADMIN}`,
        { JWT_SECRET: SECRET, ADMIN: 'open sesame' },
      ),
    ).toEqual({
      jwt: { secret: SECRET, issuer: 'https://id.example.com/', audience: 'shop', clockToleranceSeconds: 30 },
      anonymousRole: 'anonymous',
      adminSecret: 'open sesame',
    });
  });

  it('reads a JWKS file or URL, a list of audiences and clockTolerance as clockToleranceSeconds', () => {
    expect(auth('jwt:\n  jwks: keys/jwks.json')).toEqual({ jwt: { jwks: 'keys/jwks.json' } });
    expect(auth('jwt:\n  jwks: https://id.example.com/.well-known/jwks.json\n  audience: [a, b]\n  clockTolerance: "5"')).toEqual({
      jwt: { jwks: 'https://id.example.com/.well-known/jwks.json', audience: ['a', 'b'], clockToleranceSeconds: 5 },
    });
    expect(auth('anonymousRole: guest')).toEqual({ anonymousRole: 'guest' });
    expect(auth('adminSecret: s')).toEqual({ adminSecret: 's' });
  });

  it('refuses both a secret and a JWKS, or neither', () => {
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  jwks: keys.json`)).toBe(
      "codegen.yml: persist.auth.jwt: give either 'secret' (HS256/384/512) or 'jwks' (public keys), not both.",
    );
    expect(refusal('jwt:\n  issuer: x')).toBe(
      "codegen.yml: persist.auth.jwt: expected 'secret' (HS256/384/512) or 'jwks' (a file or URL of public keys) to verify tokens with.",
    );
  });

  it('refuses a secret shorter than 32 bytes, without showing it', () => {
    const message = refusal('jwt:\n  secret: ${S}', { S: 'hunter2-is-short' });
    expect(message).toBe(
      'codegen.yml: persist.auth.jwt.secret: an HS256 secret must be at least 32 bytes (256 bits), this one has 16; use a long random value (openssl rand -base64 48).',
    );
    expect(message).not.toContain('hunter2');
    // Bytes, not characters: 11 three-byte characters are 33 bytes.
    expect(auth('jwt:\n  secret: ${S}', { S: '€'.repeat(11) })).toEqual({ jwt: { secret: '€'.repeat(11) } });
    expect(refusal('jwt:\n  secret: 12345')).toBe('codegen.yml: persist.auth.jwt.secret: expected a string (for example ${JWT_SECRET}).');
    expect(refusal('adminSecret: 12345')).toBe(
      'codegen.yml: persist.auth.adminSecret: expected a non-empty string (for example ${PERSIST_ADMIN_SECRET}).',
    );
    expect(refusal('jwt:\n  secret: ${NOPE}')).toBe("codegen.yml: persist.auth.jwt.secret: the environment variable 'NOPE' is not set.");
  });

  it('names the YAML path of every other problem', () => {
    expect(refusal('jwt:\n  secrte: x')).toBe(
      "codegen.yml: unknown key 'secrte' in persist.auth.jwt (known: secret, jwks, issuer, audience, clockToleranceSeconds, clockTolerance); did you mean 'secret'?",
    );
    expect(refusal('anonymusRole: guest')).toBe(
      "codegen.yml: unknown key 'anonymusRole' in persist.auth (known: jwt, anonymousRole, adminSecret); did you mean 'anonymousRole'?",
    );
    expect(refusal('jwt: [x]')).toBe('codegen.yml: persist.auth.jwt: expected a mapping.');
    expect(refusal('jwt:')).toBe('codegen.yml: persist.auth.jwt: expected a mapping.');
    expect(refusal('jwt:\n  jwks: 3')).toBe('codegen.yml: persist.auth.jwt.jwks: expected a non-empty string, got 3.');
    expect(refusal('jwt:\n  jwks: "https://"')).toBe(
      "codegen.yml: persist.auth.jwt.jwks: expected a file path or an http(s) URL, got 'https://'.",
    );
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  issuer: ""`)).toBe(
      "codegen.yml: persist.auth.jwt.issuer: expected a non-empty string, got ''.",
    );
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  audience: []`)).toBe(
      'codegen.yml: persist.auth.jwt.audience: expected an audience or a list of them, got a list.',
    );
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  audience: [a, 3]`)).toBe(
      'codegen.yml: persist.auth.jwt.audience[1]: expected a non-empty string, got 3.',
    );
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  clockToleranceSeconds: -1`)).toBe(
      'codegen.yml: persist.auth.jwt.clockToleranceSeconds: expected a number of seconds (0 or more), got -1.',
    );
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  clockTolerance: 5s`)).toBe(
      "codegen.yml: persist.auth.jwt.clockTolerance: expected a number of seconds (0 or more), got '5s'.",
    );
    expect(refusal(`jwt:\n  secret: ${SECRET}\n  clockTolerance: 1\n  clockToleranceSeconds: 1`)).toBe(
      "codegen.yml: persist.auth.jwt: give 'clockToleranceSeconds' or 'clockTolerance', not both.",
    );
    expect(refusal('anonymousRole: [a]')).toBe('codegen.yml: persist.auth.anonymousRole: expected a non-empty string, got a list.');
  });

  it('refuses an empty auth: block rather than serving every request with full rights', () => {
    expect(() => parseConfig('persist:\n  auth:\n', 'codegen.yml')).toThrow('codegen.yml: persist.auth: expected a mapping.');
    expect(() => parseConfig('persist:\n  auth: on\n', 'codegen.yml')).toThrow('codegen.yml: persist.auth: expected a mapping.');
  });
});
