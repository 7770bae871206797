#!/usr/bin/env bash
# NativeAOT: publish samples/Ticker with PublishAot, fail on any trim or AOT warning, run the binary, check its output.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/publish.log"
dotnet publish samples/Ticker/Ticker.csproj -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -o "$work/out" -nologo 2>&1 | tee "$log"
if grep -E "warning (IL[0-9]+|AOT)" "$log"; then
  echo "trim/AOT warnings in the NativeAOT publish of samples/Ticker"
  exit 1
fi
binary="$work/out/Ticker"
echo "NativeAOT binary: $(stat -c %s "$binary") bytes"
output="$("$binary" 2 2>&1)" || { echo "$output"; echo "the NativeAOT Ticker exited non-zero"; exit 1; }
echo "$output"
grep -q "closed cleanly: True" <<<"$output" || { echo "the NativeAOT Ticker did not close cleanly"; exit 1; }
grep -qE "^[0-9]+ updates received, 0 errors" <<<"$output" || { echo "the NativeAOT Ticker received no updates"; exit 1; }
