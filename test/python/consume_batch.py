#!/usr/bin/env python3
"""Reads one Benchpool RL export batch from Kafka the way an outside RL pipeline would, verifies it
against its manifest and end-of-batch checksum, and loads it into a Hugging Face `datasets.Dataset`
in the TRL format of its phase. It shares no code with the TypeScript project: only the wire format.

    pip install kafka-python datasets
    python test/python/consume_batch.py --request '{"requestId": "nightly-1", "phase": "grpo", "minCount": 50}'
    python test/python/consume_batch.py --request-id nightly-1          # a batch asked for earlier
    python test/python/consume_batch.py --batch-id batch-0123abcd...    # same, by batch id

The wire format (rl.export.batch.v1, CloudEvents 1.0 structured JSON, Kafka key = batch id):
  data = {"batchId", "kind": "manifest" | "record" | "end", "sequence", "manifest"?, "record"?, "count"?, "checksum"?}
  one manifest (sequence 0), N records (1..N), one end marker (N+1) with count N and
  checksum = "sha256:" + sha256("\\n".join(canonical(record) for record in records)), where
  canonical(record) = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
  (numbers in records are rounded to 4 decimals so JavaScript and Python print them alike).
  A repeated request re-publishes the same batch: a new manifest restarts it.
  batch id = "batch-" + sha256("rl-export/v1:" + requestId).hexdigest()[:24]
"""
import argparse
import hashlib
import json
import sys
import time
import uuid
from collections import Counter
from datetime import datetime, timezone


def batch_id_for(request_id: str) -> str:
    return "batch-" + hashlib.sha256(f"rl-export/v1:{request_id}".encode()).hexdigest()[:24]


def canonical(record) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def checksum_of(records) -> str:
    return "sha256:" + hashlib.sha256("\n".join(canonical(r) for r in records).encode("utf-8")).hexdigest()


def publish_request(bootstrap: str, topic: str, request: dict) -> None:
    from kafka import KafkaProducer

    event = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "python-rl-pipeline",
        "type": "rl.export.requested",
        "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "tenantid": "rl-pipeline",
        "correlationid": request["requestId"],
        "data": request,
    }
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    producer.send(
        topic,
        key=request["requestId"].encode(),
        value=json.dumps(event).encode(),
        headers=[("content-type", b"application/cloudevents+json")],
    ).get(timeout=30)
    producer.close()


def read_batch(bootstrap: str, topic: str, batch_id: str, timeout_s: float):
    """Returns (manifest, records, end) of the first complete copy of the batch on the topic."""
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=1000,
    )
    deadline = time.time() + timeout_s
    manifest, records = None, []
    try:
        while time.time() < deadline:
            for message in consumer:
                if message.key is None or message.key.decode() != batch_id:
                    continue
                data = json.loads(message.value)["data"]
                kind = data["kind"]
                if kind == "manifest":
                    manifest, records = data["manifest"], []
                elif manifest is None:
                    continue  # tail of a copy whose manifest was not read
                elif kind == "record":
                    if data["sequence"] != len(records) + 1:
                        raise AssertionError(f"record {data['sequence']} arrived where {len(records) + 1} was expected")
                    records.append(data["record"])
                elif kind == "end":
                    return manifest, records, data
                if time.time() > deadline:
                    break
    finally:
        consumer.close()
    raise TimeoutError(f"no complete batch {batch_id} on {topic} within {timeout_s} s")


def verify(manifest: dict, records: list, end: dict) -> None:
    assert manifest["schemaVersion"] == "benchpool.rl-export.batch/1", manifest["schemaVersion"]
    assert end["count"] == len(records), f"end marker counts {end['count']}, received {len(records)}"
    assert end["checksum"] == checksum_of(records), f"checksum mismatch: {end['checksum']} vs {checksum_of(records)}"
    if manifest["status"] == "rejected":
        assert len(records) == 0 and manifest["shortfalls"], "a rejected batch names its shortfalls and has no records"
        return
    assert manifest["counts"]["records"] == len(records), "manifest count differs from the records"
    splits = Counter(r["split"] for r in records)
    assert splits.get("train", 0) == manifest["split"]["train"] and splits.get("eval", 0) == manifest["split"]["eval"], splits
    task_types = Counter(r["task_type"] for r in records)
    assert dict(task_types) == manifest["distributions"]["taskTypes"], (task_types, manifest["distributions"]["taskTypes"])
    columns = set(manifest["format"]["columns"])
    for record in records:
        assert set(record) == columns, f"record columns {sorted(record)} differ from the manifest's {sorted(columns)}"


