/**
 * `cmdctr`: serve, import servicenow, policy check, demo, ledger verify|export. Exit codes: 0 success, 1 the command
 * ran and failed (bad policy, unreadable file, store error), 2 usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDbStore } from './store/duckdb-store.js';
import { checkWebhookUrl, startGovernance } from './governance/index.js';
import {
  DEMO_POLICY_PATH,
  formatProblems,
  loadPolicy,
  parsePolicy,
  PolicyError,
  SEED_POLICY_PATH,
} from './policy/policy.js';
import { readFile, writeFile } from 'node:fs/promises';
import { devUserResolver } from './identity.js';
import { accessFromArgs } from './auth/config.js';
import { JwtConfigError } from './auth/jwt.js';
import {
  EXPORT_FORMAT,
  loadOrCreateKeys,
  publicKeyFrom,
  verifyBundle,
  verifyChain,
  type LedgerExport,
} from './ledger/ledger.js';
import { buildApp } from './http/app.js';
import { loadMapping, type GenericMapping } from './connectors/generic.js';
import type { ConnectorOptions } from './connectors/routes.js';
import { importServiceNow } from './importers/servicenow.js';
import {
  DEMO_SOURCE,
  defaultDemoOptions,
  startTrickle,
  writeDemoHistory,
  decideDemoApprovals,
} from './demo/generate.js';
import { isValidTimeZone } from './time.js';
import type { Store, StoredEvent } from './store/types.js';

/** The public sample lives in the workspace's shared/ folder, beside the repository. */
export const SERVICENOW_SAMPLE =
  process.env.CMDCTR_SERVICENOW_SAMPLE ??
  fileURLToPath(
    new URL(
      '../../../../shared/data/servicenow-incident-log/incident_event_log.sample.csv',
      import.meta.url,
    ),
  );
const DAY = 86_400_000;

class UsageError extends Error {}

