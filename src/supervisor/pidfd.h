// File: src/supervisor/pidfd.h
//
// pidfd system calls. Called through syscall(2) rather than glibc 2.36's
// <sys/pidfd.h>, which lacks extern "C" and so does not link from C++.
// Thread-safe.
#pragma once

#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace wisp::supervisor {

// A close-on-exec fd that refers to process `pid`, or -1 with errno set.
// It turns readable (POLLIN) once the process has exited.
inline int PidfdOpen(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Sends `sig` to the process behind `pidfd`; 0 or -1 with errno set.
inline int PidfdSendSignal(int pidfd, int sig) {
  return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

}  // namespace wisp::supervisor
