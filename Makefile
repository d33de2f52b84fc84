# The two commands a newcomer needs: `make demo` and `make test` (plus `make bench`).
# Each installs missing dependencies, configures a Release build with Ninja and builds what it needs.
BUILD_DIR ?= build
JOBS ?= 2
COUNTRY ?= viet_nam
FUZZ_SECONDS ?= 600
CMAKE_FLAGS ?=
ifeq ($(CI),true)
  CMAKE_FLAGS += -DPATHWAYS_WERROR=ON
endif

.PHONY: all deps configure build demo test test-sanitize sanitize-smoke fuzz validate bench format clean

all: build

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

demo: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target pathways
	@COUNTRY=$(COUNTRY) scripts/demo

test: configure
	@scripts/install-deps report notebook lint validate python
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@JOBS=$(JOBS) scripts/sanitize smoke

# The loaders under libFuzzer for FUZZ_SECONDS (clang; docs/security.md).
fuzz: deps
	@JOBS=$(JOBS) scripts/fuzz $(FUZZ_SECONDS)

# Every test under AddressSanitizer and UndefinedBehaviorSanitizer, in build-sanitize/ (the Python
# module aside: an instrumented extension needs the sanitizer runtime preloaded into Python).
test-sanitize: deps
	@scripts/sanitize full

# The CI-sized sanitizer run that `make test` ends with (scripts/sanitize; docs/security.md).
sanitize-smoke: deps
	@JOBS=$(JOBS) scripts/sanitize smoke

validate: configure
	@scripts/install-deps validate
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target pathways
	@scripts/validate

bench: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target pathways_bench
	@scripts/bench
	@if cmake --build $(BUILD_DIR) -j $(JOBS) --target pathways_bench_mpi >/dev/null 2>&1; then scripts/bench-distributed; fi

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD_DIR)