const HELP = {
  main: `Usage: cmdctr <command> [options]

Commands:
  serve                 Run the metrics API server
  import servicenow     Import a ServiceNow incident export (CSV)
  policy check FILE     Validate a policy file
  demo                  Write 30 days of demo history into the database
  ledger verify|export  Verify the decision ledger, or export it for audit

Run \`cmdctr <command> --help\` for the options of a command.`,
  serve: `Usage: cmdctr serve [--port N] [--host H] [--data DIR] [--policy FILE] [--demo] [--static DIR]
                    [--cors-origin ORIGIN]... [--log-level LEVEL] [--regions CODES]
                    [--sweep-interval S] [--escalation-webhook URL]
                    [--jwt-jwks FILE_OR_URL | --jwt-public-key FILE --jwt-issuer ISS
                     --jwt-audience AUD [--jwt-algorithms LIST] [--jwt-roles-claim NAME]]

  --port N            TCP port (default 8787; 0 picks a free one)
  --host H            Interface to bind (default 127.0.0.1)
  --data DIR          Database folder (default ./data; file DIR/cmdctr.duckdb)
  --policy FILE       Policy YAML (default: the seed policy; with --demo the demo policy).
                      The file is watched: a valid change takes effect without restart and is
                      written to the ledger; an invalid one is refused and logged
  --sweep-interval S  Seconds between governance sweeps: stale escalation, auto-action
                      guards, ledger retention (default 60)
  --escalation-webhook URL
                      POST each escalation as JSON to URL (timeout 5 s, 3 retries with backoff)
  --demo              Write demo history if missing, then keep a live trickle of events going
  --static DIR        Serve this folder at /
  --cors-origin O     Allow cross-origin requests from O (repeatable; * for any)
  --log-level LEVEL   fatal, error, warn, info (default), debug, silent
  --dev-users         Accept X-Cmdctr-User: analyst|supervisor|auditor as the caller (on with
                      --demo unless bearer tokens are configured; refused together with them)
  --regions CODES     Regions this instance serves, e.g. NA (default: every region in the policy).
                      Events for other regions are refused (422, the whole batch); reads naming
                      another region get 403
  --mapping FILE      Generic JSON connector mapping (YAML, repeatable): enables
                      POST /v1/connectors/generic/<its id>
  --aws-region A=CODE AWS region → policy region for the Step Functions connector (repeatable;
                      default: the policy's data_residency, e.g. us-east-1=NA)

Access: without --jwt-* options every read is open to anyone who can reach the port, and
approvals trust the dev-user header. With them, every /v1 route but /v1/openapi.json needs
"Authorization: Bearer <JWT>" (401 otherwise), and reads only cover the workflows whose policy
controls.rbac_roles_allowed names one of the caller's roles (403 for a named other workflow).
  --jwt-jwks SRC          JWKS file, or https: URL (http: only on loopback), of the signing keys
  --jwt-public-key FILE   One public key instead: PEM (SPKI or certificate) or JWK JSON
  --jwt-issuer ISS        Required "iss"
  --jwt-audience AUD      Accepted "aud" (repeatable or comma-separated; required)
  --jwt-algorithms LIST   Pinned algorithms (default RS256,ES256,EdDSA; HS* and none refused)
  --jwt-roles-claim NAME  Claim holding the roles (default roles; a dotted path also works)`,
  ledger: `Usage: cmdctr ledger verify [--data DIR | --file EXPORT --public-key FILE]
       cmdctr ledger export --out FILE [--data DIR]

verify   Recomputes the hash chain (and checks every signed checkpoint) and names the first
         entry that does not match. With --file, checks an export offline against the public
         key given (base64 raw or PEM), not the one inside the export. Exit 1 when broken.
export   Writes entries, signed checkpoints and the public key as one JSON file.`,
  import: `Usage: cmdctr import servicenow FILE --workflow ID [--tz ZONE] [--region CODE] [--data DIR]

  FILE                A ServiceNow incident event log export (CSV, ServiceNow column names)
  --workflow ID       Workflow the incidents belong to (e.g. servicenow_incidents)
  --tz ZONE           IANA zone of the export's wall-clock times (default UTC)
  --region CODE       Region of the incidents (default NA)
  --data DIR          Database folder (default ./data)`,
  policy: `Usage: cmdctr policy check FILE

Validates FILE against the policy schema and prints every problem as FILE:LINE:COLUMN: reason.
Exit code 0 when valid, 1 when not.`,
  demo: `Usage: cmdctr demo [--data DIR] [--days N] [--seed N] [--no-servicenow]

Writes N days (default 30) of seeded history for the seed's two workflows and imports the
ServiceNow sample as the workflow servicenow_incidents, then exits. Re-running is safe: events
already present are counted as duplicates. \`cmdctr serve --demo\` does this and keeps a live
trickle going. Approvals requested more than two hours ago are decided (some approved without
opening the evidence, some after their SLA) and written to the ledger.`,
} satisfies Record<string, string>;

function parse(args: string[], options: ParseArgsConfig['options']): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function dbPath(dataDir: string | undefined): string {
  return join(resolve(dataDir ?? './data'), 'cmdctr.duckdb');
}

