import { DEFAULT_ANONYMIZATION_POLICY } from '../anonymization-policy';
import { DataPointAnonymizer } from '../data-point-anonymizer';
import { buildSampleDataPoint } from '../fixtures/sample-data-point.fixture';
import { FieldSpec, NON_NEGATIVE_FIELDS, PART_FIELDS, ROOT_FIELDS, UNIT_INTERVAL_FIELDS, valuesAt } from './data-point-schema';
import { RollingQuantiles } from './rolling-quantiles';
import { observeDataPointMetrics, VALIDATION_GATES, validateDataPoint, ValidationReport } from './validate-data-point';

type Point = ReturnType<typeof buildSampleDataPoint> & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const anonymizer = new DataPointAnonymizer(DEFAULT_ANONYMIZATION_POLICY, { activeKeyId: 'k', keys: { k: 'validation-spec-secret' } });

/** A clean, scrubbed, complete point; each test breaks one thing. */
function cleanPoint(): Point {
  return anonymizer.anonymize(buildSampleDataPoint()).point as Point;
}

function gates(report: ValidationReport): string[] {
  return [...new Set(report.issues.map((issue) => issue.gate))];
}

function messages(report: ValidationReport): string {
  return report.issues.map((issue) => issue.message).join('\n');
}

describe('validateDataPoint', () => {
  it('marks a clean complete point rlReady with no issues', () => {
    const report = validateDataPoint(cleanPoint());
    expect(report).toEqual({ outcome: 'rlReady', issues: [], validatorVersion: expect.any(String) });
  });

  it('exports the gate names in order', () => {
    expect(VALIDATION_GATES).toEqual(['completeness', 'types', 'bounds', 'consistency', 'statistical', 'privacy']);
  });

  describe('completeness', () => {
    it('quarantines a point missing a required field', () => {
      const point = cleanPoint();
      delete point.execution.latencyMs;
      delete point.task.type;
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(report.issues).toEqual(
        expect.arrayContaining([
          { gate: 'completeness', severity: 'error', blockRL: true, message: 'execution.latencyMs is required' },
          { gate: 'completeness', severity: 'error', blockRL: true, message: 'task.type is required' },
        ]),
      );
    });

    it('finds missing fields inside arrays with their index', () => {
      const point = cleanPoint();
      delete point.execution.turns[1].tokensUsed;
      expect(messages(validateDataPoint(point))).toContain('execution.turns[1].tokensUsed is required');
    });

    it('quarantines a point that claims to be complete but lacks a part', () => {
      const point = cleanPoint();
      point.evaluation = null;
      point.missing = ['evaluation'];
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(messages(report)).toContain('status is complete but evaluation is null');
    });

    it('keeps an incomplete point as valid but not rlReady', () => {
      const point = cleanPoint();
      point.status = 'incomplete';
      point.evaluation = null;
      point.rlLabels = null;
      point.missing = ['evaluation'];
      point.cawsCompliant = false;
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('valid');
      expect(report.issues).toEqual([
        { gate: 'completeness', severity: 'warning', blockRL: true, message: expect.stringContaining('incomplete data point (missing: evaluation') },
      ]);
    });
  });

  describe('types and enums', () => {
    it.each([
      ['task.complexity', (point: Point) => (point.task.complexity = 'huge'), 'task.complexity must be one of trivial, standard, complex'],
      ['routing.strategy', (point: Point) => (point.routing.strategy = 'random'), 'routing.strategy must be one of'],
      ['execution.startedAt', (point: Point) => (point.execution.startedAt = 'yesterday'), 'execution.startedAt must be an RFC 3339 timestamp'],
      ['execution.tokensUsed', (point: Point) => (point.execution.tokensUsed = 12.5), 'execution.tokensUsed must be an integer'],
      ['execution.success', (point: Point) => (point.execution.success = 'yes'), 'execution.success must be a boolean'],
      ['rlLabels.turnRewards', (point: Point) => (point.rlLabels.turnRewards = [0.1, 'x']), 'rlLabels.turnRewards must be an array of finite numbers'],
      ['message role', (point: Point) => (point.execution.turns[0].messages[0].role = 'human'), 'execution.turns[0].messages[0].role must be one of'],
      ['status', (point: Point) => (point.status = 'done'), 'status must be one of complete, incomplete'],
    ])('quarantines a wrong %s', (_name, breakIt, expected) => {
      const point = cleanPoint();
      breakIt(point);
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(gates(report)).toContain('types');
      expect(messages(report)).toContain(expected);
    });

    it('rejects something that is not an object', () => {
      expect(validateDataPoint('nope')).toMatchObject({ outcome: 'quarantined', issues: [{ gate: 'types' }] });
    });
  });

  describe('bounds', () => {
    it.each([
      ['a score above 1', (point: Point) => (point.evaluation.overallScore = 1.2), 'evaluation.overallScore must be within [0, 1]'],
      ['a negative rubric score', (point: Point) => (point.evaluation.rubricScores.cost = -0.1), 'evaluation.rubricScores.cost must be within [0, 1]'],
      ['a negative latency', (point: Point) => (point.execution.latencyMs = -5), 'execution.latencyMs must not be negative'],
      ['negative turn tokens', (point: Point) => (point.execution.turns[2].tokensUsed = -1), 'execution.turns[2].tokensUsed must not be negative'],
      ['thinking above total', (point: Point) => (point.execution.thinkingTokens = point.execution.tokensUsed + 1), 'execution.thinkingTokens must not exceed execution.tokensUsed'],
      ['turn thinking above total', (point: Point) => (point.execution.turns[0].thinkingTokens = 99_999), 'execution.turns[0].thinkingTokens must not exceed its tokensUsed'],
      ['a propensity above 1', (point: Point) => (point.routing.propensity = 1.5), 'routing.propensity must be within [0, 1]'],
    ])('quarantines %s', (_name, breakIt, expected) => {
      const point = cleanPoint();
      breakIt(point);
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(report.issues).toContainEqual({ gate: 'bounds', severity: 'error', blockRL: true, message: expected });
    });
  });

  describe('consistency', () => {
    it('quarantines a success with a zero quality score', () => {
      const point = cleanPoint();
      point.evaluation.overallScore = 0;
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(report.issues).toContainEqual(expect.objectContaining({ gate: 'consistency', message: 'execution.success is true but evaluation.overallScore is not above 0' }));
    });

    it('quarantines timestamps out of order beyond the tolerance', () => {
      const point = cleanPoint();
      point.execution.startedAt = '2024-03-12T09:59:00.000Z'; // a minute before the decision
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(messages(report)).toContain('execution.startedAt is earlier than routing.decidedAt');
    });

    it('tolerates small clock skew between services', () => {
      const point = cleanPoint();
      point.execution.startedAt = '2024-03-12T10:00:00.100Z'; // 50 ms before decidedAt
      point.execution.turns[0].startedAt = '2024-03-12T10:00:00.100Z';
      expect(validateDataPoint(point).outcome).toBe('rlReady');
      expect(validateDataPoint(point, { timestampToleranceMs: 0 }).outcome).toBe('quarantined');
    });

    it('quarantines an execution by an agent the decision did not select', () => {
      const point = cleanPoint();
      point.execution.agentId = 'agent-gpt-coder-v2';
      point.evaluation.agentId = 'agent-gpt-coder-v2';
      const report = validateDataPoint(point);
      expect(report.issues).toContainEqual(expect.objectContaining({ gate: 'consistency', message: 'execution.agentId is not the agent routing.selectedAgentId chose' }));
    });

    it('quarantines an evaluation of another agent', () => {
      const point = cleanPoint();
      point.evaluation.agentId = 'agent-other';
      expect(messages(validateDataPoint(point))).toContain('evaluation.agentId is not the agent that executed the task');
    });

    it('quarantines a reward on a failed execution and an id that is not the task id', () => {
      const point = cleanPoint();
      point.execution.success = false;
      point.id = 'something-else';
      const report = validateDataPoint(point);
      expect(messages(report)).toContain('rlLabels.reward must be 0 when execution.success is false');
      expect(messages(report)).toContain('id must equal task.taskId');
    });
  });

  describe('statistical', () => {
    function seededQuantiles(): RollingQuantiles {
      const quantiles = new RollingQuantiles({ minSamples: 50 });
      for (let index = 0; index < 200; index++) {
        const point = cleanPoint();
        point.execution.latencyMs = 100_000 + index * 1_000;
        observeDataPointMetrics(point, quantiles);
      }
      return quantiles;
    }

    it('flags a metric above 3 × its rolling p99 as a warning that does not block RL', () => {
      const quantiles = seededQuantiles();
      const point = cleanPoint();
      point.execution.latencyMs = 3_000_000;
      const report = validateDataPoint(point, { quantiles });
      expect(report.outcome).toBe('rlReady');
      expect(report.issues).toEqual([
        { gate: 'statistical', severity: 'warning', blockRL: false, message: 'execution latencyMs is above 3 × its rolling p99 for this task type' },
      ]);
    });

    it('does not flag ordinary values, other task types or cold distributions', () => {
      const quantiles = seededQuantiles();
      const ordinary = cleanPoint();
      ordinary.execution.latencyMs = 500_000;
      expect(validateDataPoint(ordinary, { quantiles }).issues).toEqual([]);
      const otherType = cleanPoint();
      otherType.task.type = 'research';
      otherType.execution.latencyMs = 3_000_000;
      expect(validateDataPoint(otherType, { quantiles }).issues).toEqual([]);
      expect(validateDataPoint(otherType, { quantiles: new RollingQuantiles() }).issues).toEqual([]);
    });
  });

  describe('privacy', () => {
    it('quarantines a point in which the second scanner still finds private data, without echoing it', () => {
      const point = cleanPoint();
      point.execution.turns[0].feedback = 'contact leaked.person@example.com';
      point.execution.artifacts.diff += '\n+const key = "AKIAIOSFODNN7EXAMPLE";';
      const report = validateDataPoint(point);
      expect(report.outcome).toBe('quarantined');
      expect(report.issues).toEqual(
        expect.arrayContaining([
          { gate: 'privacy', severity: 'error', blockRL: true, message: 'EMAIL detected in execution.turns[0].feedback after anonymization' },
          { gate: 'privacy', severity: 'error', blockRL: true, message: 'SECRET detected in execution.artifacts.diff after anonymization' },
        ]),
      );
      expect(messages(report)).not.toContain('leaked.person');
      expect(messages(report)).not.toContain('AKIA');
    });

    it('quarantines the raw, unscrubbed point', () => {
      const report = validateDataPoint(buildSampleDataPoint());
      expect(report.outcome).toBe('quarantined');
      expect(gates(report)).toEqual(['privacy']);
    });
  });

  it('never puts raw field values into messages', () => {
    const point = cleanPoint();
    point.task.complexity = 'SECRET-COMPLEXITY-VALUE';
    point.execution.latencyMs = -987654;
    point.evaluation.overallScore = 4.56789;
    const text = messages(validateDataPoint(point));
    for (const raw of ['SECRET-COMPLEXITY-VALUE', '987654', '4.56789']) expect(text).not.toContain(raw);
  });
});

