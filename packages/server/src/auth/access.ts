/**
 * Access control for the HTTP app: bearer-token authentication, read access per workflow from
 * the policy's `controls.rbac_roles_allowed`, and data residency (the regions this instance
 * serves). Installed as Fastify hooks so every `/v1` read is covered, including routes added
 * later, instead of each route remembering to check.
 *
 * Without a token verifier (plain `serve`, dev users, the demo) reads stay open and only the
 * residency rules apply.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Identity, IdentityResolver } from '../identity.js';
import type { LoadedPolicy, Policy } from '../policy/policy.js';
import type { Store } from '../store/types.js';
import { HttpProblem, problem, type InvalidParam } from '../http/problem.js';
import type { RawQuery } from '../http/query.js';
import { KeySourceError, TokenError, type JwtVerifier } from './jwt.js';

export interface AccessOptions {
  /** Verifies bearer tokens; when set, every `/v1` route but the OpenAPI document needs one. */
  jwt?: JwtVerifier;
  /** Region codes this instance serves; every region of the policy when omitted. */
  regions?: readonly string[];
}

export interface AccessContext {
  policy: () => LoadedPolicy;
  store: Store;
}

/** Open even when tokens are required: the contract itself is public. */
const PUBLIC_PATHS = new Set(['/v1/openapi.json']);
/** Whole-ledger integrity figures, no workflow data: any authenticated caller may check them. */
const UNFILTERED_ROUTES = new Set(['/v1/ledger/verify']);
const WORKFLOW = /^[a-z0-9_]+$/;
const REGION = /^[A-Z]{2,8}$/;
const REALM = 'cmdctr';

const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