function int(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer between ${min} and ${max}`);
  return n;
}

function progressBar(label: string): (done: number, total: number) => void {
  let lastPct = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === lastPct) return;
    lastPct = pct;
    if (process.stderr.isTTY)
      process.stderr.write(`\r${label} ${pct}% (${done}/${total})${done >= total ? '\n' : ''}`);
    else if (pct % 10 === 0 || done >= total)
      process.stderr.write(`${label} ${pct}% (${done}/${total})\n`);
  };
}

async function openStore(dataDir: string | undefined): Promise<DuckDbStore> {
  const keys = await loadOrCreateKeys(resolve(dataDir ?? './data'));
  return DuckDbStore.open({ path: dbPath(dataDir), keys });
}

async function demoHistory(
  store: Store,
  days: number,
  seed: number,
  withServiceNow: boolean,
  log: (s: string) => void,
  stamp?: { policyVersion: string; policyHash: string },
): Promise<{ future: StoredEvent[]; since: number }> {
  const now = Date.now();
  const last = await store.lastEventTime(DEMO_SOURCE);
  const from = last !== null && last > now - days * DAY ? last : now - days * DAY;
  const options = defaultDemoOptions(now, seed);
  const r = await writeDemoHistory(store, from, now, options, progressBar('demo history'));
  log(`demo: ${r.accepted} events written, ${r.duplicates} already present`);
  if (stamp) {
    // Decisions need the policy identity for their ledger entries; the last two hours stay
    // pending so the live demo has approvals to decide.
    const d = await decideDemoApprovals(store, now - 2 * 3_600_000, stamp, seed);
    log(
      `demo: ${d.decided} approvals decided (${d.unseen} approved unseen, ${d.late} late), ${d.waiting} left waiting`,
    );
  }
  if (withServiceNow) {
    // Shift the 2016 sample so its first incident opens `days` days ago: it then sits beside
    // the generated history in every window.
    const first = Date.UTC(2016, 1, 29, 1, 16);
    const shiftMs = Math.floor((now - days * DAY - first) / DAY) * DAY;
    const s = await importServiceNow(
      store,
      SERVICENOW_SAMPLE,
      { workflow: 'servicenow_incidents', region: 'NA', tz: 'UTC', shiftMs },
      progressBar('servicenow sample'),
    );
    log(
      `demo: servicenow sample ${s.incidents} incidents, ${s.accepted} events written, ${s.duplicates} already present`,
    );
  }
  return { future: r.future, since: now };
}

/** `--mapping FILE…` and `--aws-region us-west-2=NA…`; a bad file exits 1 naming line and column. */
async function connectorsFromArgs(
  files: string[],
  awsRegions: string[],
): Promise<ConnectorOptions> {
  const mappings: GenericMapping[] = [];
  for (const file of files) {
    const m = await loadMapping(file);
    if (mappings.some((x) => x.id === m.id))
      throw new UsageError(`--mapping: two mappings have the id "${m.id}"`);
    mappings.push(m);
  }
  const regions: Record<string, string> = {};
  for (const pair of awsRegions) {
    const m = /^([a-z]{2}(?:-[a-z]+)+-\d+)=([A-Z]{2,8})$/.exec(pair);
    if (!m)
      throw new UsageError(`--aws-region: "${pair}" is not AWS_REGION=CODE (e.g. us-west-2=NA)`);
    regions[m[1]!] = m[2]!;
  }
  return { mappings, awsRegions: regions };
}

async function serve(args: string[]): Promise<number> {
  const { values } = parse(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    policy: { type: 'string' },
    demo: { type: 'boolean' },
    static: { type: 'string' },
    'cors-origin': { type: 'string', multiple: true },
    'log-level': { type: 'string' },
    'dev-users': { type: 'boolean' },
    regions: { type: 'string' },
    'jwt-jwks': { type: 'string' },
    'jwt-public-key': { type: 'string' },
    'jwt-issuer': { type: 'string' },
    'jwt-audience': { type: 'string', multiple: true },
    'jwt-algorithms': { type: 'string' },
    'jwt-roles-claim': { type: 'string' },
    'sweep-interval': { type: 'string' },
    'escalation-webhook': { type: 'string' },
    mapping: { type: 'string', multiple: true },
    'aws-region': { type: 'string', multiple: true },
  });
  if (values.help) return help('serve');
  const sweepSeconds = int('sweep-interval', str(values['sweep-interval']), 60, 1, 86_400);
  const webhook = str(values['escalation-webhook']);
  if (webhook !== undefined) {
    try {
      checkWebhookUrl(webhook);
    } catch (err) {
      throw new UsageError(`--escalation-webhook: ${(err as Error).message}`);
    }
  }
  const port = int('port', str(values.port), 8787, 0, 65535);
  const host = str(values.host) ?? '127.0.0.1';
  const level = str(values['log-level']) ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level))
    throw new UsageError(
      `--log-level must be one of fatal, error, warn, info, debug, trace, silent`,
    );
  const policy = await loadPolicy(
    str(values.policy) ?? (values.demo ? DEMO_POLICY_PATH : SEED_POLICY_PATH),
  );
  // Before the store opens: a bad access option must not leave a half-started server.
  const access = await accessFromArgs(
    {
      jwtJwks: str(values['jwt-jwks']),
      jwtPublicKey: str(values['jwt-public-key']),
      jwtIssuer: str(values['jwt-issuer']),
      jwtAudience: values['jwt-audience'] as string[] | undefined,
      jwtAlgorithms: str(values['jwt-algorithms']),
      jwtRolesClaim: str(values['jwt-roles-claim']),
      regions: str(values.regions),
      devUsers: values['dev-users'] === true,
    },
    policy.policy,
  ).catch((err: unknown) => {
    throw err instanceof JwtConfigError ? new UsageError(err.message) : err;
  });
  const connectors = await connectorsFromArgs(
    (values.mapping as string[] | undefined) ?? [],
    (values['aws-region'] as string[] | undefined) ?? [],
  );
  const store = await openStore(str(values.data));
  await store.syncPolicy(policy.policy);
  await store.recordPolicy(policy, 'system');
  const corsOrigins = ((values['cors-origin'] as string[] | undefined) ?? [])
    .flatMap((o) => o.split(','))
    .map((o) => o.trim())
    .filter(Boolean);
  const built = await buildApp({
    store,
    policy,
    corsOrigins,
    staticDir: str(values.static),
    logger: { level },
    identify: values['dev-users'] || values.demo ? devUserResolver() : undefined,
    access,
    connectors,
  });
  const { app } = built;
  const governance = startGovernance({
    store,
    app: built,
    policy,
    log: app.log,
    sweepIntervalMs: sweepSeconds * 1000,
    escalationWebhook: webhook,
    policyFile: str(values.policy),
  });

  let stopTrickle = (): void => undefined;
  if (values.demo) {
    const { future, since } = await demoHistory(store, 30, 42, true, (s) => app.log.info(s), {
      policyVersion: policy.policy.policy_version,
      policyHash: policy.hash,
    });
    stopTrickle = startTrickle(store, {
      ...defaultDemoOptions(Date.now()),
      intervalMs: 4000,
      since,
      pending: future,
      onError: (e) => app.log.warn({ err: e }, 'demo trickle failed'),
    });
  }

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    stopTrickle();
    // Stop taking requests, let in-flight ones (and their commits) finish, then close the file.
    await app.close();
    await governance.stop();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ port, host });
  process.stdout.write(
    `cmdctr listening on ${address} (policy ${policy.policy.policy_version}, data ${dbPath(str(values.data))})\n`,
  );
  return -1; // keep running
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    workflow: { type: 'string' },
    tz: { type: 'string' },
    region: { type: 'string' },
    data: { type: 'string' },
  });
  if (values.help) return help('import');
  const [kind, file, extra] = positionals;
  if (kind !== 'servicenow')
    throw new UsageError(
      kind
        ? `unknown import kind "${kind}" (supported: servicenow)`
        : 'missing import kind (supported: servicenow)',
    );
  if (!file) throw new UsageError('missing FILE');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const workflow = str(values.workflow);
  if (!workflow) throw new UsageError('--workflow is required');
  if (!/^[a-z0-9_]+$/.test(workflow)) throw new UsageError('--workflow must match ^[a-z0-9_]+$');
  const tz = str(values.tz) ?? 'UTC';
  if (!isValidTimeZone(tz)) throw new UsageError(`--tz: unknown IANA time zone "${tz}"`);
  const region = str(values.region) ?? 'NA';
  if (!/^[A-Z]{2,8}$/.test(region)) throw new UsageError('--region must be 2 to 8 capital letters');
  const store = await openStore(str(values.data));
  try {
    const r = await importServiceNow(store, file, { workflow, tz, region }, progressBar('import'));
    for (const p of r.problems.slice(0, 20))
      process.stderr.write(`note: ${p.number}: ${p.reason}\n`);
    if (r.problems.length > 20)
      process.stderr.write(`note: … and ${r.problems.length - 20} more\n`);
    process.stdout.write(
      `imported ${r.incidents} incidents from ${r.rows} rows: ${r.events} events, ${r.accepted} new, ${r.duplicates} duplicates` +
        (r.firstMs !== null
          ? ` (${new Date(r.firstMs).toISOString()} … ${new Date(r.lastMs!).toISOString()})`
          : '') +
        '\n',
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function policyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) return help('policy');
  const [sub, file, ...rest] = positionals;
  if (sub !== 'check')
    throw new UsageError(
      sub
        ? `unknown policy command "${sub}" (supported: check)`
        : 'missing policy command (supported: check)',
    );
  if (!file || rest.length) throw new UsageError('expected exactly one FILE');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stderr.write(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`,
    );
    return 1;
  }
  const result = parsePolicy(text);
  if (!result.policy) {
    process.stdout.write(
      `${formatProblems(file, result.problems)}\n${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `${file}: valid (policy_version ${result.policy.policy_version}, ${result.policy.workflows.length} workflows)\n`,
  );
  return 0;
}

async function demoCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    data: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    'no-servicenow': { type: 'boolean' },
  });
  if (values.help) return help('demo');
  const days = int('days', str(values.days), 30, 1, 365);
  const seed = int('seed', str(values.seed), 42, 0, 2 ** 31);
  const store = await openStore(str(values.data));
  try {
    const demoPolicy = await loadPolicy(DEMO_POLICY_PATH);
    await store.syncPolicy(demoPolicy.policy);
    await demoHistory(
      store,
      days,
      seed,
      !values['no-servicenow'],
      (s) => process.stdout.write(`${s}\n`),
      { policyVersion: demoPolicy.policy.policy_version, policyHash: demoPolicy.hash },
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function ledgerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    data: { type: 'string' },
    file: { type: 'string' },
    'public-key': { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return help('ledger');
  const [sub, ...rest] = positionals;
  if (rest[0] !== undefined) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const report = (r: {
    ok: boolean;
    entriesChecked: number;
    headSeq: number | null;
    firstBrokenSeq: number | null;
    reason: string | null;
  }): number => {
    if (r.ok) {
      process.stdout.write(
        `ledger ok: ${r.entriesChecked} entries verified${r.headSeq === null ? '' : `, head seq ${r.headSeq}`}\n`,
      );
      return 0;
    }
    process.stdout.write(
      `ledger BROKEN at seq ${String(r.firstBrokenSeq)}: ${r.reason ?? 'unknown'}\n`,
    );
    return 1;
  };
  if (sub === 'verify') {
    const file = str(values.file);
    if (file) {
      if (values.data !== undefined) throw new UsageError('use either --data or --file');
      const keyFile = str(values['public-key']);
      if (!keyFile) throw new UsageError('--file needs --public-key FILE');
      const publicKey = publicKeyFrom(await readFile(keyFile, 'utf8'));
      const bundle: unknown = JSON.parse(await readFile(file, 'utf8'));
      const r = verifyBundle(bundle, publicKey);
      process.stdout.write(`${r.checkpointsChecked} signed checkpoints checked\n`);
      return report(r);
    }
    const store = await openStore(str(values.data));
    try {
      return report(verifyChain(await store.ledgerEntries()));
    } finally {
      await store.close();
    }
  }
  if (sub === 'export') {
    const out = str(values.out);
    if (!out) throw new UsageError('--out FILE is required');
    const dataDir = resolve(str(values.data) ?? './data');
    const keys = await loadOrCreateKeys(dataDir);
    const store = await DuckDbStore.open({ path: dbPath(dataDir), keys });
    try {
      // Sign the current head so the bundle's last entries are covered by a checkpoint.
      await store.checkpoint();
      const entries = (await store.ledgerEntries()).map(({ corrupt: _c, ...e }) => e);
      const bundle: LedgerExport = {
        format: EXPORT_FORMAT,
        exportedAt: new Date().toISOString(),
        publicKey: keys.publicKeyBase64,
        entries,
        checkpoints: await store.checkpoints(),
      };
      await writeFile(out, `${JSON.stringify(bundle, null, 2)}\n`);
      process.stdout.write(
        `exported ${bundle.entries.length} entries and ${bundle.checkpoints.length} checkpoints to ${out}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  }
  throw new UsageError(
    sub
      ? `unknown ledger command "${sub}" (supported: verify, export)`
      : 'missing ledger command (supported: verify, export)',
  );
}

function help(topic: keyof typeof HELP): number {
  process.stdout.write(`${HELP[topic]}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        return help('main');
      case 'serve':
        return await serve(rest);
      case 'import':
        return await importCommand(rest);
      case 'policy':
        return await policyCommand(rest);
      case 'demo':
        return await demoCommand(rest);
      case 'ledger':
        return await ledgerCommand(rest);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`cmdctr: ${err.message}\nRun \`cmdctr --help\` for usage.\n`);
      return 2;
    }
    if (err instanceof PolicyError) {
      process.stderr.write(`cmdctr: invalid policy\n${formatProblems(err.source, err.problems)}\n`);
      return 1;
    }
    process.stderr.write(`cmdctr: ${(err as Error).message}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) {
  // Let stdout drain before exiting.
  process.exitCode = code;
  if (code !== 0) setTimeout(() => process.exit(code), 10).unref();
}
