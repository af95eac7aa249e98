/**
 * Bearer-token verification with `jose`: the key material (a JWKS file or URL, or one public key),
 * the algorithms, issuer and audience are all pinned at start-up, so nothing in a token decides
 * how it is checked. A refused token becomes a `TokenError` whose description is safe to put in
 * a `WWW-Authenticate` header.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Identity } from '../identity.js';

/**
 * Asymmetric algorithms only: with a public verification key, an HMAC algorithm would let anyone
 * who has the public key (everyone) sign tokens — the classic RS256 → HS256 swap.
 */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type JwtAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];
export const DEFAULT_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

export interface JwtOptions {
  /** A JWKS: an `https:` URL (or `http:` on loopback) or a file path. */
  jwks?: string;
  /** One public key: a PEM file (SPKI or X.509 certificate) or a JWK JSON file. */
  publicKeyFile?: string;
  issuer: string;
  /** The token's `aud` must contain one of these. */
  audience: readonly string[];
  algorithms?: readonly string[];
  /** Claim holding the roles: a top-level name, else a dotted path (`realm_access.roles`). */
  rolesClaim?: string;
  /** Allowed clock difference for `exp`/`nbf`, in seconds (default 30). */
  clockToleranceSec?: number;
}

/** The configuration is unusable; the message says what to fix. */
export class JwtConfigError extends Error {
  override name = 'JwtConfigError';
}

/** A refused token; `description` goes to the client. */
export class TokenError extends Error {
  override name = 'TokenError';
  constructor(readonly description: string) {
    super(description);
  }
}

/** The identity provider could not be reached (remote JWKS): the server's problem, not the token's. */
export class KeySourceError extends Error {
  override name = 'KeySourceError';
}

export interface JwtVerifier {
  verify(token: string): Promise<Identity>;
  readonly algorithms: readonly JwtAlgorithm[];
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

export function parseAlgorithms(list: readonly string[] | undefined): JwtAlgorithm[] {
  const wanted = list?.length ? list : DEFAULT_ALGORITHMS;
  const out: JwtAlgorithm[] = [];
  for (const a of wanted) {
    if (/^HS\d+$/i.test(a) || a.toLowerCase() === 'none')
      throw new JwtConfigError(
        `algorithm ${a} is not accepted: only asymmetric algorithms can be verified with a public key (${SUPPORTED_ALGORITHMS.join(', ')})`,
      );
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(a))
      throw new JwtConfigError(
        `unknown algorithm ${a} (supported: ${SUPPORTED_ALGORITHMS.join(', ')})`,
      );
    if (!out.includes(a as JwtAlgorithm)) out.push(a as JwtAlgorithm);
  }
  return out;
}

/** The algorithms a public key can verify, so a key that fits none of the pinned ones fails at start. */
function algorithmsOf(key: KeyObject): JwtAlgorithm[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return ['ES256'];
      if (curve === 'secp384r1') return ['ES384'];
      if (curve === 'secp521r1') return ['ES512'];
      return [];
    }
    case 'ed25519':
    case 'ed448':
      return ['EdDSA'];
    default:
      return [];
  }
}

