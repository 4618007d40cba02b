// Children with limits: pdftotext, pdfinfo, the virus-scan command.
#include "registry/store/pdf_text.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "atlas/core/utf8.h"

namespace atlas::registry {
namespace {

void CloseQuietly(int fd) {
  if (fd >= 0) close(fd);
}

}  // namespace

ChildResult RunChild(const std::vector<std::string>& argv, std::string_view input,
                     const ChildLimits& limits) {
  ChildResult out;
  int in[2] = {-1, -1}, from[2] = {-1, -1};
  if (pipe2(in, O_CLOEXEC) != 0) return out;
  if (pipe2(from, O_CLOEXEC) != 0) {
    CloseQuietly(in[0]);
    CloseQuietly(in[1]);
    return out;
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], from[0], from[1]}) CloseQuietly(fd);
    return out;
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    dup2(in[0], STDIN_FILENO);
    dup2(from[1], STDOUT_FILENO);
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    const rlimit cpu = {static_cast<rlim_t>(limits.cpu_seconds),
                        static_cast<rlim_t>(limits.cpu_seconds)};
    const rlimit mem = {static_cast<rlim_t>(limits.memory_bytes),
                        static_cast<rlim_t>(limits.memory_bytes)};
    const rlimit files = {static_cast<rlim_t>(64) << 20, static_cast<rlim_t>(64) << 20};
    setrlimit(RLIMIT_CPU, &cpu);
    setrlimit(RLIMIT_AS, &mem);
    setrlimit(RLIMIT_FSIZE, &files);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(from[1]);
  // The input from a thread of its own: a child that stops reading (or
  // exits early) must not block the output's reading here.
  std::thread writer([fd = in[1], input] {
    signal(SIGPIPE, SIG_IGN);
    size_t done = 0;
    while (done < input.size()) {
      const ssize_t n = write(fd, input.data() + done, input.size() - done);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        break;
      }
      done += static_cast<size_t>(n);
    }
    close(fd);
  });
  const auto deadline = std::chrono::steady_clock::now() + limits.wall;
  char buffer[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      out.over_limit = true;
      break;
    }
    pollfd p = {from[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // timeout: the loop's check ends it
    const ssize_t n = read(from[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF
    if (out.output.size() + static_cast<size_t>(n) > limits.output_bytes) {
      out.over_limit = true;
      break;
    }
    out.output.append(buffer, static_cast<size_t>(n));
  }
  close(from[0]);
  if (out.over_limit) kill(pid, SIGKILL);
  int status = 0;
  pid_t waited = 0;
  do {
    waited = waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  writer.join();
  if (waited != pid) {  // its status is lost (never taken as a success)
    out.exit_code = -1;
  } else if (WIFEXITED(status)) {
    out.exit_code = WEXITSTATUS(status);
  } else {
    out.exit_code = -1;
    // Killed by the CPU limit (SIGXCPU/SIGKILL) or the memory limit (SIGSEGV,
    // SIGABRT from a failed allocation): a limit either way.
    out.over_limit = true;
  }
  return out;
}

absl::StatusOr<PdfText> ExtractPdfText(std::string_view pdf, const ChildLimits& limits) {
  PdfText out;
  ChildResult info = RunChild({"pdfinfo", "-"}, pdf, limits);
  if (info.over_limit) return absl::InvalidArgumentError("pdfinfo: over a limit");
  if (info.exit_code != 0) return absl::InvalidArgumentError("pdfinfo: not a readable PDF");
  for (absl::string_view line : absl::StrSplit(info.output, '\n')) {
    if (absl::ConsumePrefix(&line, "Pages:")) {
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &out.pages);
    }
  }
  ChildResult text = RunChild({"pdftotext", "-q", "-enc", "UTF-8", "-", "-"}, pdf, limits);
  if (text.over_limit) return absl::InvalidArgumentError("pdftotext: over a limit");
  if (text.exit_code != 0) return absl::InvalidArgumentError("pdftotext: not a readable PDF");
  // As PostgreSQL's text takes it: valid UTF-8 (a broken font map can emit
  // anything), no NUL.
  out.text = core::Utf8Replace(text.output);
  std::erase(out.text, '\0');
  return out;
}

}  // namespace atlas::registry
