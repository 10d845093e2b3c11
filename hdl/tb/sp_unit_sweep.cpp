// Exhaustive check of the lane's arithmetic units (hdl/SPEC.md section 4): for every pair a, b in
// [0, ONE], the Verilated sp_lane unit path must give mul(a, b) = (a*b + 0x4000) >> 15 and
// or(a, b) = ONE - mul(ONE - a, ONE - b), computed here independently in C++.
// Prints "PASS <op> <pairs>" per op, or "FAIL ..." with the first mismatches; exit 1 on failure.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>

#include "Vsp_unit_sweep.h"
#include "verilated.h"

namespace {
constexpr int LANES = 128;

uint32_t ref_mul(uint32_t a, uint32_t b) { return (a * b + 0x4000u) >> 15; }
}  // namespace

int main(int argc, char **argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto top = std::make_unique<Vsp_unit_sweep>(ctx.get());
  top->clk = 0;
  top->eval();
  const uint32_t one = top->o_one;
  if (one != 0x8000u) {
    std::printf("FAIL ONE is %u, expected 32768\n", one);
    return 1;
  }
  int failures = 0;
  for (int op = 0; op < 2; op++) {
    auto t0 = std::chrono::steady_clock::now();
    uint64_t pairs = 0;
    top->i_or = op;
    for (uint32_t a0 = 0; a0 <= one; a0 += LANES) {
      for (int j = 0; j < LANES; j++) {
        uint32_t a = a0 + j <= one ? a0 + j : one;
        uint32_t &w = top->i_a[j >> 1];
        w = (j & 1) ? ((w & 0xffffu) | (a << 16)) : ((w & 0xffff0000u) | a);
      }
      for (uint32_t b = 0; b <= one; b++) {
        top->i_b = b;
        top->eval();
        for (int j = 0; j < LANES && a0 + j <= one; j++) {
          uint32_t a = a0 + j;
          uint32_t y = (top->o_y[j >> 1] >> ((j & 1) * 16)) & 0xffffu;
          uint32_t want = op == 0 ? ref_mul(a, b) : one - ref_mul(one - a, one - b);
          pairs++;
          if (y != want && failures++ < 10) std::printf("FAIL %s a=%u b=%u got %u want %u\n", op ? "or" : "mul", a, b, y, want);
        }
      }
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!failures) std::printf("PASS %s %llu pairs (all a, b in [0, %u]) in %.1f s\n", op ? "or" : "mul", (unsigned long long)pairs, one, s);
  }
  top->final();
  return failures ? 1 : 0;
}
