/**
 * The connector routes. Each one maps what a real system sends into contract events with a pure
 * function (jira.ts, stepfunctions.ts, generic.ts) and hands them to the app's single ingest
 * path, so validation, residency, deduplication by source + event id and "acknowledged only after
 * commit" hold exactly as for `POST /v1/events`. Input the connector deliberately skips (a Jira
 * comment event, an EventBridge event of another kind) is answered 202 with `ignored` counts: a
 * webhook sender treats 4xx as a failure to retry or alert on, and these are not failures.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, invalidParams, problem } from '../http/problem.js';
import type { LoadedPolicy, PolicyWorkflow } from '../policy/policy.js';
import type { IngestResult } from '../store/types.js';
import { mapGeneric, type GenericMapping } from './generic.js';
import { mapJiraWebhook } from './jira.js';
import { MappingError, type Mapped } from './shared.js';
import {
  correlationPointer,
  mapStepFunctionsEvents,
  regionMapFromPolicy,
} from './stepfunctions.js';

/** Connector settings the server is started with (`cmdctr serve --mapping … --aws-region …`). */
export interface ConnectorOptions {
  mappings?: readonly GenericMapping[];
  /** AWS region → policy region; added over the map read from the policy's `data_residency`. */
  awsRegions?: Readonly<Record<string, string>>;
}

export interface ConnectorRouteContext {
  /** The app's ingest path; throws the same problems as `POST /v1/events`. */
  ingest: (events: unknown[]) => Promise<IngestResult & { times: number[] }>;
  policy: () => LoadedPolicy;
  now: () => number;
  apiVersion: string;
  options: ConnectorOptions;
}

export const CONNECTOR_BODY_LIMIT = 256 * 1024;
const WORKFLOW = /^[a-z0-9_]+$/;
const REGION = /^[A-Z]{2,8}$/;
const FIELD = /^[A-Za-z0-9_.-]{1,100}$/;

type Query = Record<string, string | string[] | undefined>;

const one = (q: Query, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
};

function badPayload(err: MappingError, what: string): HttpProblem {
  return new HttpProblem({
    type: 'https://cmdctr.dev/problems/invalid-payload',
    title: `Invalid ${what} payload`,
    status: 400,
    detail: `${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the payload. Nothing was stored.`,
    invalid_params: err.problems.slice(0, 100),
  });
}