describe('validateDataPoint field and bound checks, one walk for the common case', () => {
  // every spec'd value of the sample point, broken one at a time, must still be named: the single
  // walk that clears a valid point must not clear a broken one
  const specs = [
    ...ROOT_FIELDS.map((spec) => ({ spec, path: spec.path })),
    ...(Object.entries(PART_FIELDS) as Array<[string, FieldSpec[]]>).flatMap(([part, list]) => list.map((spec) => ({ spec, path: `${part}.${spec.path}` }))),
  ];
  const breakages = (spec: FieldSpec): Array<[string, unknown]> => {
    const wrongType = spec.kind === 'object' || spec.kind === 'array' ? 'text' : spec.kind === 'string' ? 7 : { not: 'this' };
    const cases: Array<[string, unknown]> = [['wrong type', wrongType]];
    if (!spec.nullable) cases.push(['null', null]);
    if (spec.required) cases.push(['missing', undefined]);
    return cases;
  };

  it.each(specs.map(({ spec, path }) => [path, spec] as const))('names a broken %s', (path, spec) => {
    const clean = cleanPoint();
    const targets = valuesAt(clean, path).filter((target) => target.present);
    if (targets.length === 0) return; // optional and absent in the sample (see the coverage test below)
    for (const [what, replacement] of breakages(spec)) {
      const point = cleanPoint();
      const { path: concrete } = targets[targets.length - 1];
      setAt(point, concrete, replacement);
      const text = messages(validateDataPoint(point));
      expect({ what, concrete, named: text.includes(concrete) }).toEqual({ what, concrete, named: true });
    }
  });

  it('covers most spec\'d fields with the sample point', () => {
    const clean = cleanPoint();
    const present = specs.filter(({ path }) => valuesAt(clean, path).some((target) => target.present));
    expect(present.length).toBeGreaterThan(specs.length * 0.9);
  });

  it.each([...UNIT_INTERVAL_FIELDS.map((path) => [path, 1.5] as const), ...NON_NEGATIVE_FIELDS.map((path) => [path, -1] as const)])(
    'names %s set to %d',
    (path, value) => {
      const point = cleanPoint();
      const targets = valuesAt(point, path).filter((target) => target.present && typeof target.value === 'number');
      if (targets.length === 0) return; // optional and absent in the sample (its parent is checked by the sweep above)
      setAt(point, targets[0].path, value);
      expect(messages(validateDataPoint(point))).toContain(targets[0].path);
    },
  );
});

/** Sets (or, for undefined, deletes) the value at a concrete path such as `execution.turns[1].latencyMs`. */
function setAt(root: Record<string, any>, path: string, value: unknown): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const steps = path.split(/\.|(?=\[)/).map((step) => (step.startsWith('[') ? Number(step.slice(1, -1)) : step));
  let node = root;
  for (const step of steps.slice(0, -1)) node = node[step];
  const last = steps[steps.length - 1];
  if (value === undefined && typeof last === 'string') delete node[last];
  else node[last] = value;
}
