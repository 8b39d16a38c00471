#!/bin/sh
# Regenerates the committed Swift code from Protocol/folio.proto (SPEC.md §4).
# CI never runs this: the output is committed. Requirements: protoc
# (Debian: protobuf-compiler) and protoc-gen-swift built from swift-protobuf
# 1.39.0, e.g.
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift Protocol/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
plugin=${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}
out="$here/../Sources/FolioWire/Generated"
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="$plugin" \
  --proto_path="$here" \
  --swift_opt=Visibility=Public \
  --swift_out="$out" \
  "$here/folio.proto"
echo "wrote $out/folio.pb.swift"
