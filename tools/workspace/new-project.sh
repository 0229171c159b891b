#!/usr/bin/env bash
# Writes project.json for a project: new-project.sh <dir> <type> <scope>
# type: app | domain | data-access | contracts | util | tool ; scope: the service name or "shared".
set -euo pipefail
dir=$1; type=$2; scope=$3
name=$(basename "$dir"); [ "$type" = tool ] && name="tool-$name"
kind=library; [ "$type" = app ] && kind=application; [ "$type" = tool ] && kind=application
mkdir -p "$dir/src"
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "$kind",
  "tags": ["type:$type", "scope:$scope"],
  "targets": {
    "lint": { "executor": "nx:run-commands", "options": { "command": "eslint $dir" } },
    "test": { "executor": "nx:run-commands", "options": { "command": "jest -c jest.config.js --selectProjects unit --roots $dir" } }
  }
}
JSON