function checkPublicJwk(jwk: JWK, where: string): void {
  if (jwk.kty === 'oct')
    throw new JwtConfigError(`${where} is a symmetric (oct) key; only public keys are accepted`);
  if (jwk.d !== undefined)
    throw new JwtConfigError(`${where} holds private key material ("d"); give the public key only`);
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new JwtConfigError(
      `${what} ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

async function keySource(
  options: JwtOptions,
  algorithms: readonly JwtAlgorithm[],
): Promise<KeyObject | JWTVerifyGetKey> {
  if ((options.jwks === undefined) === (options.publicKeyFile === undefined))
    throw new JwtConfigError('give exactly one of a JWKS (file or URL) or a public key file');
  if (options.jwks !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(options.jwks)) {
      let url: URL;
      try {
        url = new URL(options.jwks);
      } catch {
        throw new JwtConfigError(`JWKS URL ${options.jwks} is not a valid URL`);
      }
      // Keys fetched over plain HTTP could be swapped in transit; loopback is the only exception.
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
        throw new JwtConfigError(`JWKS URL must use https: (got ${url.protocol})`);
      return createRemoteJWKSet(url, { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    }
    let jwks: { keys?: unknown };
    try {
      jwks = JSON.parse(await readText(options.jwks, 'JWKS file')) as { keys?: unknown };
    } catch (err) {
      if (err instanceof JwtConfigError) throw err;
      throw new JwtConfigError(`JWKS file ${options.jwks} is not JSON`);
    }
    if (!Array.isArray(jwks.keys) || !jwks.keys.length)
      throw new JwtConfigError(`JWKS file ${options.jwks} has no "keys" array`);
    const file = options.jwks;
    const keys = jwks.keys as JWK[];
    keys.forEach((k, i) => checkPublicJwk(k, `JWKS file ${file} key ${i}`));
    return createLocalJWKSet({ keys });
  }
  const file = options.publicKeyFile!;
  const text = await readText(file, 'public key file');
  if (/PRIVATE KEY-----/.test(text))
    throw new JwtConfigError(`${file} is a private key; give the public key only`);
  let key: KeyObject;
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as JWK;
      checkPublicJwk(jwk, file);
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } else {
      key = createPublicKey(text);
    }
  } catch (err) {
    if (err instanceof JwtConfigError) throw err;
    throw new JwtConfigError(
      `${file} is not a PEM public key, certificate or public JWK (${(err as Error).message})`,
    );
  }
  const fits = algorithmsOf(key).filter((a) => algorithms.includes(a));
  if (!fits.length)
    throw new JwtConfigError(
      `the ${key.asymmetricKeyType ?? 'unknown'} key in ${file} cannot verify any of the pinned algorithms (${algorithms.join(', ')})`,
    );
  return key;
}

/** Reads a claim by exact name first (namespaced URL claims contain dots), then as a dotted path. */
function claim(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let at: unknown = payload;
  for (const part of name.split('.')) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function rolesOf(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((r): r is string => typeof r === 'string' && r !== ''))];
}

/** jose's error → what the client is told. Wording never echoes token content beyond the alg. */
function describe(err: unknown, alg: string | undefined): Error {
  if (err instanceof errors.JWTExpired) return new TokenError('token expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
        return new TokenError('token not yet valid (nbf)');
      case 'iat':
        return new TokenError('token issued in the future (iat)');
      case 'iss':
        return new TokenError(
          err.reason === 'missing' ? 'missing "iss" claim' : 'unexpected issuer',
        );
      case 'aud':
        return new TokenError(
          err.reason === 'missing' ? 'missing "aud" claim' : 'token is not meant for this audience',
        );
      default:
        return new TokenError(
          err.reason === 'missing'
            ? `missing "${err.claim}" claim`
            : `invalid "${err.claim}" claim`,
        );
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new TokenError(`algorithm ${alg ?? '(unknown)'} is not allowed`);
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new TokenError('signature verification failed');
  if (err instanceof errors.JWKSNoMatchingKey) return new TokenError('no matching signing key');
  if (err instanceof errors.JWKSTimeout) return new KeySourceError('JWKS request timed out');
  if (err instanceof errors.JWKSInvalid) return new KeySourceError('JWKS is invalid');
  if (err instanceof errors.JOSENotSupported)
    return new TokenError('unsupported token or key type');
  if (err instanceof errors.JOSEError) return new TokenError('malformed token');
  // Anything else from a remote JWKS is a network failure: not the caller's fault.
  return new KeySourceError((err as Error).message || 'key source unavailable');
}

function headerAlg(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  try {
    const h = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as {
      alg?: unknown;
    };
    // Only a short, plain name is worth echoing back.
    return typeof h.alg === 'string' && /^[A-Za-z0-9+-]{1,16}$/.test(h.alg) ? h.alg : undefined;
  } catch {
    return undefined;
  }
}

export async function createJwtVerifier(options: JwtOptions): Promise<JwtVerifier> {
  const algorithms = parseAlgorithms(options.algorithms);
  if (!options.issuer) throw new JwtConfigError('an issuer is required');
  if (!options.audience.length) throw new JwtConfigError('an audience is required');
  const rolesClaim = options.rolesClaim || 'roles';
  const source = await keySource(options, algorithms);
  const verifyOptions = {
    algorithms: [...algorithms],
    issuer: options.issuer,
    audience: [...options.audience],
    clockTolerance: options.clockToleranceSec ?? 30,
    // A token without an expiry would be valid forever; one without a subject names nobody.
    requiredClaims: ['exp', 'sub'],
  };
  return {
    algorithms,
    async verify(token) {
      let payload: JWTPayload;
      try {
        // Two calls because jose's overloads do not accept the union of key and key getter.
        payload =
          typeof source === 'function'
            ? (await jwtVerify(token, source, verifyOptions)).payload
            : (await jwtVerify(token, source, verifyOptions)).payload;
      } catch (err) {
        throw describe(err, headerAlg(token));
      }
      if (typeof payload.sub !== 'string' || !payload.sub)
        throw new TokenError('"sub" claim must be a non-empty string');
      return { id: payload.sub, roles: rolesOf(claim(payload, rolesClaim)) };
    },
  };
}
