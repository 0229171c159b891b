#!/usr/bin/env bash
# Patches applied to FerretDB's vendored sources before deploy/local/infra.sh builds it.
# Run from the build directory after `go mod vendor`. Each patch checks that it applied, so a
# FerretDB version bump that moves the code fails the build loudly instead of shipping unpatched.
set -euo pipefail

# 1. Index the _id lookups (FerretDB 1.24.2, SQLite backend).
#    Every collection has a unique index on `_ferretdb_sjson->"_id"`, but lookups, updates and
#    deletes by _id filter on `_ferretdb_sjson->'$._id'`. SQLite matches an expression index only
#    on an identical expression, so each of them scanned the whole table: updateOne by _id fell
#    from 400/s at 100 documents to 20/s at 6,000. `->'_id'` is the same JSON path (a bare label
#    means `$.label`) written the way the index is, so the planner uses it. See ADR 0007.
metadata="vendor/github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata/metadata.go"
grep -q "IDColumn = DefaultColumn + \"->'\\\$._id'\"" "$metadata" \
  || { echo "patch-sources: IDColumn definition not found in $metadata" >&2; exit 1; }
sed -i "s/IDColumn = DefaultColumn + \"->'\\\$._id'\"/IDColumn = DefaultColumn + \"->'_id'\"/" "$metadata"
grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$metadata" \
  || { echo "patch-sources: IDColumn patch did not apply" >&2; exit 1; }
echo "patch-sources: _id lookups use the _id index"
