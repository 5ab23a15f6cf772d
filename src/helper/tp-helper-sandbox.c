/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-helper-sandbox"
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tp-helper-sandbox.h"

/* Rights of later kernels than the headers Debian 12 builds with (linux/landlock.h of 6.1). */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

/* Open files a helper needs: its socket, standard streams, two dictionary files, a converter. */
#define MAX_OPEN_FILES 32

/* AddressSanitizer reserves terabytes of address space for its shadow memory: a limit on the
 * address space would stop it from starting. Under it, memory is left unlimited. */
#if defined(__SANITIZE_ADDRESS__)
#define ADDRESS_SPACE_LIMITABLE FALSE
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ADDRESS_SPACE_LIMITABLE FALSE
#endif
#endif
#ifndef ADDRESS_SPACE_LIMITABLE
#define ADDRESS_SPACE_LIMITABLE TRUE
#endif

static gboolean
set_errno_error (GError    **error,
                 const char *what)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", what,
               g_strerror (saved));
  return FALSE;
}

static gboolean
set_limit (int       resource,
           rlim_t    value,
           GError  **error)
{
  struct rlimit limit = { value, value };

  if (setrlimit (resource, &limit) == 0)
    return TRUE;
  return set_errno_error (error, "setrlimit");
}

/* What can be done before anything is read: the process dies with the editor, never gains
 * privileges, dumps no core, writes no file, and has its memory and CPU time bounded. */
gboolean
tp_helper_sandbox_limit (const TpHelperLimits  *limits,
                         GError               **error)
{
  pid_t parent = getppid ();

  if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0)
    return set_errno_error (error, "PR_SET_PDEATHSIG");
  /* The editor may have gone just before: then nothing would ever kill us. */
  if (getppid () != parent)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the editor has gone");
      return FALSE;
    }
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return set_errno_error (error, "PR_SET_NO_NEW_PRIVS");
  if (!set_limit (RLIMIT_CORE, 0, error) || !set_limit (RLIMIT_FSIZE, 0, error)
      || !set_limit (RLIMIT_NOFILE, MAX_OPEN_FILES, error))
    return FALSE;
  if (limits->max_address_space > 0 && ADDRESS_SPACE_LIMITABLE
      && !set_limit (RLIMIT_AS, limits->max_address_space, error))
    return FALSE;
  if (limits->max_cpu_seconds > 0 && !set_limit (RLIMIT_CPU, limits->max_cpu_seconds, error))
    return FALSE;
  return TRUE;
}

/* Landlock */

static int
landlock_abi (void)
{
  long abi = syscall (SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

  return abi < 0 ? 0 : (int) abi;
}

/* Every file-system right the kernel's Landlock knows: all are refused but those granted. */
static guint64
handled_fs_rights (int abi)
{
  guint64 rights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE
                   | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR
                   | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE
                   | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR
                   | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK
                   | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK
                   | LANDLOCK_ACCESS_FS_MAKE_SYM;

  if (abi >= 2)
    rights |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3)
    rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
  return rights;
}

