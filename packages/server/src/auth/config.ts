/**
 * Turns `cmdctr serve`'s access options into an `AccessControl`. Every mistake is a
 * `JwtConfigError` with a message naming the option, so the server never starts half-protected.
 */
import type { Policy } from '../policy/policy.js';
import { AccessControl } from './access.js';
import { createJwtVerifier, JwtConfigError, type JwtVerifier } from './jwt.js';

export interface AccessArgs {
  jwtJwks?: string;
  jwtPublicKey?: string;
  jwtIssuer?: string;
  /** Repeatable and comma-separated. */
  jwtAudience?: readonly string[];
  /** Comma-separated. */
  jwtAlgorithms?: string;
  jwtRolesClaim?: string;
  /** Comma-separated region codes. */
  regions?: string;
  /** `--dev-users` given explicitly (not implied by `--demo`). */
  devUsers?: boolean;
}

const split = (xs: readonly string[] | string | undefined): string[] =>
  (typeof xs === 'string' ? [xs] : (xs ?? []))
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean);

export async function accessFromArgs(args: AccessArgs, policy: Policy): Promise<AccessControl> {
  let regions: string[] | undefined;
  if (args.regions !== undefined) {
    regions = split(args.regions);
    const known = policy.regions.map((r) => r.code);
    const unknown = regions.filter((r) => !known.includes(r));
    if (!regions.length) throw new JwtConfigError('--regions needs at least one region code');
    if (unknown.length)
      throw new JwtConfigError(
        `--regions: ${unknown.join(', ')} not declared in the policy (regions: ${known.join(', ')})`,
      );
  }

  const jwtGiven =
    args.jwtJwks !== undefined ||
    args.jwtPublicKey !== undefined ||
    args.jwtIssuer !== undefined ||
    !!args.jwtAudience?.length ||
    args.jwtAlgorithms !== undefined ||
    args.jwtRolesClaim !== undefined;
  let jwt: JwtVerifier | undefined;
  if (jwtGiven) {
    if (args.jwtJwks !== undefined && args.jwtPublicKey !== undefined)
      throw new JwtConfigError('use either --jwt-jwks or --jwt-public-key, not both');
    if (args.jwtJwks === undefined && args.jwtPublicKey === undefined)
      throw new JwtConfigError(
        'bearer tokens need --jwt-jwks FILE_OR_URL or --jwt-public-key FILE',
      );
    // Without a pinned issuer and audience, a token minted for any other service would pass.
    if (!args.jwtIssuer) throw new JwtConfigError('bearer tokens need --jwt-issuer');
    const audience = split(args.jwtAudience);
    if (!audience.length) throw new JwtConfigError('bearer tokens need --jwt-audience');
    if (args.devUsers)
      throw new JwtConfigError(
        '--dev-users cannot be combined with bearer tokens: anyone could name a user instead of presenting a token',
      );
    const algorithms = args.jwtAlgorithms === undefined ? undefined : split(args.jwtAlgorithms);
    if (algorithms && !algorithms.length)
      throw new JwtConfigError('--jwt-algorithms needs at least one algorithm');
    jwt = await createJwtVerifier({
      jwks: args.jwtJwks,
      publicKeyFile: args.jwtPublicKey,
      issuer: args.jwtIssuer,
      audience,
      algorithms,
      rolesClaim: args.jwtRolesClaim,
    });
  }
  return new AccessControl({ jwt, regions });
}