/** The same list reading as `QueryReader.list`: repeated parameters and commas both separate. */
function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return [
    ...new Set(
      joined
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** RFC 6750 limits `error_description` to printable ASCII without `"` and `\`. */
const headerSafe = (s: string): string => s.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "'");

function unauthorized(detail: string, tokenError?: string): HttpProblem {
  const challenge = tokenError
    ? `Bearer realm="${REALM}", error="invalid_token", error_description="${headerSafe(tokenError)}"`
    : `Bearer realm="${REALM}"`;
  return problem(401, 'unauthenticated', 'Authentication required', detail, {
    'www-authenticate': challenge,
  });
}

const quoteList = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(', ');

export class AccessControl {
  readonly #jwt: JwtVerifier | undefined;
  readonly #regions: readonly string[] | undefined;
  /**
   * Identities proven by the `onRequest` hook, keyed by the request's header object: the
   * resolver stays synchronous (routes call it with `req.headers`) while token checks are async,
   * and a header object the hook never saw resolves to anonymous.
   */
  readonly #verified = new WeakMap<IncomingHttpHeaders, Identity>();

  constructor(options: AccessOptions = {}) {
    this.#jwt = options.jwt;
    this.#regions = options.regions?.length ? [...new Set(options.regions)] : undefined;
  }

  /** True when callers must present a bearer token (and reads are filtered by role). */
  get authRequired(): boolean {
    return this.#jwt !== undefined;
  }

  /** Resolves the caller proven by a verified bearer token. */
  readonly identify: IdentityResolver = (headers) => this.#verified.get(headers) ?? null;

  servedRegions(policy: Policy): string[] {
    return this.#regions ? [...this.#regions] : policy.regions.map((r) => r.code);
  }

  /**
   * Workflows `who` may read. A workflow whose policy names no `rbac_roles_allowed` declares no
   * restriction; a workflow missing from the policy has no declared access and stays hidden.
   */
  visibleWorkflows(policy: Policy, who: Identity): Set<string> {
    return new Set(
      policy.workflows
        .filter((w) => {
          const allowed = w.controls?.rbac_roles_allowed;
          return !allowed?.length || allowed.some((r) => who.roles.includes(r));
        })
        .map((w) => w.id),
    );
  }

  /**
   * Refuses a batch holding any event for a region this instance does not serve, naming each.
   * Called after schema validation and before anything is stored, so the batch is all-or-nothing.
   */
  checkIngest(events: readonly Record<string, unknown>[], policy: Policy): void {
    const served = this.servedRegions(policy);
    const bad: InvalidParam[] = [];
    events.forEach((e, i) => {
      if (typeof e.region === 'string' && !served.includes(e.region))
        bad.push({
          name: `/${i}/region`,
          reason: `region "${e.region}" is not served by this instance (it serves ${served.join(', ')})`,
        });
    });
    if (!bad.length) return;
    const base = problem(
      422,
      'region-not-served',
      'Region not served by this instance',
      `${bad.length} of ${events.length} events are for regions this instance does not serve ` +
        `(it serves ${served.join(', ')}; data residency). Nothing from this batch was stored: ` +
        'a batch is accepted whole or not at all. Send those events to the instance for their region.',
    ).problem;
    throw new HttpProblem({ ...base, invalid_params: bad.slice(0, 100) });
  }

  install(app: FastifyInstance, ctx: AccessContext): void {
    const jwt = this.#jwt;
    if (jwt) {
      // onRequest: refuse before a body is read, so anonymous callers cannot make us parse it.
      app.addHook('onRequest', async (req) => {
        if (req.method === 'OPTIONS') return;
        const path = pathOf(req.url);
        if (!path.startsWith('/v1/') || PUBLIC_PATHS.has(path)) return;
        const header = req.headers.authorization;
        if (header === undefined)
          throw unauthorized('Send a bearer token: Authorization: Bearer <JWT>.');
        const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
        if (!m)
          throw unauthorized(
            'The Authorization header is not "Bearer <JWT>".',
            'malformed authorization header',
          );
        try {
          this.#verified.set(req.raw.headers, await jwt.verify(m[1]!));
        } catch (err) {
          if (err instanceof TokenError)
            throw unauthorized(
              `The bearer token was refused: ${err.description}.`,
              err.description,
            );
          if (err instanceof KeySourceError) {
            req.log.error({ err }, 'token keys unavailable');
            throw problem(
              503,
              'identity-provider-unavailable',
              'Identity provider unavailable',
              'The keys to check bearer tokens could not be loaded; retry shortly.',
              { 'retry-after': '5' },
            );
          }
          throw err;
        }
      });
    }

    // preHandler: the route is matched and the query parsed, so filters can be added to it.
    app.addHook('preHandler', async (req) => {
      const route = req.routeOptions.url;
      if (!route?.startsWith('/v1/') || PUBLIC_PATHS.has(route)) return;
      const policy = ctx.policy().policy;
      if (route === '/v1/approvals/:id' || route === '/v1/approvals/:id/decision') {
        if (jwt) await this.#checkApproval(req, policy, ctx.store);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return;
      const query = req.query as RawQuery;
      this.#applyRegions(query, policy);
      if (jwt && !UNFILTERED_ROUTES.has(route)) this.#applyWorkflows(req, route, query, policy);
    });
  }

  #caller(req: FastifyRequest): Identity {
    const who = this.identify(req.headers);
    // The onRequest hook has already refused anonymous callers; this guards a header object
    // that changed identity in between.
    if (!who) throw unauthorized('Send a bearer token: Authorization: Bearer <JWT>.');
    return who;
  }

  #applyRegions(query: RawQuery, policy: Policy): void {
    const served = this.servedRegions(policy);
    const named = listOf(query.region);
    const foreign = named.filter((r) => REGION.test(r) && !served.includes(r));
    if (foreign.length)
      throw problem(
        403,
        'region-not-served',
        'Region not served by this instance',
        `This instance serves ${served.join(', ')} only; data for ${foreign.join(', ')} is held ` +
          'by the instance for that region (data residency). Ask that instance, or drop the region filter.',
      );
    if (!named.length && served.length < policy.regions.length) query.region = served.join(',');
  }

  #applyWorkflows(req: FastifyRequest, route: string, query: RawQuery, policy: Policy): void {
    const who = this.#caller(req);
    const visible = this.visibleWorkflows(policy, who);
    const named = listOf(query.workflow);
    // Malformed ids are left to the route's 400; they cannot name a workflow anyway.
    const forbidden = named.filter((w) => WORKFLOW.test(w) && !visible.has(w));
    if (forbidden.length)
      throw problem(
        403,
        'forbidden',
        'Workflow not readable',
        `Your roles do not allow reading workflow ${quoteList(forbidden)}. ` +
          'Access per workflow comes from the policy (controls.rbac_roles_allowed).',
      );
    if (named.length) return;
    // Policy-wide ledger entries (policy changes, retention) belong to no workflow, so a
    // workflow filter would hide them; only a caller who may read every workflow sees them.
    if (route === '/v1/ledger' && policy.workflows.every((w) => visible.has(w.id))) return;
    if (!visible.size)
      throw problem(
        403,
        'forbidden',
        'No readable workflow',
        `None of your roles (${who.roles.length ? quoteList(who.roles) : 'none'}) may read any workflow ` +
          '(controls.rbac_roles_allowed in the policy).',
      );
    // An unfiltered read becomes a read of exactly the caller's workflows, so totals, the
    // catalogue and the stream never include another workflow.
    query.workflow = [...visible].join(',');
  }

  async #checkApproval(req: FastifyRequest, policy: Policy, store: Store): Promise<void> {
    const who = this.#caller(req);
    const id = (req.params as { id?: string }).id ?? '';
    const a = await store.getApproval(id);
    // Same answer as a missing approval: an unreadable workflow's approvals are not disclosed.
    if (a && !this.visibleWorkflows(policy, who).has(a.workflow))
      throw problem(404, 'not-found', 'Approval not found', `There is no approval ${id}.`);
  }
}
