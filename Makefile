# Peil — build, run and test. `make run` serves the embedded sample data (on
# another address with `make run ADDR=0.0.0.0:9000`);
# `make test` runs every test (Chromium and LibreOffice must be installed: .ci/run does).

GO      ?= go
BIN     := bin/peil
ECHARTS := charts/assets/echarts.min.js
BENCHTIME ?= 1x
ADDR    ?= 127.0.0.1:8080

.PHONY: build run test lint bench fuzz loadtest assets clean

build: assets
	$(GO) build -o $(BIN) ./cmd/peil

run: build
	./$(BIN) serve --addr $(ADDR)

test: assets
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...

lint: assets
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

# Benchmarks; figures go to BENCHMARKS.md with this command.
bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Short fuzzing runs of every fuzz target (the corpus is in testdata/fuzz).
fuzz:
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzParseNumber$$' -fuzztime 30s
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzParsePeriod$$' -fuzztime 30s
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzExtract$$' -fuzztime 60s
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzSentence$$' -fuzztime 30s
	$(GO) test ./imports -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime 30s

# Load test of peil serve (/api/series/{id}) against a trivial gin handler, with wrk,
# in alternating short rounds (ROUNDS=7, WRK_ARGS="-t2 -c32 -d3s"); gates on the
# median ratio. Figures go to BENCHMARKS.md (serve section).
loadtest: build
	server/loadtest.sh $(BIN)

# The browser's only script, from the npm package pinned in package-lock.json.
assets: $(ECHARTS) $(ECHARTS).gz

$(ECHARTS): package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.min.js $@

# Precompressed once here, so the server never gzips the megabyte per request.
$(ECHARTS).gz: $(ECHARTS)
	gzip -9 -n -k -f $<
	touch $@

clean:
	rm -rf bin node_modules $(ECHARTS) $(ECHARTS).gz