static gboolean
allow_reading (int         ruleset,
               const char *path,
               GError    **error)
{
  struct landlock_path_beneath_attr rule = { 0 };
  struct stat info;
  int fd = open (path, O_PATH | O_CLOEXEC);
  long added;

  if (fd < 0)
    return set_errno_error (error, path);
  /* A file is read; a folder's files are read and, for a converter's module, mapped. */
  rule.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE;
  if (fstat (fd, &info) == 0 && S_ISDIR (info.st_mode))
    rule.allowed_access |= LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_EXECUTE;
  rule.parent_fd = fd;
  added = syscall (SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
  close (fd);
  if (added != 0)
    return set_errno_error (error, "landlock_add_rule");
  return TRUE;
}

/* Returns FALSE with error set if Landlock is there but could not be applied; TRUE with
 * *applied FALSE if the kernel has no Landlock. */
static gboolean
confine_files (const char *const  *readable,
               gboolean           *applied,
               GError            **error)
{
  struct landlock_ruleset_attr attr = { 0 };
  int abi = landlock_abi ();
  int ruleset;

  *applied = FALSE;
  if (abi == 0)
    return TRUE;
  attr.handled_access_fs = handled_fs_rights (abi);
#ifdef LANDLOCK_ACCESS_NET_CONNECT_TCP
  /* No TCP, in or out: there is no rule that grants any. */
  if (abi >= 4)
    attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
#endif
  ruleset = syscall (SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0)
    return set_errno_error (error, "landlock_create_ruleset");
  for (guint i = 0; readable != NULL && readable[i] != NULL; i++)
    if (!allow_reading (ruleset, readable[i], error))
      {
        close (ruleset);
        return FALSE;
      }
  if (syscall (SYS_landlock_restrict_self, ruleset, 0) != 0)
    {
      close (ruleset);
      return set_errno_error (error, "landlock_restrict_self");
    }
  close (ruleset);
  *applied = TRUE;
  return TRUE;
}

/* seccomp */

/* What reading requests, loading a dictionary, checking words and answering need. */
static const int allowed_calls[] = {
  SCMP_SYS (read), SCMP_SYS (readv), SCMP_SYS (pread64), SCMP_SYS (close), SCMP_SYS (fstat),
  SCMP_SYS (newfstatat), SCMP_SYS (statx), SCMP_SYS (lseek), SCMP_SYS (fcntl),
  SCMP_SYS (brk), SCMP_SYS (mmap), SCMP_SYS (munmap), SCMP_SYS (mremap), SCMP_SYS (mprotect),
  SCMP_SYS (madvise), SCMP_SYS (futex), SCMP_SYS (getrandom), SCMP_SYS (clock_gettime),
  SCMP_SYS (clock_nanosleep), SCMP_SYS (nanosleep), SCMP_SYS (sched_yield), SCMP_SYS (getpid),
  SCMP_SYS (gettid), SCMP_SYS (tgkill), SCMP_SYS (rt_sigprocmask), SCMP_SYS (rt_sigaction),
  SCMP_SYS (rt_sigreturn), SCMP_SYS (sigaltstack), SCMP_SYS (poll), SCMP_SYS (ppoll),
  SCMP_SYS (exit), SCMP_SYS (exit_group), SCMP_SYS (restart_syscall), SCMP_SYS (getuid),
  SCMP_SYS (geteuid), SCMP_SYS (prlimit64),
};

/* Asked for, they end the process: a helper that tries them has been taken over. */
static const int fatal_calls[] = {
  SCMP_SYS (socket), SCMP_SYS (socketpair), SCMP_SYS (connect), SCMP_SYS (bind),
  SCMP_SYS (listen), SCMP_SYS (accept), SCMP_SYS (accept4), SCMP_SYS (sendto),
  SCMP_SYS (execve), SCMP_SYS (execveat), SCMP_SYS (ptrace), SCMP_SYS (fork), SCMP_SYS (vfork),
  SCMP_SYS (unlink), SCMP_SYS (unlinkat), SCMP_SYS (rename), SCMP_SYS (renameat),
  SCMP_SYS (renameat2), SCMP_SYS (mkdir), SCMP_SYS (mkdirat), SCMP_SYS (truncate),
  SCMP_SYS (ftruncate), SCMP_SYS (chmod), SCMP_SYS (fchmod), SCMP_SYS (fchmodat),
};

static gboolean
add_rules (scmp_filter_ctx       filter,
           const TpHelperLimits *limits)
{
  /* Opening for reading only. */
  const scmp_datum_t write_flags = O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND;
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (allowed_calls); i++)
    ok = ok && seccomp_rule_add (filter, SCMP_ACT_ALLOW, allowed_calls[i], 0) == 0;
  for (guint i = 0; i < G_N_ELEMENTS (fatal_calls); i++)
    ok = ok && seccomp_rule_add (filter, SCMP_ACT_KILL_PROCESS, fatal_calls[i], 0) == 0;
  ok = ok
       && seccomp_rule_add (filter, SCMP_ACT_ALLOW, SCMP_SYS (openat), 1,
                            SCMP_A2 (SCMP_CMP_MASKED_EQ, write_flags, O_RDONLY)) == 0
       && seccomp_rule_add (filter, SCMP_ACT_ALLOW, SCMP_SYS (open), 1,
                            SCMP_A1 (SCMP_CMP_MASKED_EQ, write_flags, O_RDONLY)) == 0;
  /* Writing: answers to the socket, messages to standard error; nothing else. */
  for (int fd = 0; fd < 2; fd++)
    {
      int target = fd == 0 ? limits->socket_fd : STDERR_FILENO;

      ok = ok
           && seccomp_rule_add (filter, SCMP_ACT_ALLOW, SCMP_SYS (write), 1,
                                SCMP_A0 (SCMP_CMP_EQ, target)) == 0
           && seccomp_rule_add (filter, SCMP_ACT_ALLOW, SCMP_SYS (writev), 1,
                                SCMP_A0 (SCMP_CMP_EQ, target)) == 0;
    }
  return ok;
}

static gboolean
confine_calls (const TpHelperLimits  *limits,
               GError               **error)
{
  /* Anything not named fails as not permitted, for the library that calls it to handle. */
  scmp_filter_ctx filter = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  int loaded;

  if (filter == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "seccomp_init failed");
      return FALSE;
    }
  if (!add_rules (filter, limits))
    {
      seccomp_release (filter);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "seccomp_rule_add failed");
      return FALSE;
    }
  loaded = seccomp_load (filter);
  seccomp_release (filter);
  if (loaded != 0)
    {
      errno = -loaded;
      return set_errno_error (error, "seccomp_load");
    }
  return TRUE;
}

/* Before the dictionary is read: only the paths in readable (files, or folders whose files may
 * be read and mapped) can be opened, and only for reading; then only the system calls above can
 * be made. Returns what was applied, or 0 with error set if something could not be. Without
 * Landlock in the kernel, the files are left to seccomp's read-only opening. */
TpHelperSandboxFlags
tp_helper_sandbox_confine (const TpHelperLimits  *limits,
                           const char *const     *readable,
                           GError               **error)
{
  TpHelperSandboxFlags flags = 0;
  gboolean landlocked;

  if (!confine_files (readable, &landlocked, error))
    return 0;
  if (landlocked)
    flags |= TP_HELPER_SANDBOX_LANDLOCK;
  if (!confine_calls (limits, error))
    return 0;
  return flags | TP_HELPER_SANDBOX_SECCOMP;
}
