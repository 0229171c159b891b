import { writeFileSync } from 'node:fs';
import type { JsonRecord } from '@benchpool/export-core';

/** Parquet schema element (the subset of parquet-format's SchemaElement we write). */
interface SchemaElement {
  name: string;
  type?: 'BOOLEAN' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';
  converted_type?: 'UTF8' | 'LIST' | 'JSON';
  repetition_type?: 'REQUIRED' | 'OPTIONAL' | 'REPEATED';
  num_children?: number;
}

interface ColumnSource {
  name: string;
  data: unknown[];
  type?: 'STRING' | 'BOOLEAN' | 'DOUBLE' | 'JSON';
  nullable?: boolean;
}

interface HyparquetWriter {
  parquetWriteBuffer(options: { columnData: ColumnSource[]; schema?: SchemaElement[]; kvMetadata?: Array<{ key: string; value: string }> }): ArrayBuffer;
}

/** hyparquet-writer is an ES module: loaded on first use (Node ≥ 20.19 can require it). */
async function writer(): Promise<HyparquetWriter> {
  return (await import('hyparquet-writer')) as unknown as HyparquetWriter;
}

/** One row of verl's RL dataset layout (see verl's data preparation docs: gsm8k example). */
export interface VerlRow {
  data_source: string;
  prompt: Array<{ role: string; content: string }>;
  ability: string;
  reward_model: { style: string; ground_truth: string };
  extra_info: {
    split: string;
    index: number;
    data_point_id: string;
    agent_id: string;
    task_type: string;
    complexity: string;
    reward: number;
    quality: number;
    success: boolean;
    difficulty: number;
  };
}

/**
 * GRPO records in verl's column layout: `data_source`, `prompt` (list of messages), `ability`,
 * `reward_model` {style, ground_truth} and `extra_info`. ground_truth is a JSON string of the
 * reward inputs (reward, quality, success, rubric scores, minimal-diff multiplier, the reference
 * completion) for a custom reward function.
 */
export function verlRows(records: JsonRecord[]): VerlRow[] {
  return records.map((record, index) => ({
    data_source: `benchpool/${String(record.task_type)}`,
    prompt: (record.prompt as Array<{ role: string; content: string }>).map((message) => ({ role: message.role, content: message.content })),
    ability: String(record.task_type),
    reward_model: {
      style: 'rule',
      ground_truth: JSON.stringify({
        reward: record.reward, quality: record.quality, success: record.success, rubric_scores: record.rubric_scores,
        minimal_diff_multiplier: record.minimal_diff_multiplier, reference_completion: record.reference_completion,
      }),
    },
    extra_info: {
      split: String(record.split),
      index,
      data_point_id: String(record.data_point_id),
      agent_id: String(record.agent_id),
      task_type: String(record.task_type),
      complexity: String(record.complexity),
      reward: Number(record.reward),
      quality: Number(record.quality),
      success: Boolean(record.success),
      difficulty: Number(record.difficulty),
    },
  }));
}

const string = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
const double = (name: string): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' });

const VERL_SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 5 },
  string('data_source'),
  { name: 'prompt', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED', num_children: 2 },
  string('role'),
  string('content'),
  string('ability'),
  { name: 'reward_model', repetition_type: 'REQUIRED', num_children: 2 },
  string('style'),
  string('ground_truth'),
  { name: 'extra_info', repetition_type: 'REQUIRED', num_children: 10 },
  string('split'),
  { name: 'index', type: 'INT64', repetition_type: 'REQUIRED' },
  string('data_point_id'),
  string('agent_id'),
  string('task_type'),
  string('complexity'),
  double('reward'),
  double('quality'),
  { name: 'success', type: 'BOOLEAN', repetition_type: 'REQUIRED' },
  double('difficulty'),
];

export async function writeVerlParquet(path: string, rows: VerlRow[], metadata: Record<string, string> = {}): Promise<void> {
  const { parquetWriteBuffer } = await writer();
  const buffer = parquetWriteBuffer({
    schema: VERL_SCHEMA,
    columnData: [
      { name: 'data_source', data: rows.map((row) => row.data_source) },
      { name: 'prompt', data: rows.map((row) => row.prompt) },
      { name: 'ability', data: rows.map((row) => row.ability) },
      { name: 'reward_model', data: rows.map((row) => row.reward_model) },
      // INT64 columns take bigints
      { name: 'extra_info', data: rows.map((row) => ({ ...row.extra_info, index: BigInt(row.extra_info.index) })) },
    ],
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  writeFileSync(path, Buffer.from(buffer));
}

/**
 * Any phase's records as one flat Parquet table: scalar columns typed, nested columns (messages,
 * tools, completions, …) as JSON text — Parquet cannot hold the empty structs and per-tool
 * argument shapes those columns contain. For TRL, load the JSONL; this file is for analytics.
 */
export async function writeRecordsParquet(path: string, records: JsonRecord[], columns: string[], metadata: Record<string, string> = {}): Promise<void> {
  const { parquetWriteBuffer } = await writer();
  const columnData: ColumnSource[] = columns.map((name) => {
    const values = records.map((record) => record[name] ?? null);
    const present = values.filter((value) => value !== null);
    const type = present.every((value) => typeof value === 'string')
      ? 'STRING'
      : present.every((value) => typeof value === 'boolean')
        ? 'BOOLEAN'
        : present.every((value) => typeof value === 'number')
          ? 'DOUBLE'
          : 'JSON';
    return { name, data: values, type, nullable: true };
  });
  const buffer = parquetWriteBuffer({ columnData, kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })) });
  writeFileSync(path, Buffer.from(buffer));
}