def check_trl_format(phase: str, sft_format: str, dataset) -> str:
    """Checks the columns TRL's trainer for the phase reads, on the loaded Dataset."""
    row = dataset[0]

    def is_messages(value):
        return isinstance(value, list) and all(isinstance(m, dict) and "role" in m and "content" in m for m in value)

    if phase in ("sft", "curriculum"):
        if sft_format == "prompt-completion":
            assert is_messages(row["prompt"]) and is_messages(row["completion"])
            kind = "conversational prompt-completion (SFTTrainer)"
        else:
            assert is_messages(row["messages"]) and row["messages"][-1]["role"] in ("assistant", "tool")
            kind = "conversational language modeling (SFTTrainer)"
    elif phase == "grpo":
        assert is_messages(row["prompt"]) and row["prompt"][-1]["role"] == "user"
        assert isinstance(row["quality"], float) and isinstance(row["success"], bool) and isinstance(row["rubric_scores"], dict)
        kind = "conversational prompt-only + reward columns (GRPOTrainer)"
    elif phase == "turn-level":
        assert isinstance(row["prompt"], str)
        assert len(row["completions"]) == len(row["labels"]) == len(row["turn_rewards"]) > 0
        assert all(isinstance(label, bool) for label in row["labels"])
        kind = "standard stepwise supervision (PRMTrainer)"
    elif phase == "preference":
        assert is_messages(row["prompt"]) and is_messages(row["chosen"]) and is_messages(row["rejected"])
        kind = "conversational preference (DPOTrainer)"
    else:
        raise AssertionError(f"unknown phase {phase}")
    try:  # TRL itself, when installed
        from trl import is_conversational

        if phase != "turn-level":
            assert is_conversational(row), "TRL does not see a conversational example"
            kind += ", trl.is_conversational ok"
    except ImportError:
        pass
    return kind


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--request", help="publish this rl.export.requested.v1 data (JSON) first, then read its batch")
    target.add_argument("--request-id", help="read the batch of an earlier request")
    target.add_argument("--batch-id", help="read this batch")
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--topic-prefix", default="")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()

    if args.request:
        request = json.loads(args.request)
        publish_request(args.bootstrap, f"{args.topic_prefix}rl.export.requested.v1", request)
        batch_id = batch_id_for(request["requestId"])
    else:
        batch_id = args.batch_id or batch_id_for(args.request_id)

    manifest, records, end = read_batch(args.bootstrap, f"{args.topic_prefix}rl.export.batch.v1", batch_id, args.timeout)
    verify(manifest, records, end)
    summary = {"batchId": batch_id, "phase": manifest["phase"], "status": manifest["status"], "records": len(records), "checksum": end["checksum"], "checksumVerified": True}
    if manifest["status"] == "rejected":
        summary["shortfalls"] = [s["message"] for s in manifest["shortfalls"]]
        print(json.dumps(summary))
        return 0

    from datasets import Dataset

    dataset = Dataset.from_list(records)
    summary["trlFormat"] = check_trl_format(manifest["phase"], manifest["format"]["sftFormat"], dataset)
    summary["columns"] = dataset.column_names
    summary["numRows"] = dataset.num_rows
    train = dataset.filter(lambda row: row["split"] == "train")
    summary["train"] = train.num_rows
    summary["eval"] = dataset.num_rows - train.num_rows
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (AssertionError, TimeoutError) as error:
        print(f"batch verification failed: {error}", file=sys.stderr)
        sys.exit(1)
