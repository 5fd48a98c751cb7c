# Cairn: two commands do everything on a fresh machine.
#   make run    installs what is missing, builds a release and serves http://127.0.0.1:3000 on SQLite
#   make test   installs what is missing and runs every test (unit, HTTP, browser)
# `make bench` prints page weight, sync throughput, memory and load figures.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)
# Release and test builds share one target dir; one cargo build at a time on two cores.
export CARGO_BUILD_JOBS ?= 2
# A PostgreSQL server for the PostgreSQL half of the tests and `make bench` (each test makes and drops its
# own database), e.g. postgres://postgres@127.0.0.1:5432/postgres. `.ci/run` sets it; unset, that half
# is skipped and says so.
export CAIRN_TEST_POSTGRES_URL ?=

.PHONY: run test bench build build-release unit api e2e fmt structure tools clean-data

run: build-release
	@echo "==> Cairn is starting on http://127.0.0.1:3000 (SQLite file data/cairn.db). Ctrl-C stops it."
	@echo "    On a fresh install the log prints a one-time link to create the first admin account."
	CAIRN_SITE_ROOT=target/site ./target/release/cairn serve

build-release:
	@.ci/tools release
	@echo "==> Building Cairn (release). The first build takes 10-20 minutes; later ones a few."
	cargo leptos build --release --precompress

test: fmt structure unit api e2e

fmt:
	cargo fmt --all -- --check

# No import loops between source files (domain <- store <- features <- server), and the largest files.
structure:
	.ci/imports

unit:
	@.ci/tools
	@echo "==> Unit, storage and HTTP tests (real servers on free ports, a fresh database each)"
	@if [ -n "$$CAIRN_TEST_POSTGRES_URL" ]; then \
		echo "==> PostgreSQL suite: on $$CAIRN_TEST_POSTGRES_URL (fails if it cannot be reached)"; \
	else \
		echo "==> PostgreSQL suite: SKIPPED (CAIRN_TEST_POSTGRES_URL is not set; see README)"; \
	fi
	@# The same flag cargo-leptos uses for debug builds, so both share one set of compiled dependencies.
	@# PostgreSQL tests are #[ignore]d (reported as ignored, never as passed) unless a server is named.
	RUSTFLAGS="--cfg erase_components" cargo test --workspace -- $(if $(CAIRN_TEST_POSTGRES_URL),--include-ignored)

# schemathesis against the real server (debug build, fresh SQLite file), from the OpenAPI document it
# serves; any 500, undocumented status or content type, or schema mismatch fails the build.
api:
	@.ci/tools api
	@echo "==> API contract: schemathesis against /api/v1/openapi.json"
	RUSTFLAGS="--cfg erase_components" cargo build -p server --bin cairn
	.ci/api

build:
	@.ci/tools
	@echo "==> Building Cairn (debug) for the browser tests"
	cargo leptos build

e2e: build
	@.ci/tools browser
	@echo "==> Browser tests: Playwright in Debian's Chromium, phone viewport, axe-core"
	cd end2end && npx playwright test

bench: build-release
	@.ci/tools browser load
	@# Ends with the load run (wrk, 60 s mixed, then the start page and sends alone, per backend).
	cargo run --release --example bench -p server
	@echo "==> Offline figures in Chromium (repeat-visit bytes, offline reload)"
	cd end2end && npx playwright test --config bench.config.ts

clean-data:
	rm -rf data
