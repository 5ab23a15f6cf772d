/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "helper/tp-helper-sandbox.h"

/* The spell helper's sandbox, applied for real in child processes: what it must allow (reading
 * the dictionary, answering on the socket) and what it must stop (other files, writing files,
 * the network, new programs, unbounded memory). */

static char *dictionary_path;
static char *other_path;
static int sockets[2];

/* A confined child ends without the exit handlers: LeakSanitizer's would need ptrace, which the
 * sandbox refuses, as it refuses it to a helper. */
static void
end_child (void)
{
  _exit (0);
}

static TpHelperSandboxFlags
confine (void)
{
  TpHelperLimits limits = { .max_address_space = 1024 * 1024 * 1024,
                            .max_cpu_seconds = 60, .socket_fd = sockets[1] };
  const char *readable[] = { dictionary_path, NULL };
  g_autoptr(GError) error = NULL;
  TpHelperSandboxFlags flags;

  g_assert_true (tp_helper_sandbox_limit (&limits, &error));
  g_assert_no_error (error);
  flags = tp_helper_sandbox_confine (&limits, readable, &error);
  g_assert_no_error (error);
  g_assert_true (flags & TP_HELPER_SANDBOX_SECCOMP);
  return flags;
}

static void
test_allowed (void)
{
  if (g_test_subprocess ())
    {
      char buffer[64];
      int fd;

      confine ();
      fd = open (dictionary_path, O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (fd, >=, 0);
      g_assert_cmpint (read (fd, buffer, sizeof buffer), >, 0);
      close (fd);
      g_assert_cmpint (write (sockets[1], "answer", 6), ==, 6);
      g_assert_nonnull (g_malloc (64 * 1024 * 1024));
      end_child ();
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_refused (void)
{
  if (g_test_subprocess ())
    {
      TpHelperSandboxFlags flags = confine ();
      int pipe_fds[2];

      g_assert_cmpint (pipe (pipe_fds), ==, -1);
      /* Another file: not there for Landlock; writing one: never. */
      if (flags & TP_HELPER_SANDBOX_LANDLOCK)
        g_assert_cmpint (open (other_path, O_RDONLY | O_CLOEXEC), ==, -1);
      g_assert_cmpint (open (other_path, O_WRONLY | O_CLOEXEC), ==, -1);
      g_assert_cmpint (open (other_path, O_RDONLY | O_TRUNC | O_CLOEXEC), ==, -1);
      g_assert_cmpint (open (dictionary_path, O_RDWR | O_CLOEXEC), ==, -1);
      g_assert_cmpint (write (sockets[0], "x", 1), ==, -1);
      g_assert_cmpint (errno, ==, EPERM);
      g_assert_cmpint (fork (), ==, -1);
      end_child ();
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Asked for, these end the process at once (SIGSYS). */
static void
test_fatal_network (void)
{
  if (g_test_subprocess ())
    {
      confine ();
      socket (AF_INET, SOCK_STREAM, 0);
      g_printerr ("still running\n");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*still running*");
}

static void
test_fatal_exec (void)
{
  if (g_test_subprocess ())
    {
      confine ();
      execl ("/bin/true", "true", NULL);
      g_printerr ("still running\n");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*still running*");
}

/* A dictionary that asks for more memory than allowed gets a failed allocation, not the
 * machine's memory. (Not under AddressSanitizer, which needs the address space unbounded.) */
static void
test_memory_bounded (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer needs the address space unbounded");
  return;
#endif
  if (g_test_subprocess ())
    {
      confine ();
      g_assert_null (malloc ((gsize) 2 * 1024 * 1024 * 1024));
      end_child ();
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;

  g_test_init (&argc, &argv, NULL);
  dir = g_strdup (g_getenv ("THREADPAD_SANDBOX_TEST_DIR"));
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("threadpad-sandbox-XXXXXX", NULL);
      g_setenv ("THREADPAD_SANDBOX_TEST_DIR", dir, TRUE);
    }
  dictionary_path = g_build_filename (dir, "xx_XX.aff", NULL);
  other_path = g_build_filename (dir, "other.txt", NULL);
  g_file_set_contents (dictionary_path, "SET UTF-8\nTRY esianrtolcdugmphbyfvkwzESIANRTOLCDUGMPHBYFVKWZ'\n", -1, NULL);
  g_file_set_contents (other_path, "not for the helper\n", -1, NULL);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets), ==, 0);

  g_test_add_func ("/HelperSandbox/allowed", test_allowed);
  g_test_add_func ("/HelperSandbox/refused", test_refused);
  g_test_add_func ("/HelperSandbox/fatal-network", test_fatal_network);
  g_test_add_func ("/HelperSandbox/fatal-exec", test_fatal_exec);
  g_test_add_func ("/HelperSandbox/memory-bounded", test_memory_bounded);
  {
    int status = g_test_run ();

    if (!g_test_subprocess ())
      {
        g_unlink (dictionary_path);
        g_unlink (other_path);
        g_rmdir (dir);
      }
    return status;
  }
}
