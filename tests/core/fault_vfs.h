// A SQLite VFS that wraps the default one and fails the Nth file operation (read, write, sync,
// truncate) with an I/O error, in the style of SQLite's own fault-injection tests. Installed as
// the default VFS, so a Store opened afterwards uses it. Test-only; not thread-safe.
#pragma once

namespace triad::testing {

// Installs the fault VFS as the default (once per process).
void install_fault_vfs();
// From now on, the `n`th file operation fails (n >= 1); 0 turns faults off. With `disk_full`,
// only writes count, and the failing one reports a full disk (SQLITE_FULL).
void fail_file_operation(int n, bool disk_full = false);
// Whether a fault was injected since the last fail_file_operation().
bool fault_injected();
// How many fsyncs (xSync) stores have asked for since the VFS was installed.
int syncs_so_far();

}  // namespace triad::testing
