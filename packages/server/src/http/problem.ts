/** RFC 9457 problem details, the only error body the server sends. */
export interface InvalidParam {
  name: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  invalid_params?: InvalidParam[];
}

const BASE = 'https://cmdctr.dev/problems/';

export class HttpProblem extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
  }
}

export function invalidParams(
  params: InvalidParam[],
  what: 'query parameters' | 'events' = 'query parameters',
): HttpProblem {
  return new HttpProblem({
    type: `${BASE}invalid-${what === 'events' ? 'events' : 'parameters'}`,
    title: what === 'events' ? 'Invalid events' : 'Invalid query parameters',
    status: 400,
    detail:
      what === 'events'
        ? `${params.length} problem${params.length === 1 ? '' : 's'} in the batch. Nothing was stored.`
        : `${params.length} query parameter${params.length === 1 ? '' : 's'} could not be used. Nothing was computed.`,
    invalid_params: params,
  });
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail?: string,
  headers?: Record<string, string>,
): HttpProblem {
  return new HttpProblem(
    { type: `${BASE}${slug}`, title, status, ...(detail ? { detail } : {}) },
    headers,
  );
}
