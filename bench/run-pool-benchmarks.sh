#!/usr/bin/env bash
# Rent/return of every pool kind against ArrayPool<byte>.Shared, MemoryPool<byte>.Shared and new byte[] (BenchmarkDotNet, Release).
# Usage: bash bench/run-pool-benchmarks.sh [extra BenchmarkDotNet arguments, e.g. --job short]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Conduit.Benchmarks -- --filter '*Memory*' "$@"
