import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ExecutionRecordedV1, Topic } from '@benchpool/contracts';
import { EventContext, EventProducer } from '@benchpool/kafka';
import { EvaluateExecutionUseCase } from '../evaluate-execution.usecase';

/** telemetry.execution.recorded.v1 → CAWS gates, rubric, minimal diff, turn rewards → caws.evaluation.completed.v1 */
@Controller()
export class ExecutionRecordedConsumer {
  constructor(
    @Inject(EvaluateExecutionUseCase) private readonly evaluateExecution: EvaluateExecutionUseCase,
    @Inject(EventProducer) private readonly producer: EventProducer,
  ) {}

  @EventPattern(Topic.ExecutionRecorded)
  async handle(@Payload() recorded: ExecutionRecordedV1, @Ctx() context: EventContext): Promise<void> {
    // the evaluation time is the time of the recorded event, so a replay computes the same output
    const evaluation = await this.evaluateExecution.execute(recorded, context.event.time);
    await this.producer.publish(Topic.EvaluationCompleted, { taskId: recorded.taskId, evaluation }, {
      tenantId: context.tenantId, correlationId: context.correlationId, id: `evaluated-${recorded.taskId}`,
    });
  }
}
