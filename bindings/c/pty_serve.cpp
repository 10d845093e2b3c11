// sp_pty_serve: the FPGA top (hdl/rtl/sp_ice40.v, with the simulation build's parameters and the
// UART at SP_CLKS_PER_BIT cycles per bit), Verilated and served on a pseudo-terminal, so a host
// driver talks to it exactly as to a board's serial port (hdl/SPEC.md 7.7).
//
// Prints the pseudo-terminal's slave path as the first line of stdout. Bytes written to the slave
// go into the UART RX pin one after another at the modelled baud; bytes the TX pin produces are
// written back. The clock runs only while there is work: a byte on either line, a request being
// executed or answered, the core busy, or a request to drop (when the host's bytes stop for
// --stall-ms of real time inside a request, the clock runs until the device's own inter-byte
// timeout drops it). Otherwise the harness sleeps in poll().
//
// Byte errors for tests, drawn per byte and per direction from a generator seeded by --seed (the
// same seed and byte streams give the same errors): --drop-rate (the byte is not passed on),
// --corrupt-rate (one random bit flipped), --dup-rate (passed on twice). Their counts go to stderr
// at exit. Exits when every client has closed the slave (after one opened it), or on SIGTERM /
// SIGINT.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <string>

#include "Vsp_ice40.h"
#include "verilated.h"

#ifndef SP_CLKS_PER_BIT
#error "build with -DSP_CLKS_PER_BIT=<the CLKS_PER_BIT sp_ice40 is Verilated with>"
#endif

namespace {

constexpr int CPB = SP_CLKS_PER_BIT;
constexpr int SLICE = 4096;  // cycles run between two looks at the pseudo-terminal

volatile sig_atomic_t stop_requested = 0;
void on_signal(int) { stop_requested = 1; }

struct Options {
  double corrupt = 0, drop = 0, dup = 0;
  uint64_t seed = 1;
  int stall_ms = 20;
};

[[noreturn]] void usage(const char *problem) {
  std::fprintf(stderr,
               "sp_pty_serve: %s\nusage: sp_pty_serve [--corrupt-rate P] [--drop-rate P] [--dup-rate P] "
               "[--seed S] [--stall-ms T]\n",
               problem);
  std::exit(2);
}

double parse_rate(const char *name, const char *text) {
  char *end = nullptr;
  double p = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(p >= 0 && p <= 1))
    usage((std::string(name) + ": a probability in [0, 1], not '" + text + "'").c_str());
  return p;
}

uint64_t parse_uint(const char *name, const char *text) {
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || errno != 0 || text[0] == '-')
    usage((std::string(name) + ": a non-negative integer, not '" + text + "'").c_str());
  return v;
}

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (i + 1 >= argc) usage((a + ": needs a value").c_str());
    const char *v = argv[++i];
    if (a == "--corrupt-rate") o.corrupt = parse_rate("--corrupt-rate", v);
    else if (a == "--drop-rate") o.drop = parse_rate("--drop-rate", v);
    else if (a == "--dup-rate") o.dup = parse_rate("--dup-rate", v);
    else if (a == "--seed") o.seed = parse_uint("--seed", v);
    else if (a == "--stall-ms") o.stall_ms = int(parse_uint("--stall-ms", v));
    else usage(("unknown option " + a).c_str());
  }
  return o;
}

// SplitMix64: a small generator whose stream is fixed by its seed.
struct SplitMix64 {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
};

// Byte errors of one direction. Every byte draws the same four numbers, so the errors of byte k
// depend only on the seed, the direction and k.
struct Injector {
  const Options &o;
  SplitMix64 rng;
  uint64_t bytes = 0, dropped = 0, corrupted = 0, duplicated = 0;

  Injector(const Options &opts, uint64_t stream) : o(opts), rng{opts.seed * 2 + stream} {}

  void pass(uint8_t b, std::deque<uint8_t> &out) {
    bytes++;
    double u_drop = rng.uniform(), u_corrupt = rng.uniform(), u_dup = rng.uniform();
    unsigned bit = unsigned(rng.next() & 7);
    if (u_drop < o.drop) {
      dropped++;
      return;
    }
    if (u_corrupt < o.corrupt) {
      b ^= uint8_t(1u << bit);
      corrupted++;
    }
    out.push_back(b);
    if (u_dup < o.dup) {
      out.push_back(b);
      duplicated++;
    }
  }

  void report(const char *direction) const {
    std::fprintf(stderr, "sp_pty_serve: %s: %llu bytes, %llu dropped, %llu corrupted, %llu duplicated\n", direction,
                 (unsigned long long)bytes, (unsigned long long)dropped, (unsigned long long)corrupted,
                 (unsigned long long)duplicated);
  }
};

// The host's side of the two UART lines, one clock cycle at a time.
struct Line {
  // To the device: the byte being sent, bit by bit (start, 8 data LSB first, stop).
  int rx_bit = -1;  // -1: idle
  int rx_count = 0;
  uint16_t rx_frame = 0;
  // From the device: the byte being sampled.
  bool tx_prev = true;
  int tx_bit = -1;  // -1: waiting for a start bit
  int tx_count = 0;
  uint8_t tx_byte = 0;

  bool busy() const { return rx_bit >= 0 || tx_bit >= 0; }

  // The RX pin's level for the next cycle; takes the next byte from `in` when idle.
  bool rx_level(std::deque<uint8_t> &in) {
    if (rx_bit < 0) {
      if (in.empty()) return true;
      rx_frame = uint16_t((1u << 9) | (unsigned(in.front()) << 1));  // stop, data, start (bit 0)
      in.pop_front();
      rx_bit = 0;
      rx_count = CPB;
    }
    bool level = (rx_frame >> rx_bit) & 1;
    if (--rx_count == 0) {
      rx_count = CPB;
      if (++rx_bit == 10) rx_bit = -1;
    }
    return level;
  }