export function registerConnectorRoutes(app: FastifyInstance, ctx: ConnectorRouteContext): void {
  const mappings = new Map((ctx.options.mappings ?? []).map((m) => [m.id, m]));

  /** The policy workflow a `?workflow=` names; a 400 naming the parameter otherwise. */
  const workflowParam = (q: Query): PolicyWorkflow => {
    const id = one(q, 'workflow');
    const reason =
      id === undefined
        ? 'is required: the policy workflow these events belong to'
        : !WORKFLOW.test(id)
          ? `"${id}" is not a valid workflow id`
          : null;
    const found = id && !reason ? ctx.policy().policy.workflows.find((w) => w.id === id) : null;
    if (found) return found;
    throw invalidParams([
      { name: 'workflow', reason: reason ?? `"${String(id)}" is not a workflow of the policy` },
    ]);
  };

  /** `?region=`, else the workflow's only region; must be one the workflow runs in. */
  const regionParam = (q: Query, wf: PolicyWorkflow): string => {
    const r = one(q, 'region');
    if (r === undefined) {
      if (wf.regions.length === 1) return wf.regions[0]!;
      throw invalidParams([
        {
          name: 'region',
          reason: `is required: workflow ${wf.id} runs in ${wf.regions.join(', ')}`,
        },
      ]);
    }
    if (!REGION.test(r) || !wf.regions.includes(r))
      throw invalidParams([
        { name: 'region', reason: `must be one of ${wf.regions.join(', ')} (workflow ${wf.id})` },
      ]);
    return r;
  };

  const fieldParam = (q: Query, name: string): string | undefined => {
    const v = one(q, name);
    if (v !== undefined && !(FIELD.test(v) || (v.startsWith('/') && v.length <= 200)))
      throw invalidParams([{ name, reason: 'must be a field name or a JSON pointer' }]);
    return v;
  };

  const send = async (
    reply: FastifyReply,
    what: string,
    map: () => Mapped,
  ): Promise<FastifyReply> => {
    let mapped: Mapped;
    try {
      mapped = map();
    } catch (err) {
      if (err instanceof MappingError) throw badPayload(err, what);
      throw err;
    }
    let result = { accepted: 0, duplicates: 0, times: [] as number[] };
    if (mapped.events.length) {
      try {
        result = await ctx.ingest(mapped.events);
      } catch (err) {
        // The contract's checks run on the mapped events; say so, since the sender never wrote
        // `/0/region` itself.
        if (err instanceof HttpProblem && err.problem.invalid_params)
          throw new HttpProblem(
            {
              ...err.problem,
              detail:
                `${err.problem.detail ?? ''} The ${what} payload mapped to events the contract refuses; names point into the mapped batch.`.trim(),
            },
            err.headers,
          );
        throw err;
      }
    }
    const { times } = result;
    return reply
      .code(202)
      .header('cache-control', 'no-store')
      .send({
        apiVersion: ctx.apiVersion,
        meta: {
          asOf: new Date(ctx.now()).toISOString(),
          policyVersion: ctx.policy().policy.policy_version,
          filters: {
            ...(times.length
              ? {
                  from: new Date(Math.min(...times)).toISOString(),
                  to: new Date(Math.max(...times)).toISOString(),
                }
              : {}),
            tz: 'UTC',
          },
        },
        accepted: result.accepted,
        duplicates: result.duplicates,
        ignored: mapped.ignored,
      });
  };

  const opts = { bodyLimit: CONNECTOR_BODY_LIMIT };

  app.post('/v1/connectors/jira', opts, async (req: FastifyRequest, reply) => {
    const q = req.query as Query;
    const wf = workflowParam(q);
    const region = regionParam(q, wf);
    const typeField = fieldParam(q, 'typeField');
    return send(reply, 'Jira webhook', () =>
      mapJiraWebhook(req.body, {
        workflow: wf.id,
        region,
        ...(typeField ? { typeField: typeField.replace(/^\//, '') } : {}),
      }),
    );
  });

  app.post('/v1/connectors/stepfunctions', opts, async (req: FastifyRequest, reply) => {
    const q = req.query as Query;
    const wf = workflowParam(q);
    const field = fieldParam(q, 'correlationField');
    const regionMap = { ...regionMapFromPolicy(ctx.policy().policy), ...ctx.options.awsRegions };
    return send(reply, 'Step Functions event', () =>
      mapStepFunctionsEvents(req.body, {
        workflow: wf.id,
        workflowRegions: wf.regions,
        regionMap,
        ...(field ? { correlationPointer: correlationPointer(field) } : {}),
      }),
    );
  });

  app.post<{ Params: { mapping: string } }>(
    '/v1/connectors/generic/:mapping',
    opts,
    async (req, reply) => {
      const mapping = mappings.get(req.params.mapping);
      if (!mapping)
        throw problem(
          404,
          'not-found',
          'No such mapping',
          `No generic mapping "${req.params.mapping}" is loaded${mappings.size ? ` (loaded: ${[...mappings.keys()].join(', ')})` : ''}; start the server with --mapping FILE.`,
        );
      // The policy can change while the server runs; a mapping that no longer fits it is a
      // server-side configuration problem, not the sender's.
      const wf = ctx.policy().policy.workflows.find((w) => w.id === mapping.workflow);
      if (!wf || !wf.regions.includes(mapping.region))
        throw problem(
          409,
          'mapping-out-of-policy',
          'Mapping does not fit the policy',
          `Mapping "${mapping.id}" sends events to workflow ${mapping.workflow} in ${mapping.region}, which the current policy does not have.`,
        );
      return send(reply, `mapping ${mapping.id}`, () => mapGeneric(req.body, mapping));
    },
  );
}
