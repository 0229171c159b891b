/**
 * The OpenAPI 3.1 document of storage-tiering's HTTP API, served at GET /openapi.json.
 * Hand-written; openapi.document.spec.ts checks it against the controllers' routes and the query DTOs.
 */
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const secured = { security: [{ apiKey: [] }] };
const refusals = {
  '400': errorResponse('Bad request: one message per invalid parameter'),
  '401': errorResponse('No or unknown x-api-key'),
  '403': errorResponse('The key’s role or tenant scope does not allow this'),
};
const query = (name: string, schema: object, description: string) => ({ name, in: 'query', required: false, schema, description });
const path = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,199}$' }, description });
const isoDate = { type: 'string', format: 'date-time' };
const complexity = { type: 'string', enum: ['trivial', 'standard', 'complex'] };
const taskType = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' };

const summaryProperties = {
  count: { type: 'integer' },
  successes: { type: 'integer' },
  successRate: { type: ['number', 'null'] },
  averageQuality: { type: ['number', 'null'] },
  averageReward: { type: ['number', 'null'] },
  tokensTotal: { type: 'number' },
  averageTokens: { type: ['number', 'null'] },
  latencyMs: {
    oneOf: [{ type: 'null' }, { type: 'object', properties: { mean: { type: 'number' }, p50: { type: 'number' }, p95: { type: 'number' }, p99: { type: 'number' } } }],
    description: 'p50/p95/p99 from a log-spaced histogram (within 19 % of the exact value)',
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Benchpool storage-tiering query API',
    version: '1.0.0',
    description:
      'Statistics, data points, agent feedback and collection health over the hot (Redis, 7 days), warm (MongoDB datapoints, 90 days) and cold ' +
      '(agent_stats_daily, 2 years) tiers. Every /v1 request needs an x-api-key; every access is written to access_audit.',
  },
  servers: [{ url: 'http://127.0.0.1:3105' }],
  components: {
    securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    schemas: {
      Error: {
        type: 'object',
        properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
      },
      StatisticsSummary: { type: 'object', properties: summaryProperties },
      AgentStatistics: {
        type: 'object',
        properties: {
          agentId: { type: 'string' }, taskType: { type: ['string', 'null'] }, complexity: { oneOf: [complexity, { type: 'null' }] },
          source: { type: 'string', enum: ['hot', 'cold'] },
          window: { type: 'object', properties: { start: isoDate, end: isoDate, hours: { type: 'number' } } },
          ...summaryProperties,
        },
      },
      SystemStatistics: {
        type: 'object',
        properties: {
          groupBy: { type: 'string', enum: ['task-type', 'agent', 'day'] },
          timeRange: { type: 'object', properties: { fromDay: { type: 'string', format: 'date' }, toDay: { type: 'string', format: 'date' } } },
          source: { type: 'string', enum: ['cold'] },
          total: ref('StatisticsSummary'),
          groups: { type: 'array', items: { allOf: [{ type: 'object', properties: { key: { type: 'string' } } }, ref('StatisticsSummary')] } },
        },
      },
      CollectionHealth: {
        type: 'object',
        description: 'The seeds’ CollectionMetrics over whole UTC days',
        properties: {
          timeRange: { type: 'object', properties: { fromDay: { type: 'string' }, toDay: { type: 'string' }, days: { type: 'integer' } } },
          dataPointsPerDay: { type: 'number' },
          dataPointsByDay: { type: 'object', additionalProperties: { type: 'integer' } },
          dataPointsPerAgent: { type: 'object', additionalProperties: { type: 'integer' } },
          dataPointsPerTaskType: { type: 'object', additionalProperties: { type: 'integer' } },
          stored: { type: 'integer' },
          quarantined: { type: 'integer' },
          validDataPercentage: { type: ['number', 'null'] },
          privacyViolations: { type: 'integer' },
          schemaValidationFailures: { type: 'integer' },
          schemaValidationFailurePercentage: { type: ['number', 'null'] },
          quarantinedByGate: { type: 'object', additionalProperties: { type: 'integer' } },
          rlReadyPercentage: { type: ['number', 'null'] },
          agentsCovered: { type: 'integer' },
          taskTypesCovered: { type: 'integer' },
          complexityDistribution: { type: 'object', properties: { trivial: { type: 'integer' }, standard: { type: 'integer' }, complex: { type: 'integer' } } },
          targets: { type: 'object' },
          meetsTargets: { type: 'object' },
        },
      },
      Datapoint: {
        type: 'object',
        description:
          'A BenchmarkDataPoint (see libs/contracts) plus storedAt, exportedAt, trainingBatchId(s). For the analyst role the free-text fields ' +
          '(task.description, execution.failureReason, execution.artifacts.diff/files/messages, execution.turns[].messages/feedback, ' +
          'tool-call arguments/results, evaluation.qualityGates[].detail) are absent.',
        additionalProperties: true,
        properties: { id: { type: 'string' }, timestamp: isoDate, tenantId: { type: 'string' }, storedAt: isoDate, exportedAt: isoDate, trainingBatchId: { type: 'string' } },
      },
      DatapointPage: {
        type: 'object',
        properties: {
          items: { type: 'array', items: ref('Datapoint') },
          count: { type: 'integer' },
          nextCursor: { type: ['string', 'null'], description: 'pass as cursor for the next (older) page' },
          fields: { type: 'string', enum: ['full', 'anonymized'] },
        },
      },
      TrendEvidence: {
        type: 'object',
        properties: {
          trend: { type: 'string', enum: ['improving', 'stable', 'degrading'] }, test: { type: 'string' },
          before: { type: ['number', 'null'] }, after: { type: ['number', 'null'] }, statistic: { type: ['number', 'null'] }, pValue: { type: ['number', 'null'] },
          samples: { type: 'object', properties: { before: { type: 'integer' }, after: { type: 'integer' } } },
        },
      },
      AgentFeedbackReport: {
        type: 'object',
        properties: {
          event: { description: 'agent.feedback.reported.v1 data (libs/contracts/schemas/agent.feedback.reported.v1.schema.json)', type: 'object' },
          evidence: {
            type: 'object',
            properties: {
              successRate: ref('TrendEvidence'), quality: ref('TrendEvidence'), latency: ref('TrendEvidence'),
              pointsCurrent: { type: 'integer' }, pointsPrevious: { type: 'integer' },
            },
          },
        },
      },
      CreateApiKey: {
        type: 'object',
        required: ['role', 'tenantScope', 'name'],
        properties: {
          role: { type: 'string', enum: ['arbiter', 'analyst', 'rl-trainer', 'admin'] },
          tenantScope: { type: 'string', pattern: '^(\\*|[a-f0-9]{16,128})$', description: "'*' or a hashed tenant id" },
          name: { type: 'string', minLength: 1, maxLength: 100 },
        },
      },
      ApiKeyCreated: {
        type: 'object',
        properties: { keyId: { type: 'string' }, apiKey: { type: 'string', description: 'shown once; only its sha256 is stored' }, role: { type: 'string' }, tenantScope: { type: 'string' }, name: { type: 'string' } },
      },
      AccessAuditEntry: {
        type: 'object',
        properties: {
          _id: { type: 'string' }, at: isoDate, keyId: { type: ['string', 'null'] }, role: { type: ['string', 'null'] }, method: { type: 'string' }, route: { type: 'string' },
          path: { type: 'string' }, params: { type: 'object' }, status: { type: 'integer' }, records: { type: 'integer' }, durationMs: { type: 'number' }, reason: { type: 'string' },
        },
      },
      RetentionReport: {
        type: 'object',
        properties: {
          runId: { type: 'string' }, resumed: { type: 'boolean' }, asOf: isoDate, warmCutoff: isoDate, coldCutoffDay: { type: 'string' },
          movedToCold: { type: 'integer' }, warmDeleted: { type: 'integer' }, quarantineMarkersDeleted: { type: 'integer' }, coldDeleted: { type: 'integer' }, durationMs: { type: 'integer' },
        },
      },
    },
  },
  paths: {
    '/v1/agents/{agentId}/stats': {
      get: {
        summary: 'Agent statistics for a window (hot tier up to 7 days, cold tier beyond)', ...secured,
        description: 'Roles: all. Hot windows are whole hours ending with the current hour; cold windows whole UTC days.',
        parameters: [
          path('agentId', 'agent id'),
          query('taskType', taskType, 'one task type (default: all)'),
          query('complexity', complexity, 'one complexity (default: all)'),
          query('windowHours', { type: 'integer', minimum: 1, maximum: 17568, default: 168 }, 'window length in hours'),
          query('end', isoDate, 'end of the window (default: now)'),
        ],
        responses: { '200': json(ref('AgentStatistics')), ...refusals },
      },
    },
    '/v1/stats/system': {
      get: {
        summary: 'System statistics grouped by task type, agent or day (cold tier, whole UTC days)', ...secured,
        description:
          'Roles: all. Cross-tenant aggregates: analysts always get an ε-differentially private release (Laplace noise on counts, ' +
          'success and quality sums; tokens and latency withheld; a `privacy` field says so), charged 2ε to their tenant scope per ' +
          'period (403 once the budget is spent). Other roles may ask for one with `epsilon`.',
        parameters: [
          query('groupBy', { type: 'string', enum: ['task-type', 'agent', 'day'], default: 'task-type' }, 'grouping'),
          query('from', isoDate, 'start (default: 30 days before to)'),
          query('to', isoDate, 'end, exclusive at a day boundary (default: now)'),
          query('epsilon', { type: 'number', minimum: 0.01, maximum: 10 }, 'ε of a differentially private release (default for analysts: STORAGE_DP_EPSILON)'),
        ],
        responses: { '200': json(ref('SystemStatistics')), ...refusals },
      },
    },
    '/v1/collection/health': {
      get: {
        summary: 'Collection health (CollectionMetrics): volume, valid %, privacy violations, schema failures, coverage', ...secured,
        description: 'Roles: analyst, rl-trainer, admin.',
        parameters: [query('from', isoDate, 'start (default: 7 days before to)'), query('to', isoDate, 'end (default: now)')],
        responses: { '200': json(ref('CollectionHealth')), ...refusals },
      },
    },
    '/v1/datapoints': {
      get: {
        summary: 'Search data points (warm tier), newest first, cursor pagination', ...secured,
        description: 'Roles: analyst (anonymized fields only), rl-trainer, admin. A tenant-scoped key sees its tenant only.',
        parameters: [
          query('agentId', { type: 'string' }, 'agent'),
          query('taskType', taskType, 'task type'),
          query('complexity', complexity, 'complexity'),
          query('minQuality', { type: 'number', minimum: 0, maximum: 1 }, 'evaluation.overallScore ≥'),
          query('maxQuality', { type: 'number', minimum: 0, maximum: 1 }, 'evaluation.overallScore ≤'),
          query('rlReady', { type: 'boolean' }, 'RL-ready points only (true) or not RL-ready only (false)'),
          query('exported', { type: 'boolean' }, 'exported to a training batch or not'),
          query('from', isoDate, 'timestamp ≥'),
          query('to', isoDate, 'timestamp <'),
          query('tenantId', { type: 'string', pattern: '^[a-f0-9]{16,128}$' }, 'hashed tenant id (a tenant-scoped key may only name its own)'),
          query('trainingBatchId', { type: 'string' }, 'points exported in this batch'),
          query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, 'page size'),
          query('cursor', { type: 'string' }, 'nextCursor of the previous page'),
        ],
        responses: { '200': json(ref('DatapointPage')), ...refusals },
      },
    },
    '/v1/datapoints/{id}': {
      get: {
        summary: 'One data point', ...secured,
        description: 'Roles: analyst (anonymized fields only), rl-trainer, admin. Another tenant’s point → 403.',
        parameters: [path('id', 'data point id (= task id)')],
        responses: { '200': json(ref('Datapoint')), ...refusals, '404': errorResponse('No such data point') },
      },
    },
    '/v1/agents/{agentId}/feedback': {
      get: {
        summary: 'Agent feedback: trends, capability changes, training needs, strengths', ...secured,
        description: 'Roles: all. Current window vs the previous one of equal length: two-proportion z-test (success), Welch t-test (quality, latency), alpha 0.05.',
        parameters: [
          path('agentId', 'agent id'),
          query('windowDays', { type: 'integer', minimum: 1, maximum: 90, default: 7 }, 'window length in days'),
          query('end', isoDate, 'the current window ends with this UTC day (default: today)'),
        ],
        responses: { '200': json(ref('AgentFeedbackReport')), ...refusals },
      },
    },
    '/v1/admin/api-keys': {
      post: {
        summary: 'Create an API key (returned once)', ...secured,
        description: 'Role: admin. A tenant-scoped admin creates keys for its tenant only.',
        requestBody: { required: true, content: { 'application/json': { schema: ref('CreateApiKey') } } },
        responses: { '201': json(ref('ApiKeyCreated'), 'Created'), ...refusals },
      },
    },
    '/v1/admin/access-audit': {
      get: {
        summary: 'Read the access audit log, newest first', ...secured,
        description: 'Role: admin.',
        parameters: [query('keyId', { type: 'string' }, 'one key'), query('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, 'entries')],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('AccessAuditEntry') } } }), ...refusals },
      },
    },
    '/v1/admin/retention/run': {
      post: {
        summary: 'Run (or resume) the retention job now', ...secured,
        description: 'Role: admin.',
        responses: { '200': json(ref('RetentionReport')), ...refusals, '409': errorResponse('Another replica holds the retention lease') },
      },
    },
    '/v1/admin/maintenance/run': {
      post: {
        summary: 'Complete abandoned storage batches and settle committed ones now', ...secured,
        description: 'Role: admin.',
        responses: {
          '200': json({ type: 'object', properties: { recoveredBatches: { type: 'integer' }, recoveredPoints: { type: 'integer' }, settledBatches: { type: 'integer' } } }),
          ...refusals,
          '409': errorResponse('Another replica holds the maintenance lease'),
        },
      },
    },
    '/v1/admin/feedback/run': {
      post: {
        summary: 'Run the daily agent feedback job now (publishes agent.feedback.reported.v1)', ...secured,
        description: 'Role: admin.',
        requestBody: {
          required: false,
          content: { 'application/json': { schema: { type: 'object', properties: { end: isoDate, force: { type: 'boolean', description: 'report again even if this day was reported' } } } } },
        },
        responses: {
          '200': json({ type: 'object', properties: { day: { type: 'string' }, agents: { type: 'integer' }, published: { type: 'integer' }, skipped: { type: 'string' } } }),
          ...refusals,
        },
      },
    },
    '/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }) } } },
    '/health': { get: { summary: 'Readiness of Kafka, MongoDB and Redis', responses: { '200': json({ type: 'object' }), '503': json({ type: 'object' }, 'Degraded') } } },
    '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
  },
} as const;
