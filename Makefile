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

.PHONY: all deps configure build demo test test-sanitize fuzz validate bench format clean

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

# The loaders under libFuzzer for FUZZ_SECONDS (clang; docs/security.md).
fuzz: deps
	@JOBS=$(JOBS) scripts/fuzz $(FUZZ_SECONDS)

# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer, in build-sanitize/ (the Python
# module aside: an instrumented extension needs the sanitizer runtime preloaded into Python).
test-sanitize: deps
	@scripts/install-deps report notebook lint validate
	@cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPATHWAYS_BUILD_BENCH=OFF -DPATHWAYS_BUILD_PYTHON=OFF -DPATHWAYS_MPI=OFF \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" >/dev/null
	@cmake --build build-sanitize -j $(JOBS)
	@cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E "validation_suite|notebook|report_browser"

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
