// bench_native: drives the simulator library (build/libsoftprop_sim.so) from native code with a
// workload written by fpga/layout.ts `nativeWorkload`, to measure the native cycles/s that the
// FFI benchmark divides by. Only the sp_run calls are timed; weights are reloaded before each run.
//
// Usage: bench_native <workload file> [repeats]
// Workload lines: `reg <addr> <value>`, `mem <region> <offset> <n> <word>...`, `run <mode> <rounds>`
// (numbers in decimal or 0x hex). Prints one JSON object on stdout.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "softprop_sim.h"

namespace {

struct MemLoad {
  uint32_t region, offset;
  std::vector<uint32_t> words;
};

uint32_t num(const std::string &s) { return uint32_t(std::stoul(s, nullptr, 0)); }

int fail(const char *what, int rc) {
  std::fprintf(stderr, "bench_native: %s failed (%d)\n", what, rc);
  return 1;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_native <workload file> [repeats]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 10;
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "bench_native: cannot read %s\n", argv[1]);
    return 2;
  }
  std::vector<std::pair<uint32_t, uint32_t>> regs;
  std::vector<MemLoad> loads;
  uint32_t mode = 1, rounds = 1;
  for (std::string line; std::getline(in, line);) {
    std::istringstream ls(line);
    std::string op, a, b, c;
    if (!(ls >> op) || op[0] == '#') continue;
    if (op == "reg") {
      ls >> a >> b;
      regs.emplace_back(num(a), num(b));
    } else if (op == "mem") {
      ls >> a >> b >> c;
      MemLoad m{num(a), num(b), {}};
      m.words.resize(num(c));
      for (auto &w : m.words) {
        ls >> a;
        w = num(a);
      }
      loads.push_back(std::move(m));
    } else if (op == "run") {
      ls >> a >> b;
      mode = num(a);
      rounds = num(b);
    }
  }

  sp_sim *sim = sp_create();
  if (!sim) return fail("sp_create", 0);
  for (auto &r : regs)
    if (int rc = sp_reg_write(sim, r.first, r.second)) return fail("sp_reg_write", rc);
  uint64_t cycles = 0;
  uint32_t total_rounds = 0;
  double seconds = 0;
  for (int k = 0; k < repeats; k++) {
    for (auto &m : loads)
      if (int rc = sp_mem_write(sim, m.region, m.offset, m.words.data(), uint32_t(m.words.size()))) return fail("sp_mem_write", rc);
    uint32_t status = 0, done_rounds = 0;
    uint64_t run_cycles = 0;
    auto t0 = std::chrono::steady_clock::now();
    int rc = sp_run(sim, mode, rounds, UINT64_MAX, &status, &done_rounds, &run_cycles);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (rc) return fail("sp_run", rc);
    cycles += run_cycles;
    total_rounds += done_rounds;
  }
  sp_destroy(sim);
  std::printf("{\"runs\": %d, \"rounds\": %u, \"cycles\": %llu, \"seconds\": %.6f, \"cyclesPerSecond\": %.0f}\n", repeats,
              total_rounds, (unsigned long long)cycles, seconds, seconds > 0 ? double(cycles) / seconds : 0.0);
  return 0;
}
