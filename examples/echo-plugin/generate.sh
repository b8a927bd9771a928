#!/usr/bin/env bash
# Regenerates generated/ from echo.proto: the protobuf-c messages, and the
# FileDescriptorSet the plugin hands the daemon (for GetDescriptors and the
# check of its method table) as C array elements for echo.c to #include.
# Needs protoc, protoc-c and xxd (Debian: protobuf-compiler,
# protobuf-c-compiler, xxd). Called by scripts/generate-protos.sh.
set -euo pipefail
cd "$(dirname "$0")"

rm -rf generated && mkdir -p generated
protoc-c -I . --c_out=generated echo.proto

descriptor_set=$(mktemp)
trap 'rm -f "$descriptor_set"' EXIT
protoc -I . --include_imports --descriptor_set_out="$descriptor_set" echo.proto
# Read from standard input, xxd -i writes the bytes alone, no declaration.
xxd -i < "$descriptor_set" > generated/echo.fds.inc