  // Samples the TX pin after a cycle; returns true with `out` set when a byte is complete.
  bool tx_sample(bool level, uint8_t &out) {
    bool done = false;
    if (tx_bit < 0) {
      if (tx_prev && !level) {  // start bit: sample in the middle of each bit
        tx_bit = 0;
        tx_count = CPB / 2;
      }
    } else if (--tx_count == 0) {
      tx_count = CPB;
      if (tx_bit == 0 && level) tx_bit = -1;  // not a start bit after all
      else if (tx_bit >= 1 && tx_bit <= 8) tx_byte = uint8_t((tx_byte >> 1) | (level ? 0x80 : 0));
      if (tx_bit == 9) {
        out = tx_byte;
        done = level;  // a byte with a 0 stop bit is dropped (the device never sends one)
        tx_bit = -1;
      } else if (tx_bit >= 0) {
        tx_bit++;
      }
    }
    tx_prev = level;
    return done;
  }
};

double now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

}  // namespace

int main(int argc, char **argv) {
  Options opts = parse(argc, argv);

  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    std::perror("sp_pty_serve: posix_openpt");
    return 1;
  }
  const char *slave_path = ptsname(master);
  if (slave_path == nullptr) {
    std::perror("sp_pty_serve: ptsname");
    return 1;
  }
  // Raw mode from the start, so nothing is echoed or translated before a client sets its own.
  int slave = open(slave_path, O_RDWR | O_NOCTTY);
  termios tio;
  if (slave < 0 || tcgetattr(slave, &tio) != 0) {
    std::perror("sp_pty_serve: slave");
    return 1;
  }
  cfmakeraw(&tio);
  tcsetattr(slave, TCSANOW, &tio);
  close(slave);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;  // no SA_RESTART: poll() returns EINTR
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  std::printf("%s\n", slave_path);
  std::fflush(stdout);

  auto ctx = std::make_unique<VerilatedContext>();
  auto top = std::make_unique<Vsp_ice40>(ctx.get());
  top->i_sck = 0;
  top->i_cs_n = 1;
  top->i_mosi = 0;
  top->i_uart_rx = 1;
  uint64_t cycles = 0;
  Line line;
  Injector down(opts, 0), up(opts, 1);  // host -> device, device -> host
  std::deque<uint8_t> to_dev, to_host;
  auto tick = [&]() {
    top->i_uart_rx = line.rx_level(to_dev);
    top->eval();
    top->i_clk = 1;
    top->eval();
    top->i_clk = 0;
    top->eval();
    cycles++;
    uint8_t b;
    if (line.tx_sample(top->o_uart_tx, b)) up.pass(b, to_host);
  };

  for (int i = 0; i < 32; i++) tick();  // sp_ice40's power-on reset

  bool client_seen = false;
  // Real time since the RX line last went quiet (its last queued byte sent, or bytes read since).
  double quiet_since = now_ms();
  bool rx_was_busy = false;
  uint8_t buf[4096];
  while (!stop_requested) {
    // Work to do on the clock, and whether a request has stalled long enough to be dropped.
    bool stalled = top->o_link_rx_frame && to_dev.empty() && !line.busy() &&
                   now_ms() - quiet_since >= opts.stall_ms;
    bool work = !to_dev.empty() || line.busy() || top->o_link_active || top->o_busy || stalled;
    int timeout = -1;
    if (work) timeout = 0;
    else if (top->o_link_rx_frame) timeout = int(opts.stall_ms - (now_ms() - quiet_since)) + 1;

    pollfd pfd{master, short(POLLIN | (to_host.empty() ? 0 : POLLOUT)), 0};
    int n = poll(&pfd, 1, timeout);
    if (n < 0 && errno != EINTR) {
      std::perror("sp_pty_serve: poll");
      break;
    }
    if (n > 0 && (pfd.revents & POLLIN)) {
      ssize_t got = read(master, buf, sizeof buf);
      if (got > 0) {
        quiet_since = now_ms();
        for (ssize_t i = 0; i < got; i++) down.pass(buf[i], to_dev);
      }
    }
    if (n > 0 && (pfd.revents & POLLOUT) && !to_host.empty()) {
      size_t k = 0;
      while (k < to_host.size() && k < sizeof buf) buf[k] = to_host[k], k++;
      ssize_t put = write(master, buf, k);
      if (put > 0) to_host.erase(to_host.begin(), to_host.begin() + put);
    }
    // The master reports a hang-up while no client has the slave open: before the first one
    // (wait, 10 ms at a time) and after the last one has closed it (exit, once its bytes are read).
    bool hangup = n > 0 && (pfd.revents & POLLHUP);
    if (!hangup) client_seen = true;
    else if (client_seen && !(pfd.revents & POLLIN)) break;
    else if (!client_seen && !work) usleep(10000);

    if (work) {
      for (int i = 0; i < SLICE; i++) {
        tick();
        bool more = !to_dev.empty() || line.busy() || top->o_link_active || top->o_busy ||
                    (stalled && top->o_link_rx_frame);
        if (!more) break;
      }
      bool rx_busy = !to_dev.empty() || line.rx_bit >= 0;
      if (rx_was_busy && !rx_busy) quiet_since = now_ms();
      rx_was_busy = rx_busy;
    }
  }

  down.report("host to device");
  up.report("device to host");
  std::fprintf(stderr, "sp_pty_serve: %llu clock cycles\n", (unsigned long long)cycles);
  top->final();
  close(master);
  return 0;
}
