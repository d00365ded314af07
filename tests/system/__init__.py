"""System tests: real processes (worker pools, servers, clusters, headless Chromium) driven from
outside, bounded in time (marked system)."""
