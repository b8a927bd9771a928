#!/usr/bin/env bash
# Regenerates generated/ from fixture.proto: the protobuf-c messages, and the
# FileDescriptorSet the fixtures with methods hand the daemon, as C array
# elements for fixture.c to #include. Needs protoc, protoc-c and xxd (Debian:
# protobuf-compiler, protobuf-c-compiler, xxd). Called by scripts/generate-protos.sh.
set -euo pipefail
cd "$(dirname "$0")"

rm -rf generated && mkdir -p generated
protoc-c -I . --c_out=generated fixture.proto

descriptor_set=$(mktemp)
trap 'rm -f "$descriptor_set"' EXIT
protoc -I . --include_imports --descriptor_set_out="$descriptor_set" fixture.proto
# Read from standard input, xxd -i writes the bytes alone, no declaration.
xxd -i < "$descriptor_set" > generated/fixture.fds.inc
