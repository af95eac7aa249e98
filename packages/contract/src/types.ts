// Friendly names for the contract's types. They alias the openapi-typescript output, so
// openapi.yaml stays the only place a shape is defined.
import type { components, operations, paths } from './generated/openapi.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

export type Bucket = Schemas['Bucket'];
export type Severity = Schemas['Severity'];
export type AppliedFilters = Schemas['AppliedFilters'];
export type Meta = Schemas['Meta'];
export type Annotation = Schemas['Annotation'];
export type InvalidParam = Schemas['InvalidParam'];
export type Problem = Schemas['Problem'];
export type Slo = Schemas['Slo'];
export type RateThresholds = Schemas['RateThresholds'];
export type WorkflowThresholds = Schemas['WorkflowThresholds'];
export type Escalation = Schemas['Escalation'];
export type AutoResolve = Schemas['AutoResolve'];
export type ExceptionTypePolicy = Schemas['ExceptionTypePolicy'];
export type Workflow = Schemas['Workflow'];
export type WorkflowsResponse = Schemas['WorkflowsResponse'];
export type ThroughputSeries = Schemas['ThroughputSeries'];
export type Backlog = Schemas['Backlog'];
export type ThroughputPrevious = Schemas['ThroughputPrevious'];
export type ThroughputResponse = Schemas['ThroughputResponse'];
export type MatrixRowDimension = Schemas['MatrixRowDimension'];
export type ExceptionMatrixRow = Schemas['ExceptionMatrixRow'];
export type ExceptionMatrixTotals = Schemas['ExceptionMatrixTotals'];
export type ExceptionMatrixResponse = Schemas['ExceptionMatrixResponse'];
export type Coverage = Schemas['Coverage'];
export type OwnershipByWorkflow = Schemas['OwnershipByWorkflow'];
export type OwnershipByType = Schemas['OwnershipByType'];
export type OwnershipResponse = Schemas['OwnershipResponse'];
export type MttrResponse = Schemas['MttrResponse'];
export type KpiResponse = Schemas['KpiResponse'];
export type Kpi = Schemas['Kpi'];
export type KpiId = Schemas['KpiId'];
export type ParetoResponse = Schemas['ParetoResponse'];
export type ParetoItem = Schemas['ParetoItem'];
export type AutomationResponse = Schemas['AutomationResponse'];
export type ExceptionStatus = Schemas['ExceptionStatus'];
export type ExceptionLinks = Schemas['ExceptionLinks'];
export type ExceptionItem = Schemas['ExceptionItem'];
export type ExceptionListResponse = Schemas['ExceptionListResponse'];
export type ApprovalStatus = Schemas['ApprovalStatus'];
export type ApprovalException = Schemas['ApprovalException'];
export type ProposedAction = Schemas['ProposedAction'];
export type EvidenceItem = Schemas['EvidenceItem'];
export type ApprovalDecision = Schemas['ApprovalDecision'];
export type CanDecide = Schemas['CanDecide'];
export type Approval = Schemas['Approval'];
export type ApprovalListResponse = Schemas['ApprovalListResponse'];
export type ApprovalResponse = Schemas['ApprovalResponse'];
export type DecisionRequest = Schemas['DecisionRequest'];
export type LedgerAction = Schemas['LedgerAction'];
export type LedgerEntry = Schemas['LedgerEntry'];
export type LedgerListResponse = Schemas['LedgerListResponse'];
export type LedgerCheckpoint = Schemas['LedgerCheckpoint'];
export type LedgerVerifyResponse = Schemas['LedgerVerifyResponse'];
export type MetricTopic = Schemas['MetricTopic'];
export type StreamMetricsChanged = Schemas['StreamMetricsChanged'];
export type StreamApprovalCreated = Schemas['StreamApprovalCreated'];
export type StreamApprovalDecided = Schemas['StreamApprovalDecided'];
export type StreamEscalation = Schemas['StreamEscalation'];
export type StreamHeartbeat = Schemas['StreamHeartbeat'];
export type IngestEvent = Schemas['IngestEvent'];
export type IngestResponse = Schemas['IngestResponse'];
export type ApiVersion = Schemas['ApiVersion'];
export type TimeBuckets = Schemas['TimeBuckets'];
export type NullableHours = Schemas['NullableHours'];

/** Every operationId in the contract. */
export type OperationId = keyof operations;

/** Query parameters of an operation, e.g. `QueryOf<'getExceptionMatrix'>`. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

/** The JSON body of an operation's successful response. */
export type SuccessBodyOf<Op extends OperationId> = operations[Op]['responses'] extends infer R
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 202: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** The `data` of each named server-sent event of `GET /v1/stream`. */
export interface StreamEventMap {
  'metrics-changed': StreamMetricsChanged;
  'approval-created': StreamApprovalCreated;
  'approval-decided': StreamApprovalDecided;
  escalation: StreamEscalation;
  heartbeat: StreamHeartbeat;
}
export type StreamEventName = keyof StreamEventMap;
