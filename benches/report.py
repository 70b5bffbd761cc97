#!/usr/bin/env python3
"""Turns criterion's results (target/criterion) into the ratio tables of BENCHMARKS.md.

Usage: python3 benches/report.py [target/criterion]

Uses each benchmark's median (criterion's `new/estimates.json`), so a run interrupted by
a noisy neighbour moves it less than the mean. Ratios compare benchmarks of one group,
measured one after the other in the same run.
"""
import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"


def median_ns(group, bench):
    path = os.path.join(ROOT, group, bench, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except (OSError, KeyError, ValueError):
        return None


def us(ns):
    return "-" if ns is None else f"{ns / 1000:.2f}"


def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.3f}x"


def verdict(a, b, limit):
    if a is None or b is None:
        return "-"
    return "met" if a / b <= limit else "MISSED"


print("## RS256, Clerk-style token (group `rs256`)\n")
g = "rs256"
ring_raw = median_ns(g, "ring_raw_verify")
aws_raw = median_ns(g, "aws_lc_raw_verify")
print("| benchmark | median (us) | vs ring raw | vs aws-lc raw (floor) |")
print("|---|---:|---:|---:|")
for b in [
    "ring_raw_verify",
    "ring_core_verify",
    "aws_lc_raw_verify_unparsed",
    "aws_lc_raw_verify",
    "aws_lc_core_verify",
    "core_without_signature",
    "jsonwebtoken9_decode",
    "aws_lc_cache_hit",
]:
    t = median_ns(g, b)
    print(f"| `{b}` | {us(t)} | {ratio(t, ring_raw)} | {ratio(t, aws_raw)} |")
ring_core = median_ns(g, "ring_core_verify")
aws_core = median_ns(g, "aws_lc_core_verify")
print()
print("| target | ratio | limit | |")
print("|---|---:|---:|---|")
print(f"| 1. ring: core cold verify / ring raw verify | {ratio(ring_core, ring_raw)} | 1.08x | {verdict(ring_core, ring_raw, 1.08)} |")
print(f"| 1. aws-lc: core cold verify / aws-lc raw verify | {ratio(aws_core, aws_raw)} | 1.08x | {verdict(aws_core, aws_raw, 1.08)} |")
print(f"| 2. aws-lc core cold verify / Rust floor (aws-lc raw, key parsed once) | {ratio(aws_core, aws_raw)} | 1.10x | {verdict(aws_core, aws_raw, 1.10)} |")
hit = median_ns(g, "aws_lc_cache_hit")
print(f"| 3. cache hit | {us(hit)} us | 0.50 us | {'-' if hit is None else ('met' if hit <= 500 else 'MISSED')} |")
print(f"| aws-lc core vs ring core (speed-up) | {ratio(ring_core, aws_core)} | | |")

print("\n## Per algorithm (groups `alg_*`)\n")
print("| alg | ring raw (us) | ring core (us) | core/raw | aws-lc raw (us) | aws-lc core (us) | core/raw | ring core / aws-lc core |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for alg in ["RS256", "PS256", "ES256", "ES384", "EdDSA", "HS256"]:
    g = f"alg_{alg}"
    rr, rc = median_ns(g, "ring_raw_verify"), median_ns(g, "ring_core_verify")
    ar, ac = median_ns(g, "aws_lc_raw_verify"), median_ns(g, "aws_lc_core_verify")
    print(f"| {alg} | {us(rr)} | {us(rc)} | {ratio(rc, rr)} | {us(ar)} | {us(ac)} | {ratio(ac, ar)} | {ratio(rc, ac)} |")

print("\n## Stages, RS256 token (group `stages`)\n")
print("| stage | median (us) |")
print("|---|---:|")
for b in [
    "split",
    "decode_header",
    "decode_signature",
    "decode_payload",
    "json_header",
    "json_payload",
    "claims_check",
    "auth_object",
    "has_role_and_permission",
    "core_without_signature",
]:
    print(f"| `{b}` | {us(median_ns('stages', b))} |")

print("\n## Cache (group `cache`, aws-lc verifier)\n")
cold = median_ns("cache", "cold_verify")
print("| benchmark | median (us) | cold / this |")
print("|---|---:|---:|")
for b in ["cold_verify", "hit", "shared_hit_owned"]:
    t = median_ns("cache", b)
    print(f"| `{b}` | {us(t)} | {ratio(cold, t)} |")
