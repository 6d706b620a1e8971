/* wisp's pause program: the first process of every pod sandbox. It holds the
 * pod's namespaces, reaps zombies re-parented to it (it is PID 1 of the pod
 * when the pod shares a PID namespace) and exits 0 on SIGINT or SIGTERM.
 * Built static and small (-Os), packed into wisp's pause image. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, 0, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction stop = {0};
  stop.sa_handler = on_stop;
  sigaction(SIGINT, &stop, 0);
  sigaction(SIGTERM, &stop, 0);
  struct sigaction child = {0};
  child.sa_handler = on_child;
  child.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigaction(SIGCHLD, &child, 0);
  if (getpid() != 1) {
    static const char msg[] = "wisp pause: warning: not PID 1\n";
    (void)!write(2, msg, sizeof msg - 1);
  }
  for (;;) pause();
  return 1;
}
