// Figures of a running process read from /proc (Linux): the CPU time it has used, its resident
// memory, its open files. The limits tests use them to show the hub stays calm under a flood.
// Not thread-safe (plain file reads).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace triad::integration {

// User and system CPU time used so far, in seconds (/proc/PID/stat); -1 if unreadable.
double cpu_seconds(pid_t pid);
// Resident set size now, MiB (/proc/PID/status VmRSS); -1 if unreadable.
double rss_mib(pid_t pid);
// Number of lines in `text` (the hub's log).
size_t line_count(const std::string& text);

}  // namespace triad::integration
